import type { FastifyReply } from 'fastify';
import { contentSecurityPolicy, HTML_DIRECTIVES } from '../../plugins/security-headers.js';

/**
 * The dashboard's Content-Security-Policy: the server's HTML policy with each kind of resource
 * named (its own scripts and styles only: no inline script, no inline style — Preact and uPlot set
 * styles through the CSSOM, which style-src does not govern), the API on the same origin, frames
 * of this origin only (the prompt preview), no plugins, no <base>, and never inside a frame.
 */
export const DASHBOARD_CSP = contentSecurityPolicy({
  ...HTML_DIRECTIVES,
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
  // The prompt studio's live preview (/preview/prompt.html) is a page of this origin.
  'frame-src': ["'self'"],
});

/** Asset names carry a content hash: a changed file is a new URL, so caches may keep them forever. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** index.html names the current assets, so it is revalidated on every load. */
export const PAGE_CACHE_CONTROL = 'no-cache';

/**
 * Headers of the dashboard's page (the security-headers plugin keeps a policy a route sets, and
 * adds nosniff and X-Frame-Options to every HTML answer). The page's address holds the site and
 * filters: it is not sent as a referrer to other origins.
 */
export function dashboardPageHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', DASHBOARD_CSP);
  reply.header('referrer-policy', 'same-origin');
  reply.header('cross-origin-opener-policy', 'same-origin');
}
