import {
  responseIdParamsSchema,
  responseItemSchema,
  responsePatchSchema,
  responsesPageSchema,
  responsesQuerySchema,
} from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { BODY_LIMITS } from '../../plugins/body-limits.js';
import { findResponse, listResponses, patchResponse, toResponseItem } from './responses-store.js';

/** What the audience filters of the list mean (the exports refer to the list for their filters). */
const AUDIENCE_NOTE =
  'Who answered: `trait.<name>=<value>` (the traits `identify` gave the answer’s session before it was given, ' +
  'or a signed link’s; several combine with AND, at most 20; an unknown name matches nothing) and ' +
  '`returning=true|false` (the answer’s session was a returning or a new visitor’s; a link survey’s answer counts as new).';

/** Prompt answers of the key's site; another site's response id is a 404 like an unknown one. */
export const responsesRoutes: FastifyPluginAsyncZod = async (app) => {
  const common = { config: { access: 'site' } } as const;

  app.get(
    '/v1/responses',
    {
      config: { access: 'site', traits: true },
      schema: {
        ...readRouteSchema('responses'),
        summary: 'List responses (newest first, cursor-paginated)',
        description: `Each response carries the friction its session met before answering. ${AUDIENCE_NOTE}`,
        querystring: responsesQuerySchema,
        response: { 200: responsesPageSchema, ...READ_ERRORS },
      },
    },
    async (request) =>
      listResponses(app.db, authenticatedSite(request).siteId, { ...request.query, traits: request.traitFilters }),
  );

  app.get(
    '/v1/responses/:id',
    {
      ...common,
      schema: {
        ...readRouteSchema('responses'),
        summary: 'Read one response',
        params: responseIdParamsSchema,
        response: { 200: responseItemSchema, ...READ_ERRORS, ...problemResponses(404) },
      },
    },
    async (request) => {
      const row = findResponse(app.db, authenticatedSite(request).siteId, request.params.id);
      if (!row) throw errors.notFound('response');
      return toResponseItem(row);
    },
  );

  app.patch(
    '/v1/responses/:id',
    {
      ...common,
      bodyLimit: BODY_LIMITS.responsePatch,
      schema: {
        ...readRouteSchema('responses'),
        summary: 'Close the loop: set status (open/resolved) and a note',
        description:
          'Resolving stamps resolvedAt (kept if already resolved); reopening clears it. Feeds the open complaints ' +
          'and the median time to resolve of GET /v1/metrics/overview.',
        params: responseIdParamsSchema,
        body: responsePatchSchema,
        response: { 200: responseItemSchema, ...READ_ERRORS, ...problemResponses(404) },
      },
    },
    async (request) => {
      const row = patchResponse(app.db, authenticatedSite(request).siteId, request.params.id, request.body);
      if (!row) throw errors.notFound('response');
      return toResponseItem(row);
    },
  );
};
