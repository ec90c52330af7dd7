import { retentionQuerySchema, retentionResponseSchema, segmentFiltersOf } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { samplingOf } from '../../analytics/audience-sample.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { audienceOf } from '../../plugins/trait-params.js';
import { readRetention } from './retention-cohorts-store.js';

export const retentionCohortsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/metrics/retention',
    {
      config: { access: 'site', share: true, traits: true },
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
          "was of that segment. `by=customer` counts identified customers instead (`loupe('identify', id)`): one " +
          'customer across devices and visitor ids, from their first identified session; a session counts for every ' +
          'customer identified in it, whenever in the session the call came, and its goals with it. ' +
          '`trait.<name>=<value>` and `returning` keep the people with at least one session from the first cohort on ' +
          'that matches them (all the traits in one session), with all their sessions: `trait.plan=pro` is the ' +
          'retention of the people seen on the pro plan, `returning=true` of those who came back at least once ' +
          '(returning sessions), `returning=false` of those whose first visit is in the range. An unknown trait ' +
          'gives empty cohorts. Under several traits, past the server’s threshold the visitors’ cohorts are estimated ' +
          'from a fixed sample of people (see `sampled`); `exact=true` reads them all.',
        querystring: retentionQuerySchema,
        response: { 200: retentionResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const site = authenticatedSite(request);
      const q = request.query;
      const audience = audienceOf(request, q);
      const sampling = samplingOf(q, app.config.funnels.sampleThreshold);
      return readRetention(
        app.db.$client,
        site.siteId,
        site.timeZone,
        q,
        segmentFiltersOf(q),
        audience,
        Date.now(),
        sampling,
      );
    },
  );
};
