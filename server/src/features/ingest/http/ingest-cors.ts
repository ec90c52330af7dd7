import type { FastifyCorsOptions } from '@fastify/cors';
import { COLLECT_PATH } from '@loupe/shared/constants';
import type { SiteDirectory } from './site-directory.js';

/**
 * CORS for the collect route only. The decision is made in `onRequest`, before the body (and so
 * the site key) is read, because preflights have no body at all and error answers (400, 413, 429)
 * should still be readable by the widget. So the origin is reflected when ANY site allows it; the
 * handler then enforces the key's own origins with 403 origin_not_allowed. That is safe: CORS is
 * not what protects a write endpoint (a text/plain POST is delivered without asking), the
 * server-side Origin check is; CORS only lets the page read the answer, which holds no secrets
 * and is never credentialed.
 */
export function ingestCorsOptions(sites: SiteDirectory): FastifyCorsOptions {
  const allowed: FastifyCorsOptions = {
    methods: ['POST'],
    allowedHeaders: ['content-type'],
    // Retry-After is not a CORS-safelisted response header; the widget must read it on 429/503.
    exposedHeaders: ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
    maxAge: 86_400,
  };
  return {
    delegator(req, cb) {
      const origin = req.headers.origin;
      // @fastify/cors answers preflights through a wildcard OPTIONS route in this scope; never
      // grant them for paths that are not the collect route.
      const ok = origin !== undefined && req.url.split('?')[0] === COLLECT_PATH && sites.anySiteAllows(origin);
      cb(null, ok ? { ...allowed, origin } : { origin: false });
    },
  };
}
