import { timingSafeEqual } from 'node:crypto';
import { normalizeIP } from '@fastify/rate-limit';
import {
  createShareBodySchema,
  MAX_ID_LENGTH,
  MAX_SHARES_PER_SITE,
  openShareBodySchema,
  shareIdSchema,
  shareListSchema,
  sharedViewSchema,
  shareWithKeySchema,
} from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { BODY_LIMITS } from '../../plugins/body-limits.js';
import { LoginThrottle } from '../accounts/login-throttle.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../accounts/password-hash.js';
import { findSiteById } from '../sites/sites-store.js';
import { clearedShareCookie, shareCookie, shareTokenOf } from './share-cookie.js';
import { createShareSession, deleteExpiredShareSessions, endShareSession } from './share-sessions-store.js';
import { shareSessionOf } from './share-session-of.js';
import {
  countShares,
  createShare,
  deleteShare,
  findStoredShare,
  hashShareKey,
  listShares,
  markShareUsed,
} from './shares-store.js';

const siteParams = z.object({ siteId: z.string().min(1).max(MAX_ID_LENGTH) });
const shareParams = z.object({ shareId: shareIdSchema });
const siteShareParams = z.object({ siteId: z.string().min(1).max(MAX_ID_LENGTH), shareId: shareIdSchema });

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Shared links: owners create and revoke them per site; anyone holding a link opens a read-only
 * view of that site with it (POST …/session gives the view its own cookie), which the read routes
 * marked `share: true` accept with `?share=<shareId>`. Opening is throttled like logging in, per
 * link and per address, so a link's password cannot be guessed by trying.
 */
export const sharesRoutes: FastifyPluginAsyncZod = async (app) => {
  const limits = app.config.loginThrottle;
  const throttle = new LoginThrottle({
    perAccount: { maxFailures: limits.maxFailures, windowMs: limits.windowMs },
    perClient: { maxFailures: limits.maxFailuresPerClient, windowMs: limits.windowMs },
  });
  const owner = { config: { access: 'owner' } } as const;
  const tags = ['shares'];

  const siteOr404 = (siteId: string) => {
    const site = findSiteById(app.db, siteId);
    if (!site) throw errors.notFound('site');
    return site;
  };

  app.get(
    '/v1/sites/:siteId/shares',
    {
      ...owner,
      schema: {
        tags,
        summary: "A site's shared links",
        params: siteParams,
        response: { 200: shareListSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => ({ shares: listShares(app.db, siteOr404(request.params.siteId).siteId) }),
  );

  app.post(
    '/v1/sites/:siteId/shares',
    {
      ...owner,
      bodyLimit: BODY_LIMITS.small,
      schema: {
        tags,
        summary: 'Create a shared link (its key is shown only in this answer)',
        description:
          'The link is `<server>/app/shared/<shareId>#key=<key>`. With a `password`, the view asks for it first. ' +
          `At most ${MAX_SHARES_PER_SITE} links per site.`,
        params: siteParams,
        body: createShareBodySchema,
        response: { 201: shareWithKeySchema, ...problemResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const site = siteOr404(request.params.siteId);
      if (countShares(app.db, site.siteId) >= MAX_SHARES_PER_SITE) {
        throw errors.conflict(`A site can have at most ${MAX_SHARES_PER_SITE} shared links; revoke unused ones first.`);
      }
      const { label, password } = request.body;
      const passwordHash = password === undefined ? null : await hashPassword(password);
      const share = createShare(app.db, site.siteId, { label, passwordHash });
      request.log.info(
        { shareId: share.shareId, siteId: site.siteId, by: request.user?.userId ?? 'admin token' },
        'shared link created',
      );
      return reply.code(201).send(share);
    },
  );

  app.delete(
    '/v1/sites/:siteId/shares/:shareId',
    {
      ...owner,
      bodyLimit: BODY_LIMITS.small,
      schema: {
        tags,
        summary: 'Revoke a shared link',
        description: 'Every view opened with it ends at its next request.',
        params: siteShareParams,
        response: { 204: z.null().describe('Revoked'), ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { siteId, shareId } = request.params;
      if (!deleteShare(app.db, siteId, shareId)) throw errors.notFound('shared link');
      request.log.info({ shareId, siteId, by: request.user?.userId ?? 'admin token' }, 'shared link revoked');
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/shares/:shareId/session',
    {
      config: { access: 'anyone' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        tags,
        summary: 'Open a shared link: sets the view’s cookie',
        description:
          'Send the key from the link (and the password, if the link has one). A wrong key and an unknown or revoked ' +
          'link get the same 404. A link with a password answers 401 `share_password_required` without one and 401 ' +
          '`invalid_credentials` with a wrong one; repeated failures per link or per address get 429 with Retry-After.',
        params: shareParams,
        body: openShareBodySchema,
        response: { 200: sharedViewSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { shareId } = request.params;
      const client = normalizeIP(request.ip);
      const wait = throttle.retryAfterSeconds(shareId, client);
      if (wait > 0) throw errors.rateLimited(wait);
      const share = findStoredShare(app.db, shareId);
      if (!share || !sameHash(share.keyHash, hashShareKey(request.body.key))) {
        throttle.failed(shareId, client);
        throw errors.notFound('shared link');
      }
      if (share.passwordHash !== null) {
        if (request.body.password === undefined) throw errors.sharePasswordRequired();
        if (!(await verifyPassword(request.body.password, share.passwordHash))) {
          throttle.failed(shareId, client);
          throw errors.wrongSharePassword();
        }
        throttle.succeeded(shareId);
      } else if (request.body.password !== undefined) {
        // Same work either way, so timing says nothing about whether a link has a password.
        await verifyAgainstDummy(request.body.password);
      }
      const site = siteOr404(share.siteId);
      const now = Date.now();
      deleteExpiredShareSessions(app.db, now);
      const { token, expiresAt } = createShareSession(app.db, shareId, now);
      markShareUsed(app.db, shareId, now);
      reply.header('set-cookie', shareCookie(request, shareId, token, expiresAt, now));
      return { shareId, label: share.label, site: { name: site.name, timeZone: site.timeZone } };
    },
  );

  app.get(
    '/v1/shares/:shareId/view',
    {
      config: { access: 'anyone' },
      schema: {
        tags,
        summary: 'What an open shared view shows about its site',
        description:
          "With the view's cookie: the site's name and time zone. 401 once the link is revoked or the view expired.",
        params: shareParams,
        response: { 200: sharedViewSchema, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { shareId } = request.params;
      const { session } = shareSessionOf(app.db, request, reply, shareId);
      reply.header('cache-control', 'no-store');
      return { shareId, label: session.label, site: { name: session.site.name, timeZone: session.site.timeZone } };
    },
  );

  app.delete(
    '/v1/shares/:shareId/session',
    {
      config: { access: 'anyone' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        tags,
        summary: 'Close a shared view in this browser',
        params: shareParams,
        response: { 204: z.null().describe('Closed'), ...problemResponses(400, 403, 429) },
      },
    },
    async (request, reply) => {
      const { shareId } = request.params;
      const token = shareTokenOf(request, shareId);
      if (token) endShareSession(app.db, shareId, token);
      return reply.code(204).header('set-cookie', clearedShareCookie(request, shareId)).send(null);
    },
  );
};
