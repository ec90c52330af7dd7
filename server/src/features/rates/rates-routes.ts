import {
  engagementQuerySchema,
  engagementResponseSchema,
  errorRateQuerySchema,
  errorRateResponseSchema,
} from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveRange } from '../../analytics/query-range.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { audienceOf } from '../../plugins/trait-params.js';
import { readEngagement } from './engagement-store.js';
import { readErrorRate } from './error-rate-store.js';

/** The rates beside the scores: error rate and session engagement, over time and by segment, from the rates' read model. */
export const ratesRoutes: FastifyPluginAsyncZod = async (app) => {
  const sampling = (q: { exact?: 'true' | 'false' | undefined }) => ({
    exact: q.exact === 'true',
    threshold: app.config.funnels.sampleThreshold,
  });
  app.get(
    '/v1/metrics/error-rate',
    {
      config: { access: 'site', traits: true },
      schema: {
        ...readRouteSchema('metrics'),
        summary: 'Error rate: the share of sessions with a JavaScript error, over time and by page, browser or release',
        description:
          'A session counts once, in the bucket it started, under the visitor segment and release of its first events; ' +
          'it is an error session once it meets its first JavaScript error (uncaught errors and unhandled rejections; ' +
          'failed resource loads are not counted). Device, browser and language narrow to such sessions. A path, and ' +
          '`by=page`, count page visits instead (a session on a page, in the hour of its first view) and the visits ' +
          'with an error on that page. `release` narrows to the sessions of one release (the widget’s ' +
          '`data-release`) and does not combine with path or by=page. `trait.<name>=<value>` (AND, at most 20) and ' +
          '`returning` narrow to the sessions of such customers (an unknown trait: no sessions), read from those sessions ' +
          'and their page visits. Under an audience the counts do not key (two traits, or a trait with a filter they ' +
          'do not key), past the server’s threshold the figures are estimated from a fixed sample of its sessions ' +
          '(`sampled`; `exact=true` walks them all).',
        querystring: errorRateQuerySchema,
        response: { 200: errorRateResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) =>
      readErrorRate(
        app.db.$client,
        authenticatedSite(request).siteId,
        request.query,
        resolveRange(request.query),
        audienceOf(request, request.query),
        sampling(request.query),
      ),
  );

  app.get(
    '/v1/metrics/engagement',
    {
      config: { access: 'site', share: true, traits: true },
      schema: {
        ...readRouteSchema('metrics'),
        summary: 'Session engagement: mean and median engaged time per session, over time',
        description:
          'Engaged time is visible, focused time on the site’s pages (docs/signals.md), summed per session and counted ' +
          'in the bucket where the session started. The mean is the overview’s avgEngagementMs; the median is read ' +
          'from a histogram kept at ingest (5 % relative accuracy). Device, browser and language narrow to such ' +
          'sessions; engagement per page is /v1/metrics/pages. `trait.<name>=<value>` (AND, at most 20) and `returning` ' +
          'narrow to the sessions of such customers; the median comes from the same histogram of their sessions (5 %). ' +
          'Under an audience the counts do not key (two traits, or a trait with both a browser and a language filter), ' +
          'past the server’s threshold the figures are estimated from a fixed sample of its sessions (`sampled`; ' +
          '`exact=true` walks them all).',
        querystring: engagementQuerySchema,
        response: { 200: engagementResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) =>
      readEngagement(
        app.db.$client,
        authenticatedSite(request).siteId,
        request.query,
        resolveRange(request.query),
        audienceOf(request, request.query),
        sampling(request.query),
      ),
  );
};
