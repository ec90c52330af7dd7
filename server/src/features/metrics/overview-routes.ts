import { overviewQuerySchema, overviewResponseSchema, segmentFiltersOf } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { samplingOf } from '../../analytics/audience-sample.js';
import { resolveRange } from '../../analytics/query-range.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { audienceOf } from '../../plugins/trait-params.js';
import { readOverview } from './overview-store.js';

export const overviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/metrics/overview',
    {
      config: { access: 'site', share: true, traits: true },
      schema: {
        ...readRouteSchema('metrics'),
        summary:
          'Visitors, sessions, page views, bounce, engagement, conversion, retention, goals, scores and complaints, with change',
        description:
          'Each figure comes with the same figure over the period of equal length just before the range. ' +
          'Filters (path, device, browser, language) combine. Device, browser and language narrow every figure to ' +
          'the sessions, views and answers of such visitors. A path narrows page views to that page, sessions and ' +
          'engagement to the sessions that viewed it (time on that page), bounce, conversion and goals to the sessions ' +
          'that entered on it, answers and complaints to those given on it; visitors and returning visitors are not ' +
          'kept per page (null). Who: `trait.<name>=<value>` (the traits `identify` gave the session; several combine ' +
          'with AND, at most 20; an unknown name matches nothing) and `returning=true|false` narrow every figure to the ' +
          'sessions of such customers, counted from the sessions themselves: their page views in the hour the session ' +
          'started, visitors exact; answers and complaints by the traits the answer carried when given, as ' +
          '/v1/metrics/scores. Under a path and an audience, time on the page is not kept per visit (null).',
        querystring: overviewQuerySchema,
        response: { 200: overviewResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) =>
      readOverview(
        app.db.$client,
        authenticatedSite(request).siteId,
        resolveRange(request.query),
        segmentFiltersOf(request.query),
        audienceOf(request, request.query),
        samplingOf(request.query, app.config.funnels.sampleThreshold),
      ),
  );
};
