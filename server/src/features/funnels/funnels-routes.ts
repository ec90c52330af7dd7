import {
  conversionQuerySchema,
  conversionResponseSchema,
  funnelQuerySchema,
  funnelResponseSchema,
  segmentFiltersOf,
} from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveRange } from '../../analytics/query-range.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { audienceOf } from '../../plugins/trait-params.js';
import { readConversion } from './conversion-store.js';
import { readFunnel } from './funnel-store.js';

/** GET /v1/funnels and GET /v1/metrics/conversion: answered from the funnels' read model, never from events. */
export const funnelsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/funnels',
    {
      config: { access: 'site', traits: true },
      schema: {
        ...readRouteSchema('funnels'),
        summary: 'A funnel of pages and goals, chosen when asked',
        description:
          'How many sessions reached each step after every step before it, within one session and in order: ' +
          'entered, converted to the next step, drop-off, and the median time between steps. Step 1 is the session’s ' +
          'earliest reach of it, which must lie in the range; each next step is the earliest reach of it at or after the ' +
          'step before (a repeated step needs a repeated view). Filters: device, browser and language narrow to sessions ' +
          'of such visitors; path to sessions that viewed that page. A step no session reached gives zeros, not an error. ' +
          '`trait.<name>=<value>` (any number, AND) narrows to sessions whose customer had that trait, `returning` to ' +
          'returning or new visitors; an unknown trait gives zeros. Only the first 256 page views and goals of a session count. ' +
          'A range with more sessions than the server walks per request is estimated from a fixed sample of them, and ' +
          'the answer says so in `sampled`; `exact=true` walks them all. A saved funnel without a filter is read from ' +
          'its counts, exact.',
        querystring: funnelQuerySchema,
        response: { 200: funnelResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      return readFunnel(
        app.db.$client,
        authenticatedSite(request).siteId,
        q.steps,
        q.steps.map((s) => (s.kind === 'track' ? `track:${s.name}` : s.pattern)),
        segmentFiltersOf(q),
        audienceOf(request, q),
        resolveRange(q),
        { exact: q.exact === 'true', threshold: app.config.funnels.sampleThreshold },
      );
    },
  );

  app.get(
    '/v1/metrics/conversion',
    {
      config: { access: 'site', traits: true },
      schema: {
        ...readRouteSchema('funnels'),
        summary: 'Goal conversion per page, device class or answer band',
        description:
          'The share of sessions that tracked the goal (any goal without `goal`). by=page: per page, the sessions that ' +
          'viewed it; by=device: per device class of the session’s visitor; by=band: the sessions whose last answer to a ' +
          'prompt of `kind` lies in the range, by that answer’s band (how promoters and detractors convert), read from ' +
          'counts kept at ingest (with a path, trait or returning filter, from the answers). ' +
          'by=page and by=device count the sessions whose first page view or goal lies in the range. An unknown goal ' +
          'gives no conversions, not an error. Filters as on /v1/funnels (trait.<name>=<value>, returning, device, ' +
          'browser, language, path: sessions that viewed it). by=page and by=device with a path, trait or returning ' +
          'filter walk the sessions of the range: past the server’s threshold a fixed sample of them, as GET /v1/funnels ' +
          'does (`sampled` says so; `exact=true` walks them all).',
        querystring: conversionQuerySchema,
        response: { 200: conversionResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      return readConversion(
        app.db.$client,
        authenticatedSite(request).siteId,
        {
          by: q.by,
          goal: q.goal,
          kind: q.kind,
          filters: segmentFiltersOf(q),
          audience: audienceOf(request, q),
          limit: q.limit,
          sampling: { exact: q.exact === 'true', threshold: app.config.funnels.sampleThreshold },
        },
        resolveRange(q),
      );
    },
  );
};
