import { frictionInsightQuerySchema, frictionInsightResponseSchema } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveRange } from '../../analytics/query-range.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { readFrictionInsight } from './friction-insight-store.js';

export const insightsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/insights/friction',
    {
      config: { access: 'site', share: true },
      schema: {
        ...readRouteSchema('insights'),
        summary: 'Why the score is what it is: scores with and without friction',
        description:
          'Compares the answers of sessions that met friction before answering with those that did not: overall, ' +
          'per friction type and per page, and names the friction most associated with detractors (largest ' +
          'increase in the detractor share). Associations, not proof of cause.',
        querystring: frictionInsightQuerySchema,
        response: { 200: frictionInsightResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      return readFrictionInsight(app.db.$client, authenticatedSite(request).siteId, q, resolveRange(q));
    },
  );
};
