import { breakdownQuerySchema, breakdownResponseSchema, segmentFiltersOf } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { samplingOf } from '../../analytics/audience-sample.js';
import { resolveRange } from '../../analytics/query-range.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { audienceOf } from '../../plugins/trait-params.js';
import { readBreakdown } from './breakdown-store.js';

export const breakdownRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/metrics/breakdown',
    {
      config: { access: 'site', share: true, traits: true },
      schema: {
        ...readRouteSchema('metrics'),
        summary: 'Traffic per device class, browser, language, entry page or customer trait',
        description:
          'One row per value with visitors, sessions, page views, bounce, engagement, conversion and returning ' +
          'visitors, as /v1/metrics/overview defines them, under the same filters. A device is the User-Agent’s class, ' +
          'a browser its family (lower-case), a language the tag the widget sent ("" = unknown); a session belongs to ' +
          'the segment of its first event. by=entryPage: the sessions that entered on each page (page views are theirs; ' +
          'visitors are not kept per page: null). Under a path filter, rows follow the overview’s path rules ' +
          '(visitors null). Rows without traffic in the range are left out. `trait.<name>=<value>` and ' +
          '`returning=true|false` narrow every row to such customers’ sessions (as in /v1/metrics/overview); ' +
          'by=trait.<name>: one row per value of the trait the session carried (its latest `identify`); sessions ' +
          'without the trait are in no row, so rows can sum to fewer sessions than the total.',
        querystring: breakdownQuerySchema,
        response: { 200: breakdownResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      return readBreakdown(
        app.db.$client,
        authenticatedSite(request).siteId,
        {
          by: q.by,
          filters: segmentFiltersOf(q),
          audience: audienceOf(request, q),
          sampling: samplingOf(q, app.config.funnels.sampleThreshold),
          sort: q.sort,
          order: q.order,
          limit: q.limit,
        },
        resolveRange(q),
      );
    },
  );
};
