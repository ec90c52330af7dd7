import { createHash, timingSafeEqual } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import {
  PUBLIC_KEY_PREFIX,
  SECRET_KEY_PREFIX,
  shareQueryField,
  siteQueryField,
  type Site,
  type User,
} from '@loupe/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { errors } from '../errors/catalogue.js';
import { WindowCounterStore } from '../lib/window-counter-store.js';
import { problemResponses } from '../errors/problem-responses.js';
import { findLoginSession, slideLoginSession, type LoginSession } from '../features/accounts/sessions-store.js';
import {
  clearedSessionCookie,
  isSameOrigin,
  sessionCookie,
  sessionTokenOf,
} from '../features/accounts/session-cookie.js';
import { siteOfUser } from '../features/accounts/users-store.js';
import { shareCookie } from '../features/shares/share-cookie.js';
import { shareSessionOf } from '../features/shares/share-session-of.js';
import { slideShareSession } from '../features/shares/share-sessions-store.js';
import { findSiteBySecretKey } from '../features/sites/sites-store.js';

/**
 * Who may call a route, declared in its options as `config: { access }`; this plugin does the rest
 * for every such route, in its onRequest stage, before the body is read or parsed:
 * - `site`: one site's data. `Authorization: Bearer sk_…` of that site, or a login session cookie
 *   plus `?site=<siteId>` of a site the user may see (owners: all; viewers: granted ones; anything
 *   else is 404). Changes (any method but GET/HEAD) need an owner. A route that also says
 *   `share: true` (the reads a shared view shows) takes `?share=<shareId>` in place of `?site=`,
 *   with that shared link's own cookie: read-only, one site, revoked with the link.
 * - `owner`: managing the instance (sites, users, shared links): an owner's login session, or
 *   `Authorization: Bearer <LOUPE_ADMIN_TOKEN>` for scripts. Viewers get 403 even for reads.
 * - `admin`: `Authorization: Bearer <LOUPE_ADMIN_TOKEN>`.
 * - `user`: a login session (GET /v1/auth/me).
 * - `anyone`: no credential (login, setup, logout), but rate-limited and origin-checked like the rest.
 * Every such route is rate-limited per client address first. A change made with the session cookie
 * must come with this server's own `Origin` (403 cross_site_request otherwise), as must any
 * cookie-less change that sends an Origin at all (a cross-site login form).
 */
export type RouteAccess = 'site' | 'owner' | 'admin' | 'user' | 'anyone';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** On an `access: 'site'` GET route: a shared link's view may read it (`?share=`). */
    share?: boolean;
  }
  interface FastifyRequest {
    /** The site this request reads or changes; set on `access: 'site'` routes. */
    site: Site | null;
    /** The logged-in user, when a session cookie authenticated the request. */
    user: User | null;
    /** The shared link whose view made this request (`?share=`), on share routes. */
    shareId: string | null;
  }
}

/** OpenAPI security scheme names (declared in the docs plugin). */
type Security = Record<string, string[]>[];
export const ADMIN_SECURITY: Security = [{ adminToken: [] }];
export const SITE_SECRET_SECURITY: Security = [{ secretKey: [] }, { sessionCookie: [] }];
export const SESSION_SECURITY: Security = [{ sessionCookie: [] }];
export const OWNER_SECURITY: Security = [{ adminToken: [] }, { sessionCookie: [] }];
const SHARE_SECURITY: Security = [...SITE_SECRET_SECURITY, { shareCookie: [] }];

const SECURITY: Record<RouteAccess, Security | undefined> = {
  site: SITE_SECRET_SECURITY,
  owner: OWNER_SECURITY,
  admin: ADMIN_SECURITY,
  user: SESSION_SECURITY,
  anyone: undefined,
};

/** The token of `Authorization: Bearer <token>`, or undefined when the header is absent or not Bearer. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/**
 * Hashing both sides first gives equal-length buffers, so timingSafeEqual never throws and the
 * comparison time reveals neither the token's content nor its length.
 */
export function tokensEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** For handlers of `access: 'site'` routes: the authenticated site, typed non-null. */
export function authenticatedSite(request: FastifyRequest): Site {
  if (!request.site) {
    // A programming error (the route forgot `config: { access: 'site' }`), never a client error.
    throw new Error(`route ${request.routeOptions.url ?? request.url} reads request.site without access: 'site'`);
  }
  return request.site;
}

/** For handlers of `access: 'user'` routes: the logged-in user, typed non-null. */
export function authenticatedUser(request: FastifyRequest): User {
  if (!request.user)
    throw new Error(`route ${request.routeOptions.url ?? request.url} reads request.user without access: 'user'`);
  return request.user;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const isChange = (request: FastifyRequest) => !SAFE_METHODS.has(request.method);

/** `?site=` (or `?share=`) as the client sent it; a repeated parameter is a client error, not a list. */
function queryParam(request: FastifyRequest, name: 'site' | 'share'): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  if (value === undefined || typeof value === 'string') return value;
  const message = `expected one ${name} id`;
  throw errors.validation(`querystring.${name}: ${message}`, [{ path: `querystring.${name}`, message }]);
}

