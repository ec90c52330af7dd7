import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { dashboardAssetsRoutes } from './features/dashboard-assets/dashboard-assets-routes.js';
import { demoRoutes } from './features/demo/demo-routes.js';
import { docsPlugin } from './features/docs/docs-plugin.js';
import { healthRoutes } from './features/health/health-routes.js';
import { ingestRoutes } from './features/ingest/http/ingest-routes.js';
import { ingestWriterPlugin } from './features/ingest/writer/ingest-writer-plugin.js';
import { linkSurveysFeature } from './features/link-surveys/link-surveys-feature.js';
import { metricsFeature } from './features/metrics/metrics-feature.js';
import { funnelsRoutes } from './features/funnels/funnels-routes.js';
import { savedFunnelsFeature } from './features/funnels/saved-funnels-feature.js';
import { tasksFeature } from './features/tasks/tasks-feature.js';
import { retentionFeature } from './features/retention/retention-feature.js';
import { responsesRoutes } from './features/responses/responses-routes.js';
import { exportsRoutes } from './features/exports/exports-routes.js';
import { errorsRoutes } from './features/errors/errors-routes.js';
import { clicksRoutes } from './features/clicks/clicks-routes.js';
import { ratesRoutes } from './features/rates/rates-routes.js';
import { traitsRoutes } from './features/traits/traits-routes.js';
import { insightsRoutes } from './features/insights/insights-routes.js';
import { journeysRoutes } from './features/journeys/journeys-routes.js';
import { pageGroupsRoutes } from './features/page-groups/page-groups-routes.js';
import { retentionCohortsRoutes } from './features/cohorts/retention-cohorts-routes.js';
import { usersRoutes } from './features/accounts/users-routes.js';
import { promptsFeature } from './features/prompts/prompts-feature.js';
import { sharesRoutes } from './features/shares/shares-routes.js';
import { sitesRoutes } from './features/sites/sites-routes.js';
import { webhooksFeature } from './features/webhooks/webhooks-feature.js';
import type { WebhookTiming } from './features/webhooks/delivery-worker.js';
import { widgetAssetsRoutes } from './features/widget-assets/widget-assets-routes.js';
import { authRoutes } from './features/accounts/auth-routes.js';
import { auditRoutes } from './features/audit/audit-routes.js';
import { erasureRoutes } from './features/erasure/erasure-routes.js';
import { firstStart } from './features/accounts/first-start.js';
import { authPlugin } from './plugins/auth.js';
import { traitParamsPlugin } from './plugins/trait-params.js';
import { BODY_LIMITS } from './plugins/body-limits.js';
import { closingGuardPlugin } from './plugins/closing-guard.js';
import { changeFeedPlugin } from './plugins/change-feed.js';
import { dbPlugin } from './plugins/db.js';
import { postgresPoolPlugin } from './plugins/postgres-pool.js';
import { partitionUpkeepPlugin } from './plugins/partition-upkeep.js';
import { postgresRoutesPlugin } from './plugins/postgres-routes.js';
import { errorHandlerPlugin, frameworkErrors, MAX_PARAM_LENGTH } from './plugins/error-handler.js';
import { clientErrorHandler } from './plugins/client-error-handler.js';
import { requestBodiesPlugin } from './plugins/request-bodies.js';
import { securityHeadersPlugin } from './plugins/security-headers.js';
import { closeAtRequestLimit } from './lib/close-at-request-limit.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

/** The app with the zod type provider, as every feature plugin sees it. */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface BuildAppOptions {
  config: Config;
  /** Pino logger options, `false` to silence (tests). Defaults to JSON logs at config.logLevel. */
  logger?: boolean | { level: string };
  /** Tests only: a shorter webhook retry schedule, timeout and poll (never from the environment). */
  webhookTiming?: Partial<WebhookTiming>;
}

/**
 * Builds the whole API without listening, so tests drive it with `inject()` and main.ts owns the
 * socket and the process signals.
 */
