import {
  addOriginBodySchema,
  createSiteBodySchema,
  deleteSiteBodySchema,
  deleteSiteResultSchema,
  siteSchema,
  siteWithSecretSchema,
  updateSiteBodySchema,
} from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { BODY_LIMITS } from '../../plugins/body-limits.js';
import { awaitSiteWrites } from '../ingest/writer/site-write-locks.js';
import { SiteDeleter } from './site-deleter.js';
import { beginSiteDeletion, pendingSiteDeletions, type RowCounts } from './site-deletion-store.js';
import {
  addOrigin,
  createSite,
  findSiteById,
  listSites,
  removeOrigin,
  rotateSecret,
  updateSite,
} from './sites-store.js';

const totalRows = (rows: RowCounts) => Object.values(rows).reduce((a, b) => a + b, 0);

const siteParams = z.object({ siteId: z.string().min(1).max(64) });
const adminErrors = problemResponses(400, 401, 403);

/**
 * Owners (with their login session) and scripts (with LOUPE_ADMIN_TOKEN) create and manage sites;
 * `GET /v1/site` lets a site's own secret key read its settings. The secret key appears only in the
 * answers that create or rotate it: it is stored as a hash and cannot be shown again.
 */
export const sitesRoutes: FastifyPluginAsyncZod = async (app) => {
  // Every write to a site's row, once committed: the ingest path's site directory (keys, origins,
  // and the origins no site allowed when last asked) is dropped on every instance.
  const siteChanged = (siteId: string) => app.changes.publish({ topic: 'sites', siteId });
  const pool = app.pgPool;
  const deleter = new SiteDeleter({
    db: app.db,
    writer: app.ingestWriter,
    log: app.log,
    // PostgreSQL: the commits of the site on every instance, fenced by its write lock.
    ...(pool === undefined ? {} : { awaitSiteWrites: (siteId: string) => awaitSiteWrites(pool, siteId) }),
    lock: app.jobLock,
  });
  // A deletion cut short by a restart carries on where it stopped.
  app.addHook('onReady', async () => {
    for (const pending of pendingSiteDeletions(app.db)) {
      app.log.info({ siteId: pending.siteId }, 'resuming the deletion of a site');
      void deleter.purge(pending.siteId).then(
        (rows) =>
          app.log.info(
            { siteId: pending.siteId, name: pending.name, rowsDeleted: totalRows(rows) },
            'site deleted with all its data',
          ),
        (err: unknown) =>
          app.log.error(
            { err, siteId: pending.siteId },
            'resuming a site deletion failed; it is retried at the next start',
          ),
      );
    }
  });
  app.addHook('onClose', () => deleter.close());

  app.post(
    '/v1/sites',
    {
      config: { access: 'owner' },
      bodyLimit: BODY_LIMITS.site,
      schema: {
        tags: ['sites'],
        summary: 'Create a site',
        description: 'Returns the public key (for pages) and the secret key (shown only this once).',
        body: createSiteBodySchema,
        response: { 201: siteWithSecretSchema, ...adminErrors },
      },
    },
    async (request, reply) => {
      const site = createSite(app.db, request.body);
      await siteChanged(site.siteId);
      request.log.info({ siteId: site.siteId }, 'site created');
      return reply.code(201).send(site);
    },
  );

  app.get(
    '/v1/sites',
    {
      config: { access: 'owner' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        tags: ['sites'],
        summary: 'List all sites',
        description: 'Secret keys are never listed: only their hashes are stored.',
        response: { 200: z.object({ sites: z.array(siteSchema) }), ...adminErrors },
      },
    },
    async () => ({ sites: listSites(app.db) }),
  );

  app.patch(
    '/v1/sites/:siteId',
    {
      config: { access: 'owner' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        tags: ['sites'],
        summary: "Change a site's name, time zone, allowed origins or retention",
        description:
          'Members left out are kept. The time zone is an IANA name (Europe/Copenhagen, UTC); `origins` replaces the ' +
          'whole list (a removed origin is refused at once). `rawEventsDays` and `responsesDays` ' +
          '(null: keep answers) take effect at the next run of the daily retention job.',
        params: siteParams,
        body: updateSiteBodySchema,
        response: { 200: siteSchema, ...adminErrors, ...problemResponses(404) },
      },
    },
    async (request) => {
      const actor = (request.user?.userId as `usr_${string}` | undefined) ?? 'admin token';
      const site = updateSite(app.db, request.params.siteId, request.body, actor);
      if (!site) throw errors.notFound('site');
      await siteChanged(site.siteId);
      return site;
    },
  );

  app.post(
    '/v1/sites/:siteId/rotate-secret',
    {
      config: { access: 'owner' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        tags: ['sites'],
        summary: "Rotate a site's secret key",
        description: 'The old secret key stops working immediately; the new one is shown only this once.',
        params: siteParams,
        response: { 200: siteWithSecretSchema, ...adminErrors, ...problemResponses(404) },
      },
    },
    async (request) => {
      const site = rotateSecret(app.db, request.params.siteId);
      if (!site) throw errors.notFound('site');
      await siteChanged(site.siteId);
      request.log.info({ siteId: site.siteId }, 'site secret rotated');
      return site;
    },
  );

  app.post(
    '/v1/sites/:siteId/origins',
    {
      config: { access: 'owner' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        tags: ['sites'],
        summary: 'Allow another origin',
        description: 'Idempotent: adding an origin that is already allowed changes nothing.',
        params: siteParams,
        body: addOriginBodySchema,
        response: { 200: siteSchema, ...adminErrors, ...problemResponses(404) },
      },
    },
    async (request) => {
      const site = addOrigin(app.db, request.params.siteId, request.body.origin);
      if (!site) throw errors.notFound('site');
      await siteChanged(site.siteId);
      return site;
    },
  );

  app.delete(
    '/v1/sites/:siteId/origins',
    {
      config: { access: 'owner' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        tags: ['sites'],
        summary: 'Stop allowing one origin',
        description:
          'The body names the origin, as when adding it. Events from it are refused at once. Idempotent: ' +
          'removing an origin that is not allowed changes nothing. A removal is recorded in the audit log.',
        params: siteParams,
        body: addOriginBodySchema,
        response: { 200: siteSchema, ...adminErrors, ...problemResponses(404) },
      },
    },
    async (request) => {
      const { siteId } = request.params;
      const { origin } = request.body;
      const actor = (request.user?.userId as `usr_${string}` | undefined) ?? 'admin token';
      const result = removeOrigin(app.db, siteId, origin, actor);
      if (!result) throw errors.notFound('site');
      if (result.removed) {
        await siteChanged(siteId);
        request.log.info({ siteId, origin }, 'origin removed');
      }
      return result.site;
    },
  );

  app.get(
    '/v1/sites/:siteId',
    {
      config: { access: 'owner' },
      schema: {
        tags: ['sites'],
        summary: 'Read one site',
        params: siteParams,
        response: { 200: siteSchema, ...adminErrors, ...problemResponses(404) },
      },
    },
    async (request) => {
      const site = findSiteById(app.db, request.params.siteId);
      if (!site) throw errors.notFound('site');
      return site;
    },
  );

  app.delete(
    '/v1/sites/:siteId',
    {
      config: { access: 'owner' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        tags: ['sites'],
        summary: 'Delete a site and every row of its data',
        description:
          "Send the site's name as `confirmName`. The site, its keys, prompts, shared links and viewers' grants " +
          'go at once; its events, answers and aggregates are deleted in batches before the answer, which says how many ' +
          'rows went. Cannot be undone. Other sites are untouched.',
        params: siteParams,
        body: deleteSiteBodySchema,
        response: { 200: deleteSiteResultSchema, ...adminErrors, ...problemResponses(404) },
      },
    },
    async (request) => {
      const site = findSiteById(app.db, request.params.siteId);
      if (!site) throw errors.notFound('site');
      if (request.body.confirmName.trim() !== site.name) {
        const message = "does not match the site's name";
        throw errors.validation(`body.confirmName: ${message}`, [{ path: 'body.confirmName', message }]);
      }
      const by = request.user?.userId ?? null;
      const deletedAt = Date.now();
      const begun = beginSiteDeletion(app.db, site, by, deletedAt);
      if (!begun) throw errors.notFound('site');
      // The row is gone: its public key stops collecting now, not when the purge below ends.
      await siteChanged(site.siteId);
      request.log.info({ siteId: site.siteId, name: site.name, by: by ?? 'admin token' }, 'site deletion started');
      const rowsDeleted = totalRows(await deleter.purge(site.siteId, begun));
      request.log.info(
        { siteId: site.siteId, name: site.name, by: by ?? 'admin token', rowsDeleted },
        'site deleted with all its data',
      );
      return { siteId: site.siteId, rowsDeleted };
    },
  );

  app.get(
    '/v1/site',
    {
      config: { access: 'site' },
      schema: {
        tags: ['sites'],
        summary: 'The site of this secret key',
        response: { 200: siteSchema, ...problemResponses(401, 403) },
      },
    },
    async (request) => authenticatedSite(request),
  );
};
