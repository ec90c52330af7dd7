import { pagesQuerySchema, pagesResponseSchema, segmentFiltersOf } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { samplingOf } from '../../analytics/audience-sample.js';
import { resolveRange } from '../../analytics/query-range.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { audienceOf } from '../../plugins/trait-params.js';
import { readPages } from './pages-store.js';

export const pagesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/metrics/pages',
    {
      config: { access: 'site', share: true, traits: true },
      schema: {
        ...readRouteSchema('metrics'),
        summary: 'Per page: traffic, bounce, engagement, scroll, friction, Web Vitals p75 and answers',
        description:
          'Bounce and single-page rates are of the sessions that started on the page. Web Vitals p75 come from ' +
          'log-bucketed histograms (within 2 % of the exact value), rated with the web.dev thresholds. Filters combine: ' +
          'device, browser and language narrow every figure to such visitors (a session belongs to the segment of its ' +
          'first event), path to that one page. Web Vitals are kept per page and device only: under a browser or ' +
          'language filter they are null. `trait.<name>=<value>` and `returning=true|false` narrow every figure to such ' +
          'customers’ sessions, from their page visits (a visit’s page views count in the hour of its first view) and ' +
          'answers (by the traits an answer carried); time on the page, rage, dead and error clicks and Web Vitals are ' +
          'not kept per visit, so under these they are null; JS errors are those met on the audience’s visits.',
        querystring: pagesQuerySchema,
        response: { 200: pagesResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      return readPages(
        app.db.$client,
        authenticatedSite(request).siteId,
        {
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
