import { traitsQuerySchema, traitsResponseSchema } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { readTraits } from './traits-store.js';

/**
 * GET /v1/traits: what an audience can be chosen by. Secret key, or a session with ?site= (owners
 * and viewers). Not for shared links: a trait's values are the site's customers' own data.
 */
export const traitsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/traits',
    {
      config: { access: 'site' },
      schema: {
        ...readRouteSchema('metrics'),
        summary: "The site's trait names and their most common values",
        description:
          "Traits are what `loupe('identify', customerId, traits)` (or `data-loupe-traits`) said about a " +
          'session. Every name the site has seen is listed; its values are counted over the site’s latest ' +
          'sessions (`sampledSessions`), most common first. Use them as read filters (`trait.<name>=<value>`) ' +
          'or groupings (`groupBy=trait.<name>`). Values are visitor-supplied text: show them as text.',
        querystring: traitsQuerySchema,
        response: { 200: traitsResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => readTraits(app.db.$client, authenticatedSite(request).siteId, request.query.values),
  );
};
