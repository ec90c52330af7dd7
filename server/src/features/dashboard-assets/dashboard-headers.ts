import type { FastifyReply } from 'fastify';

/**
 * The dashboard's Content-Security-Policy: its own scripts and styles only (no inline script, no
 * inline style: uPlot and Preact set styles through the CSSOM, which style-src does not govern),
 * the API on the same origin, and never inside a frame.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Asset names carry a content hash: a changed file is a new URL, so caches may keep them forever. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** index.html names the current assets, so it is revalidated on every load. */
export const PAGE_CACHE_CONTROL = 'no-cache';

/** Headers of every dashboard answer (page and assets). */
export function dashboardHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', DASHBOARD_CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'same-origin');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('cross-origin-resource-policy', 'same-origin');
}
