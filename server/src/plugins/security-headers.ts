import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

/** Builds a Content-Security-Policy value: `{ 'script-src': ["'self'"] }` → `script-src 'self'`. */
export function contentSecurityPolicy(directives: Record<string, readonly string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/**
 * The policy of every HTML page that does not bring its own: same-origin scripts, styles, images
 * and requests only, nothing inline, no plugins, no <base> hijack, and never inside a frame
 * (clickjacking).
 */
export const HTML_DIRECTIVES = {
  'default-src': ["'self'"],
  'base-uri': ["'none'"],
  'object-src': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

/** Anything else (JSON, scripts, images opened on their own) may load nothing and run nowhere framed. */
const RESOURCE_CSP = contentSecurityPolicy({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] });

const isHtml = (reply: FastifyReply) => /^text\/html\b/i.test(String(reply.getHeader('content-type') ?? ''));

/** A policy without frame-ancestors (a library's, say) gets ours, so no page of this server is framed. */
const withFrameAncestors = (csp: string) =>
  /(^|;)\s*frame-ancestors\s/i.test(csp) ? csp : `${csp.replace(/[;\s]*$/, '')}; frame-ancestors 'none'`;

/**
 * Headers every response gets, whichever feature answers:
 * - `X-Content-Type-Options: nosniff`, so no response is ever run as something it does not say it is;
 * - `Cache-Control: no-store` unless the route says otherwise: site data, keys and errors are never
 *   kept by a browser or a proxy; what may be cached (the widget, its config, static files) says so;
 * - HTML gets a Content-Security-Policy (HTML_DIRECTIVES unless the route or its plugin set its own
 *   header before this hook, e.g. in an onRequest hook), always with frame-ancestors, and
 *   X-Frame-Options for browsers that predate it (SAMEORIGIN for the pages whose own policy says
 *   `frame-ancestors 'self'`, DENY for all others); anything else gets RESOURCE_CSP.
 * Registered before the features, so this onSend runs first: a plugin that sets the policy in an
 * onSend hook of its own (Swagger UI) runs after it and must include frame-ancestors itself.
 */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('x-content-type-options', 'nosniff');
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      const own = reply.getHeader('content-security-policy');
      if (isHtml(reply)) {
        const csp = withFrameAncestors(typeof own === 'string' ? own : contentSecurityPolicy(HTML_DIRECTIVES));
        reply.header('content-security-policy', csp);
        // A page that lets its own origin frame it (the prompt preview, in the dashboard) says so
        // to older browsers too; every other page is never framed.
        reply.header('x-frame-options', /(^|;)\s*frame-ancestors 'self'\s*(;|$)/.test(csp) ? 'SAMEORIGIN' : 'DENY');
      } else if (own === undefined) {
        reply.header('content-security-policy', RESOURCE_CSP);
      }
      return payload;
    });
  },
  { name: 'loupe-security-headers' },
);