export async function buildApp({ config, logger, webhookTiming }: BuildAppOptions): Promise<App> {
  const { connections } = config;
  const app = Fastify({
    logger:
      logger === false
        ? false
        : {
            level: config.logLevel,
            // Never log IP addresses: the default request serializer includes remoteAddress.
            serializers: {
              req: (req) => ({ method: req.method, url: req.url.split('?')[0], reqId: req.id }),
            },
            ...(typeof logger === 'object' ? logger : {}),
          },
    // A hop count is valid at runtime (proxy-addr) though Fastify's types omit number.
    trustProxy: config.trustProxy as boolean | string | string[],
    // Every JSON body is parsed with prototype-poisoning protection (the default is 'error'; made
    // explicit because the ingest scope relies on it).
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Routes that take bodies set their own, smaller limits (plugins/body-limits.ts).
    bodyLimit: BODY_LIMITS.default,
    // closing-guard answers requests that arrive during shutdown with 503 problem+json instead.
    return503OnClosing: false,
    // Router errors (over-long path parameter, bad percent-encoding) answer problem+json too.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
    // Errors of Node's HTTP parser (431, bad framing, timeouts) answer problem+json too.
    clientErrorHandler,
    // Slow clients (config.ts): Fastify's defaults have no request timeout at all.
    requestTimeout: connections.requestTimeoutMs,
    keepAliveTimeout: connections.keepAliveTimeoutMs,
    maxRequestsPerSocket: connections.maxRequestsPerSocket,
    http: {
      headersTimeout: connections.headersTimeoutMs,
      // How often Node looks for requests past those timeouts; its default of 30 s let a 10 s
      // headers timeout fire after up to 40 s.
      connectionsCheckingInterval: Math.min(1000, Math.floor(connections.headersTimeoutMs / 4)),
    },
  }).withTypeProvider<ZodTypeProvider>();
  // Past this, Node closes new connections as soon as they are accepted.
  app.server.maxConnections = connections.maxConnections;
  closeAtRequestLimit(app.server);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', config);

  await app.register(errorHandlerPlugin);
  // Before every feature, so its onSend hook sees every response first (see the plugin).
  await app.register(securityHeadersPlugin);
  await app.register(requestBodiesPlugin);
  await app.register(closingGuardPlugin);
  await app.register(dbPlugin, { database: config.database });
  // Before the change feed and the jobs, which use it on PostgreSQL; so it closes after them.
  await app.register(postgresPoolPlugin);
  await app.register(partitionUpkeepPlugin);
  // Before every feature: the sites' routes publish to it, the ingest path's caches listen.
  await app.register(changeFeedPlugin);
  // Before every feature: its onRoute hook answers 501 for the routes not yet served on PostgreSQL.
  await app.register(postgresRoutesPlugin);
  // Shared by the ingest routes and /healthz; after the database, so it flushes before it closes.
  await app.register(ingestWriterPlugin);
  // Before every feature: its onRoute hook gives each route with an `access` its authentication.
  await app.register(authPlugin, { rateLimit: config.apiRateLimit });
  await app.register(traitParamsPlugin);
  // Before every feature: its onRoute hook must see their routes to put them in /openapi.json.
  await app.register(docsPlugin);
  await app.register(healthRoutes);
  await app.register(ingestRoutes);
  await app.register(authRoutes);
  await app.register(sitesRoutes);
  await app.register(usersRoutes);
  await app.register(sharesRoutes);
  await app.register(auditRoutes);
  await app.register(promptsFeature);
  await app.register(widgetAssetsRoutes, { dir: config.widgetDir });
  await app.register(dashboardAssetsRoutes, { dir: config.dashboardDir });
  if (config.demo) await app.register(demoRoutes);
  // After the demo: its setup link is the last thing the start-up banner shows.
  await app.register(firstStart);
  await app.register(metricsFeature);
  await app.register(funnelsRoutes);
  await app.register(savedFunnelsFeature);
  await app.register(tasksFeature);
  await app.register(responsesRoutes);
  await app.register(exportsRoutes);
  await app.register(errorsRoutes);
  await app.register(clicksRoutes);
  await app.register(ratesRoutes);
  await app.register(traitsRoutes);
  await app.register(insightsRoutes);
  await app.register(journeysRoutes);
  await app.register(pageGroupsRoutes);
  await app.register(retentionCohortsRoutes);
  await app.register(erasureRoutes);
  await app.register(webhooksFeature, { timing: webhookTiming });
  await app.register(retentionFeature);
  await app.register(linkSurveysFeature);

  return app;
}
