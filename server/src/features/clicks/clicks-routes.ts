import { clicksQuerySchema, clicksResponseSchema } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveRange } from '../../analytics/query-range.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { audienceOf } from '../../plugins/trait-params.js';
import { readClicks } from './clicks-store.js';

export const clicksRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/clicks',
    {
      config: { access: 'site', traits: true },
      schema: {
        ...readRouteSchema('signals'),
        summary: 'Rage, dead and error clicks by page and element, or the most clicked elements (kind=click)',
        description:
          'Rage: ≥ 3 clicks within 1 s and 30 px (one event per burst). Dead: no DOM change, scroll or navigation ' +
          'after a click on something clickable. Error: an uncaught error within 1 s of the click. With kind=click: ordinary ' +
          'clicks per element (each click once), most first, with the frustration events on each element beside. ' +
          'Who clicked: `trait.<name>=<value>` (the traits of the clicking session’s latest identify; several ' +
          'combine with AND, at most 20; an unknown name matches nothing) and `returning=true|false` (new vs ' +
          'returning visitors). Under two traits or more, past the server’s threshold the clicks are estimated from a ' +
          'fixed sample of the audience’s sessions (`sampled`; `exact=true` walks them all).',
        querystring: clicksQuerySchema,
        response: { 200: clicksResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      const audience = audienceOf(request, q);
      const sampling = { exact: q.exact === 'true', threshold: app.config.funnels.sampleThreshold };
      return readClicks(
        app.db.$client,
        authenticatedSite(request).siteId,
        { ...q, audience, sampling },
        resolveRange(q),
      );
    },
  );
};
