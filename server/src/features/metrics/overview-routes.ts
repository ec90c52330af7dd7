import { overviewQuerySchema, overviewResponseSchema } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveRange } from '../../analytics/query-range.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { readOverview } from './overview-store.js';

export const overviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/metrics/overview',
    {
      config: { access: 'site' },
      schema: {
        ...readRouteSchema('metrics'),
        summary: 'Visitors, sessions, bounce, retention, goals, scores and complaints, with change',
        description: 'Each figure comes with the same figure over the period of equal length just before the range.',
        querystring: overviewQuerySchema,
        response: { 200: overviewResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => readOverview(app.db.$client, authenticatedSite(request).siteId, resolveRange(request.query)),
  );
};
