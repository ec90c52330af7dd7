import {
  MAX_SAVED_FUNNELS_PER_SITE,
  savedFunnelIdParamsSchema,
  savedFunnelInputSchema,
  savedFunnelListSchema,
  savedFunnelPatchSchema,
  savedFunnelQuerySchema,
  savedFunnelResultSchema,
  savedFunnelSchema,
  segmentFiltersOf,
} from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolveRange } from '../../analytics/query-range.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { audienceOf } from '../../plugins/trait-params.js';
import type { SavedFunnelBackfill } from './saved-funnel-backfill.js';
import { readSavedFunnel } from './saved-funnel-read.js';
import {
  createSavedFunnel,
  deleteSavedFunnel,
  getSavedFunnel,
  listSavedFunnels,
  patchSavedFunnel,
  toSavedFunnel,
} from './saved-funnel-store.js';

const ERRORS = problemResponses(400, 401, 403, 404);

/**
 * A site's saved funnels (secret key, or a session with ?site=: viewers read, owners change), and
 * each one read over a range from the counts the ingest writer keeps for it.
 */
export const savedFunnelsRoutes: FastifyPluginAsyncZod<{ backfill: SavedFunnelBackfill }> = async (app, opts) => {
  const tags = ['funnels'];
  const config = { access: 'site' } as const;
  const found = <T>(x: T | undefined): T => {
    if (x === undefined) throw errors.notFound('saved funnel');
    return x;
  };

  app.get(
    '/v1/funnels/saved',
    {
      config,
      schema: {
        tags,
        summary: "List the site's saved funnels",
        description: 'In the order they were saved. `counted` tells whether the counts cover every stored session yet.',
        response: { 200: savedFunnelListSchema, ...ERRORS },
      },
    },
    async (request) => ({
      funnels: listSavedFunnels(app.db.$client, authenticatedSite(request).siteId).map(toSavedFunnel),
    }),
  );

  app.post(
    '/v1/funnels/saved',
    {
      config,
      schema: {
        tags,
        summary: 'Save a funnel',
        description:
          'From now on the ingest writer counts it as events arrive, so reading it over any range is a sum of a few ' +
          'rows. Sessions stored before are counted in the background (`counted` turns true); until then it is read ' +
          `by walking the sessions, with the same answer. At most ${MAX_SAVED_FUNNELS_PER_SITE} per site.`,
        body: savedFunnelInputSchema,
        response: { 201: savedFunnelSchema, ...ERRORS, ...problemResponses(409) },
      },
    },
    async (request, reply) => {
      const { siteId } = authenticatedSite(request);
      const row = createSavedFunnel(app.db.$client, siteId, request.body, MAX_SAVED_FUNNELS_PER_SITE);
      if (row === undefined) throw errors.savedFunnelLimitReached(MAX_SAVED_FUNNELS_PER_SITE);
      opts.backfill.kick();
      return reply.code(201).send(toSavedFunnel(row));
    },
  );

  app.get(
    '/v1/funnels/saved/:funnelId',
    {
      config: { access: 'site', traits: true },
      schema: {
        ...readRouteSchema('funnels'),
        summary: 'A saved funnel over a range',
        description:
          'The same answer as GET /v1/funnels with the funnel’s steps, read from the counts kept at ingest: any range ' +
          'costs a bounded number of rows. Medians from the counts are within 5 % (log buckets; the lower middle of ' +
          'an even count). With a device, browser, language, path, trait or returning filter, or while the funnel is ' +
          'still being counted, the sessions are walked as GET /v1/funnels walks them (`answeredFrom` says which); with ' +
          'a filter, a range with more sessions than the server walks per request is estimated from a fixed sample of ' +
          'them, as on GET /v1/funnels (`sampled` says so; `exact=true` walks them all).',
        params: savedFunnelIdParamsSchema,
        querystring: savedFunnelQuerySchema,
        response: { 200: savedFunnelResultSchema, ...READ_ERRORS, ...problemResponses(404) },
      },
    },
    async (request) => {
      const q = request.query;
      const funnel = found(getSavedFunnel(app.db.$client, authenticatedSite(request).siteId, request.params.funnelId));
      return readSavedFunnel(app.db.$client, funnel, segmentFiltersOf(q), audienceOf(request, q), resolveRange(q), {
        exact: q.exact === 'true',
        threshold: app.config.funnels.sampleThreshold,
      });
    },
  );

  app.patch(
    '/v1/funnels/saved/:funnelId',
    {
      config,
      schema: {
        tags,
        summary: 'Rename a saved funnel or change its steps',
        description: 'New steps are counted afresh, over the stored sessions too (in the background, as when saved).',
        params: savedFunnelIdParamsSchema,
        body: savedFunnelPatchSchema,
        response: { 200: savedFunnelSchema, ...ERRORS },
      },
    },
    async (request) => {
      const { siteId } = authenticatedSite(request);
      const row = found(patchSavedFunnel(app.db.$client, siteId, request.params.funnelId, request.body));
      opts.backfill.kick();
      return toSavedFunnel(row);
    },
  );

  app.delete(
    '/v1/funnels/saved/:funnelId',
    {
      config,
      schema: {
        tags,
        summary: 'Delete a saved funnel',
        description: 'Its counts are deleted in the background. The steps can still be asked of GET /v1/funnels.',
        params: savedFunnelIdParamsSchema,
        response: { 204: z.null().meta({ description: 'Deleted' }), ...ERRORS },
      },
    },
    async (request, reply) => {
      const { siteId } = authenticatedSite(request);
      if (!deleteSavedFunnel(app.db.$client, siteId, request.params.funnelId)) throw errors.notFound('saved funnel');
      opts.backfill.kick();
      return reply.code(204).send(null);
    },
  );
};
