import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { SiteDirectory } from './site-directory.js';

/**
 * The collect route's rate-limit bucket: the client IP and the site, when the body names a site
 * that exists; otherwise the client IP alone. Keys nobody has are never a bucket of their own, so
 * trying random keys buys no budget and fills no table: it spends the client's own. `request.ip`
 * honours X-Forwarded-For only when LOUPE_TRUST_PROXY says so, so it cannot be forged; IPv6
 * clients are counted per /64, as the plugin does (one host usually holds a whole /64).
 */
export function rateLimitKey(request: FastifyRequest, sites: SiteDirectory): string {
  const ip = normalizeIP(request.ip);
  const key = (request.body as { key?: unknown } | null | undefined)?.key;
  const site = typeof key === 'string' ? sites.find(key) : undefined;
  return site ? `${ip}|${site.siteId}` : ip;
}
