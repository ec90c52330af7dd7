import { frictionInsightQuerySchema, frictionInsightResponseSchema } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveRange } from '../../analytics/query-range.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { audienceOf } from '../../plugins/trait-params.js';
import { readFrictionInsight } from './friction-insight-store.js';

export const insightsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/insights/friction',
    {
      config: { access: 'site', share: true, traits: true },
      schema: {
        ...readRouteSchema('insights'),
        summary: 'Why the score is what it is: scores with and without friction',
        description:
          'Compares the answers of sessions that met friction before answering with those that did not: overall, ' +
          'per friction type and per page, and names the friction most associated with detractors (largest ' +
          'increase in the detractor share). Associations, not proof of cause. Who answered: `trait.<name>=<value>` ' +
          '(the traits `identify` gave the answer’s session before it was given; several combine with AND, at most ' +
          '20; an unknown name matches nothing) and `returning=true|false` (new vs returning visitors).',
        querystring: frictionInsightQuerySchema,
        response: { 200: frictionInsightResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      const siteId = authenticatedSite(request).siteId;
      return readFrictionInsight(app.db.$client, siteId, q, audienceOf(request, q), resolveRange(q), {
        exact: q.exact === 'true',
        threshold: app.config.funnels.sampleThreshold,
      });
    },
  );
};
