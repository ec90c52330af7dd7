import { retentionQuerySchema, retentionResponseSchema, segmentFiltersOf } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { readRetention } from './retention-cohorts-store.js';

export const retentionCohortsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/metrics/retention',
    {
      config: { access: 'site', share: true },
      schema: {
        ...readRouteSchema('metrics'),
        summary: 'Retention cohorts: visitors by their first week or month, returning in each later one',
        description:
          'Each cohort is the visitors whose first session started in that period (in the site’s time zone, as it ' +
          'was when the session was stored); each of its periods counts those of them who started a session then, ' +
          'and those with a goal (`track`) in a session of that period. `repeatConverters` are the cohort’s ' +
          'visitors with goals in more than one period. Only visitors with a persistent visitor id are counted: ' +
          'visitors whose browser sends Global Privacy Control or Do Not Track get none and cannot be followed from ' +
          'one visit to the next. device, browser and language narrow the cohorts to visitors whose first session ' +
          'was of that segment.',
        querystring: retentionQuerySchema,
        response: { 200: retentionResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const site = authenticatedSite(request);
      return readRetention(app.db.$client, site.siteId, site.timeZone, request.query, segmentFiltersOf(request.query));
    },
  );
};