/**
 * Adds `site` (and `share` on share routes) to a route's query schema, so strict query schemas
 * accept them and /openapi.json shows them.
 */
function withSiteParam(querystring: unknown, share: boolean): z.ZodType {
  const extra = { site: siteQueryField.optional(), ...(share ? { share: shareQueryField.optional() } : {}) };
  if (querystring === undefined) return z.strictObject(extra);
  if (querystring instanceof z.ZodObject) return querystring.safeExtend(extra);
  throw new Error('a site-scoped route needs a zod object as its querystring schema');
}

export interface AuthPluginOptions {
  /**
   * Requests per window per client address on every route with an `access` (API and dashboard),
   * and the most buckets held at once (lib/window-counter-store.ts).
   */
  rateLimit: { max: number; windowMs: number; buckets: number };
}

export const authPlugin = fp(
  async (app: FastifyInstance, opts: AuthPluginOptions) => {
    app.decorateRequest('site', null);
    app.decorateRequest('user', null);
    app.decorateRequest('shareId', null);

    // @fastify/rate-limit in a child context of its own, so its registration cannot meet the ingest
    // route's (which keys by address and site key); one shared store: a budget per address across
    // every API route.
    let limit!: (req: FastifyRequest) => Promise<{ isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number }>;
    await app.register(async (child) => {
      // The store never evicts a live bucket (the plugin's LRU of 5,000 did: requests from 5,000
      // other addresses gave a limited client a fresh budget).
      await child.register(rateLimit, {
        global: false,
        store: WindowCounterStore.withCapacity(opts.rateLimit.buckets),
      });
      limit = child.createRateLimit({ max: opts.rateLimit.max, timeWindow: opts.rateLimit.windowMs });
    });

    function checkAdmin(request: FastifyRequest): void {
      const configured = app.config.adminToken;
      if (!configured) throw errors.adminDisabled();
      const token = bearerToken(request);
      if (!token) throw errors.unauthorized('Send Authorization: Bearer <LOUPE_ADMIN_TOKEN>.');
      if (!tokensEqual(token, configured)) {
        throw errors.invalidToken(
          token.startsWith(SECRET_KEY_PREFIX) || token.startsWith(PUBLIC_KEY_PREFIX)
            ? 'This route needs the admin token (LOUPE_ADMIN_TOKEN), not a site key.'
            : 'The admin token is wrong.',
        );
      }
    }

    /** Keys are looked up on every request (one indexed read): a rotated secret stops working at once. */
    function siteOfSecretKey(token: string): Site {
      if (token.startsWith(PUBLIC_KEY_PREFIX)) {
        throw errors.wrongKeyType(
          "This is a public key (pk_…); it may only send events and read prompt config. Use the site's " +
            'secret key (sk_…) here.',
        );
      }
      const site = token.startsWith(SECRET_KEY_PREFIX) ? findSiteBySecretKey(app.db, token) : undefined;
      if (!site) throw errors.invalidToken('Unknown or revoked secret key.');
      return site;
    }

    /**
     * The live session of the request's cookie, or undefined when it sends none. A cookie that is
     * forged, ended or expired is a 401 that also clears it. Sessions are read on every request,
     * with no cache: a logout in one tab ends the session for every tab at its next request.
     */
    function sessionOf(request: FastifyRequest, reply: FastifyReply): LoginSession | undefined {
      const token = sessionTokenOf(request);
      if (token === undefined) return undefined;
      const session = token === null ? undefined : findLoginSession(app.db, token);
      if (!session) throw errors.sessionEnded(clearedSessionCookie(request));
      const now = Date.now();
      const expiresAt = slideLoginSession(app.db, session, now);
      if (expiresAt !== undefined) reply.header('set-cookie', sessionCookie(request, token!, expiresAt, now));
      request.user = session.user;
      return session;
    }

    /** Cookies ride along on cross-site requests; only this server's own pages may change things with one. */
    function checkOrigin(request: FastifyRequest, cookie: boolean): void {
      if (!isChange(request)) return;
      const origin = request.headers.origin;
      if (origin === undefined) {
        if (!cookie) return;
        throw errors.crossSiteRequest(
          'A change made with the session cookie must carry an Origin header (browsers send it); scripts use the ' +
            "site's secret key instead.",
        );
      }
      if (!isSameOrigin(request, origin))
        throw errors.crossSiteRequest(`Requests from ${origin} may not use this server's session.`);
    }

    /** A shared view's read: the share's own cookie, for GET routes marked `share: true` only. */
    function authenticateShare(request: FastifyRequest, reply: FastifyReply, shareId: string): void {
      if (queryParam(request, 'site') !== undefined) {
        const message = 'send site or share, not both';
        throw errors.validation(`querystring.share: ${message}`, [{ path: 'querystring.share', message }]);
      }
      // Share routes are reads; this holds even if one were added with another method by mistake.
      if (isChange(request)) throw errors.forbidden('A shared link is read-only.');
      const { session, token } = shareSessionOf(app.db, request, reply, shareId);
      const now = Date.now();
      const expiresAt = slideShareSession(app.db, session, now);
      if (expiresAt !== undefined) reply.header('set-cookie', shareCookie(request, shareId, token, expiresAt, now));
      request.site = session.site;
      request.shareId = shareId;
    }

    function authenticateSite(request: FastifyRequest, reply: FastifyReply): void {
      const token = bearerToken(request);
      const shareId = request.routeOptions.config.share ? queryParam(request, 'share') : undefined;
      if (shareId !== undefined && token === undefined) {
        authenticateShare(request, reply, shareId);
        return;
      }
      const wanted = queryParam(request, 'site');
      if (token !== undefined) {
        const site = siteOfSecretKey(token);
        // The dashboard's URLs work with a key too, but a key never opens another site.
        if (wanted !== undefined && wanted !== site.siteId) throw errors.notFound('site');
        request.site = site;
        return;
      }
      const session = sessionOf(request, reply);
      if (!session) {
        throw errors.unauthorized(
          "Send Authorization: Bearer <the site's secret key, sk_…>, or log in (POST /v1/auth/login) and add ?site=<siteId>.",
        );
      }
      checkOrigin(request, true);
      if (wanted === undefined) {
        throw errors.validation('querystring.site: required with a session cookie (which site?)', [
          { path: 'querystring.site', message: 'required with a session cookie' },
        ]);
      }
      const site = siteOfUser(app.db, session.user, wanted);
      if (!site) throw errors.notFound('site');
      if (isChange(request) && session.user.role !== 'owner') {
        throw errors.forbidden('Viewers can read this site but not change it; ask an owner.');
      }
      request.site = site;
    }

    /** The instance's managers: an owner's session (viewers: 403), or the admin token for scripts. */
    function authenticateOwner(request: FastifyRequest, reply: FastifyReply): void {
      if (bearerToken(request) !== undefined) {
        checkAdmin(request);
        return;
      }
      const session = sessionOf(request, reply);
      if (!session) {
        throw errors.unauthorized(
          'Log in as an owner (POST /v1/auth/login), or send Authorization: Bearer <LOUPE_ADMIN_TOKEN>.',
        );
      }
      checkOrigin(request, true);
      if (session.user.role !== 'owner') throw errors.forbidden('Only owners manage sites, people and shared links.');
    }

    function authenticateUser(request: FastifyRequest, reply: FastifyReply): void {
      const session = sessionOf(request, reply);
      if (!session) {
        throw errors.unauthorized(
          bearerToken(request) === undefined
            ? 'Log in first (POST /v1/auth/login).'
            : 'This route needs a login session, not a key.',
        );
      }
      checkOrigin(request, true);
    }

    function guard(access: RouteAccess): onRequestAsyncHookHandler {
      return async function authenticate(request, reply) {
        const limited = await limit(request);
        if (limited.isExceeded) throw errors.rateLimited(Math.max(1, limited.ttlInSeconds ?? 1));
        if (access === 'admin') return checkAdmin(request);
        if (access === 'site') return authenticateSite(request, reply);
        if (access === 'owner') return authenticateOwner(request, reply);
        if (access === 'user') return authenticateUser(request, reply);
        checkOrigin(request, sessionTokenOf(request) !== undefined);
      };
    }

    // Runs for every route added after this plugin: the route's `access` decides its first
    // onRequest hook, its OpenAPI security and, for site routes, the `site` query parameter.
    app.addHook('onRoute', (route: RouteOptions) => {
      const access = route.config?.access;
      if (!access) return;
      const existing =
        route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
      route.onRequest = [guard(access), ...existing];
      route.schema ??= {};
      const schema = route.schema;
      const share = route.config?.share === true;
      const reads = [route.method].flat().every((m) => m === 'GET' || m === 'HEAD');
      if (share && (access !== 'site' || !reads)) throw new Error(`${route.url}: share: true is for GET site routes`);
      const security = share ? SHARE_SECURITY : SECURITY[access];
      if (security) schema.security = security;
      if (access === 'site') schema.querystring = withSiteParam(schema.querystring, share);
      const statuses = access === 'site' ? ([401, 403, 404, 429] as const) : ([401, 403, 429] as const);
      schema.response = { ...problemResponses(...statuses), ...(schema.response as object | undefined) };
    });
  },
  { name: 'loupe-auth', dependencies: ['loupe-db'] },
);
