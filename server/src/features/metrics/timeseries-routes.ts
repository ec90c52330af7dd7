import { segmentFiltersOf, timeseriesQuerySchema, timeseriesResponseSchema } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { samplingOf } from '../../analytics/audience-sample.js';
import { resolveRange } from '../../analytics/query-range.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { audienceOf } from '../../plugins/trait-params.js';
import { readTimeseries } from './timeseries-store.js';

export const timeseriesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/metrics/timeseries',
    {
      config: { access: 'site', share: true, traits: true },
      schema: {
        ...readRouteSchema('metrics'),
        summary: 'Every headline figure per hour, day, week or month: the main graph',
        description:
          'One point per bucket of the range in `tz` (empty buckets included), each with visitors, sessions, page ' +
          'views, bounce, engagement, conversion, returning visitors, answers and NPS/CSAT/CES, so a graph can switch ' +
          'metric without another request. Hours are the UTC hours the rollups keep, labelled with their local start ' +
          'and offset (unique across DST changes); days, weeks and months hold the hours whose midpoint falls in them. ' +
          'Sessions count in the hour they started, page views and answers in their own. Filters as in ' +
          '/v1/metrics/overview: a path narrows page figures to the page, bounce and conversion to the sessions that ' +
          'entered on it, answers to those given on it, and leaves visitors null. `trait.<name>=<value>` and ' +
          '`returning=true|false` narrow every point to such customers’ sessions and answers, as in /v1/metrics/overview.',
        querystring: timeseriesQuerySchema,
        response: { 200: timeseriesResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      return readTimeseries(
        app.db.$client,
        authenticatedSite(request).siteId,
        {
          interval: q.interval,
          filters: segmentFiltersOf(q),
          audience: audienceOf(request, q),
          sampling: samplingOf(q, app.config.funnels.sampleThreshold),
        },
        resolveRange(q),
      );
    },
  );
};
