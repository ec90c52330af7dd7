import { addOriginBodySchema, createSiteBodySchema, siteSchema, siteWithSecretSchema, updateSiteBodySchema } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { BODY_LIMITS } from '../../plugins/body-limits.js';
import { addOrigin, createSite, listSites, rotateSecret, updateSite } from './sites-store.js';

const siteParams = z.object({ siteId: z.string().min(1).max(64) });
const adminErrors = problemResponses(400, 401, 403);

/**
 * The admin API (guarded by LOUPE_ADMIN_TOKEN) creates and manages sites; `GET /v1/site` lets a
 * site's own secret key read its settings. The secret key appears only in the answers that create
 * or rotate it: it is stored as a hash and cannot be shown again.
 */
export const sitesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/v1/sites',
    {
      config: { access: 'admin' },
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
      request.log.info({ siteId: site.siteId }, 'site created');
      return reply.code(201).send(site);
    },
  );

  app.get(
    '/v1/sites',
    {
      config: { access: 'admin' },
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
      config: { access: 'admin' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        tags: ['sites'],
        summary: "Change a site's name or time zone",
        description: 'Members left out are kept. The time zone is an IANA name (Europe/Copenhagen, UTC).',
        params: siteParams,
        body: updateSiteBodySchema,
        response: { 200: siteSchema, ...adminErrors, ...problemResponses(404) },
      },
    },
    async (request) => {
      const site = updateSite(app.db, request.params.siteId, request.body);
      if (!site) throw errors.notFound('site');
      return site;
    },
  );

  app.post(
    '/v1/sites/:siteId/rotate-secret',
    {
      config: { access: 'admin' },
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
      request.log.info({ siteId: site.siteId }, 'site secret rotated');
      return site;
    },
  );

  app.post(
    '/v1/sites/:siteId/origins',
    {
      config: { access: 'admin' },
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
      return site;
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
