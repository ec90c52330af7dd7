import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DeliveryWorker, SPEC_TIMING, type WebhookTiming } from './delivery-worker.js';
import { loadEncryptionKey, secretBox } from './secret-box.js';
import { dashboardUrl, webhooksRoutes } from './webhooks-routes.js';

export interface WebhooksFeatureOptions {
  /** Tests only (buildApp's `webhookTiming`): a shorter schedule, timeout and poll. */
  timing?: Partial<WebhookTiming> | undefined;
}

/**
 * Webhooks: the endpoints' routes and the delivery worker, which starts once the server is ready
 * and stops before the database closes (registered after it; onClose runs in reverse order).
 */
export const webhooksFeature: FastifyPluginAsyncZod<WebhooksFeatureOptions> = async (app, opts) => {
  const { config } = app;
  const timing = { ...SPEC_TIMING, ...opts.timing };
  const box = secretBox(loadEncryptionKey(config.webhooks.encryptionKey, config.dbPath));
  const worker = new DeliveryWorker({
    db: app.db,
    box,
    timing,
    concurrency: config.webhooks.concurrency,
    allowPrivate: config.webhooks.allowPrivate,
    dashboardUrl: dashboardUrl(config.publicUrl),
    log: app.log,
  });
  if (config.webhooks.allowPrivate) {
    app.log.warn(
      'LOUPE_WEBHOOK_ALLOW_PRIVATE is on: webhooks may be delivered to this machine and its private network',
    );
  }
  await app.register(webhooksRoutes, { box, worker, timeoutMs: timing.timeoutMs });
  app.addHook('onReady', async () => worker.start());
  app.addHook('onClose', async () => worker.stop());
};
