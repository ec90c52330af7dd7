import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../errors/catalogue.js';

/**
 * The routes served on PostgreSQL: those whose SQL runs there and answers as on SQLite
 * (test/postgres-parity.test.ts and each feature's tests on both engines prove them). Today that
 * is every route the server registers (postgres-parity.test.ts checks `routesNotOnPostgres` is
 * empty). A route added later answers 501 problem+json (not_on_postgres) on PostgreSQL until it
 * joins this list, never an answer that SQLite-only SQL got wrong. `METHOD /url` as registered,
 * parameters included; a GET route's HEAD is served with it.
 */
export const POSTGRES_ROUTES: ReadonlySet<string> = new Set([
  'GET /healthz',
  // Routes that read no data: the catch-all 404, the docs' files, CORS preflights.
  'GET /*',
  'GET /docs/*',
  'OPTIONS *',
  'POST /v1/collect',
  'OPTIONS /v1/collect',
  'GET /v1/site',
  'GET /v1/sites',
  'POST /v1/sites',
  'POST /v1/auth/login',
  'POST /v1/auth/logout',
  'GET /v1/auth/me',
  'GET /v1/metrics/overview',
  'GET /v1/metrics/breakdown',
  'GET /v1/metrics/pages',
  'GET /v1/metrics/scores',
  'GET /v1/metrics/timeseries',
  'GET /v1/metrics/conversion',
  'GET /v1/metrics/tasks',
  'GET /v1/errors',
  'GET /v1/clicks',
  'GET /v1/insights/friction',
  'GET /v1/insights/touchpoints',
  'GET /v1/responses',
  'GET /v1/funnels/saved',
  'GET /v1/page-groups',
  // Every other route, as its SQL was made to run there (the parity test and each feature's tests on both engines).
  'DELETE /v1/customers/:customerId',
  'DELETE /v1/funnels/saved/:funnelId',
  'DELETE /v1/page-groups/:groupId',
  'DELETE /v1/prompts/:promptId',
  'DELETE /v1/sessions/:sessionId',
  'DELETE /v1/shares/:shareId/session',
  'DELETE /v1/sites/:siteId',
  'DELETE /v1/sites/:siteId/origins',
  'DELETE /v1/sites/:siteId/shares/:shareId',
  'DELETE /v1/users/:userId',
  'DELETE /v1/users/:userId/sites/:siteId',
  'DELETE /v1/visitors/:visitorId',
  'DELETE /v1/webhooks/:webhookId',
  'GET /',
  'GET /app',
  'GET /app/',
  'GET /app/*',
  'GET /app/assets/:file',
  'GET /app/favicon.svg',
  'GET /chunks/:file',
  'GET /dev/*',
  'GET /docs',
  'GET /docs/',
  'GET /docs/json',
  'GET /docs/static/*',
  'GET /docs/static/index.html',
  'GET /docs/static/swagger-initializer.js',
  'GET /docs/yaml',
  'GET /link/:file',
  'GET /openapi.json',
  'GET /preview/:file',
  'GET /s/:promptId',
  'GET /v1/audit',
  'GET /v1/auth/setup',
  'GET /v1/config',
  'GET /v1/funnels',
  'GET /v1/funnels/saved/:funnelId',
  'GET /v1/insights/journeys',
  'GET /v1/link-secret',
  'GET /v1/metrics/engagement',
  'GET /v1/metrics/error-rate',
  'GET /v1/metrics/retention',
  'GET /v1/prompt-settings',
  'GET /v1/prompts',
  'GET /v1/prompts/:promptId',
  'GET /v1/prompts/:promptId/links',
  'GET /v1/responses.csv',
  'GET /v1/responses.ndjson',
  'GET /v1/responses/:id',
  'GET /v1/shares/:shareId/view',
  'GET /v1/sites/:siteId',
  'GET /v1/sites/:siteId/shares',
  'GET /v1/traits',
  'GET /v1/users',
  'GET /v1/visitors/:visitorId/export',
  'GET /v1/webhooks',
  'GET /v1/webhooks/:webhookId',
  'GET /v1/webhooks/:webhookId/deliveries',
  'GET /widget.js',
  'GET /widget.js.map',
  'PATCH /v1/funnels/saved/:funnelId',
  'PATCH /v1/page-groups/:groupId',
  'PATCH /v1/prompts/:promptId',
  'PATCH /v1/responses/:id',
  'PATCH /v1/sites/:siteId',
  'PATCH /v1/webhooks/:webhookId',
  'POST /s/:promptId/answers',
  'POST /v1/auth/setup',
  'POST /v1/funnels/saved',
  'POST /v1/link-secret/rotate',
  'POST /v1/page-groups',
  'POST /v1/prompts',
  'POST /v1/prompts/:promptId/duplicate',
  'POST /v1/prompts/:promptId/pause',
  'POST /v1/prompts/:promptId/resume',
  'POST /v1/shares/:shareId/session',
  'POST /v1/sites/:siteId/origins',
  'POST /v1/sites/:siteId/rotate-secret',
  'POST /v1/sites/:siteId/shares',
  'POST /v1/users',
  'POST /v1/webhooks',
  'POST /v1/webhooks/:webhookId/deliveries/:deliveryId/replay',
  'POST /v1/webhooks/:webhookId/rotate',
  'POST /v1/webhooks/:webhookId/test',
  'PUT /v1/prompt-settings',
  'PUT /v1/prompts/:promptId',
  'PUT /v1/users/:userId/password',
  'PUT /v1/users/:userId/sites/:siteId',
]);

declare module 'fastify' {
  interface FastifyInstance {
    /** The routes this app answers 501 not_on_postgres (`METHOD /url`); empty on SQLite. */
    routesNotOnPostgres: readonly string[];
  }
}

/** True when the server's data is in PostgreSQL. */
export function servesPostgres(app: FastifyInstance): boolean {
  return app.config.database.kind === 'postgres';
}

/**
 * On PostgreSQL, refuses the routes not in POSTGRES_ROUTES before they authenticate or read a body.
 * Registered before every feature, so its onRoute hook sees each of their routes.
 */
export const postgresRoutesPlugin = fp(
  async (app: FastifyInstance) => {
    const refused: string[] = [];
    app.decorate('routesNotOnPostgres', refused);
    if (!servesPostgres(app)) return;
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      // Fastify adds HEAD to every GET (exposeHeadRoutes): it is served when its GET is.
      const served = (m: string) => POSTGRES_ROUTES.has(`${m === 'HEAD' ? 'GET' : m} ${route.url}`);
      if (methods.every(served)) return;
      refused.push(`${methods.join(',')} ${route.url}`);
      const refuse = async () => {
        throw errors.notOnPostgres();
      };
      const own = route.onRequest;
      route.onRequest = own === undefined ? [refuse] : [refuse, ...(Array.isArray(own) ? own : [own])];
    });
  },
  { name: 'loupe-postgres-routes' },
);
