import { createHash, timingSafeEqual } from 'node:crypto';
import { PUBLIC_KEY_PREFIX, SECRET_KEY_PREFIX, type Site } from '@loupe/shared';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../errors/catalogue.js';
import { findSiteBySecretKey } from '../features/sites/sites-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: the request carries `Authorization: Bearer <LOUPE_ADMIN_TOKEN>`. */
    requireAdmin: preHandlerAsyncHookHandler;
    /**
     * preHandler: the request carries `Authorization: Bearer sk_…` of an existing site, which is
     * then available as `request.site` (read it with `authenticatedSite(request)`). Every route that
     * reads or manages one site's data (read API, prompts CRUD, …) uses this.
     */
    requireSiteSecret: preHandlerAsyncHookHandler;
  }
  interface FastifyRequest {
    /** The site whose secret key authenticated this request; null on routes without requireSiteSecret. */
    site: Site | null;
  }
}

/** OpenAPI security scheme names; routes list them in `schema.security` so /docs shows the lock. */
export const ADMIN_SECURITY = [{ adminToken: [] }];
export const SITE_SECRET_SECURITY = [{ secretKey: [] }];

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

/** For handlers behind `requireSiteSecret`: the authenticated site, typed non-null. */
export function authenticatedSite(request: FastifyRequest): Site {
  if (!request.site) {
    // A programming error (the route forgot the preHandler), never a client error.
    throw new Error(`route ${request.routeOptions.url ?? request.url} reads request.site without requireSiteSecret`);
  }
  return request.site;
}

/**
 * Cross-cutting bearer authentication. Keys are looked up on every request (one indexed read), so
 * a rotated secret stops working at once; there is no cache to invalidate.
 */
export const authPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('site', null);

    app.decorate('requireAdmin', async function requireAdmin(request: FastifyRequest) {
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
    });

    app.decorate('requireSiteSecret', async function requireSiteSecret(request: FastifyRequest) {
      const token = bearerToken(request);
      if (!token) throw errors.unauthorized("Send Authorization: Bearer <the site's secret key, sk_…>.");
      if (token.startsWith(PUBLIC_KEY_PREFIX)) {
        throw errors.wrongKeyType(
          "This is a public key (pk_…); it may only send events and read prompt config. Use the site's " +
            'secret key (sk_…) here.',
        );
      }
      const site = token.startsWith(SECRET_KEY_PREFIX) ? findSiteBySecretKey(app.db, token) : undefined;
      if (!site) throw errors.invalidToken('Unknown or revoked secret key.');
      request.site = site;
    });
  },
  { name: 'loupe-auth', dependencies: ['loupe-db'] },
);
