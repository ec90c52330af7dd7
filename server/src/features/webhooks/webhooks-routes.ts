import {
  MAX_WEBHOOKS_PER_SITE,
  WEBHOOK_TEST_EVENT,
  webhookCreateSchema,
  webhookDeliveriesPageSchema,
  webhookDeliveriesQuerySchema,
  webhookDeliveryParamsSchema,
  webhookDeliverySchema,
  webhookIdParamsSchema,
  webhookListSchema,
  webhookPatchSchema,
  webhookSchema,
  webhookWithSecretSchema,
} from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { BODY_LIMITS } from '../../plugins/body-limits.js';
import { refusedLiteral } from './address-guard.js';
import type { DeliveryWorker } from './delivery-worker.js';
import type { SecretBox } from './secret-box.js';
import { sendTest } from './test-delivery.js';
import {
  createWebhook,
  deleteWebhook,
  findWebhook,
  listDeliveries,
  listWebhooks,
  patchWebhook,
  pendingCount,
  replayDelivery,
  rotateWebhookSecret,
  toDeliveries,
  toWebhook,
} from './webhooks-store.js';

export interface WebhooksRoutesOptions {
  box: SecretBox;
  worker: DeliveryWorker;
  timeoutMs: number;
}

const ERRORS = problemResponses(400, 401, 403, 404);

/** A site's webhook endpoints (secret key, or an owner's session with ?site=). */
export const webhooksRoutes: FastifyPluginAsyncZod<WebhooksRoutesOptions> = async (app, { box, worker, timeoutMs }) => {
  const common = { config: { access: 'site' }, bodyLimit: BODY_LIMITS.webhook } as const;
  const tags = ['webhooks'];
  const { allowPrivate } = app.config.webhooks;

  const checkUrl = (url: string) => {
    const refused = refusedLiteral(new URL(url), allowPrivate);
    if (refused !== undefined) throw errors.webhookUrlRefused(`${refused}.`);
  };
  const found = <T>(x: T | undefined): T => {
    if (x === undefined) throw errors.notFound('webhook');
    return x;
  };

  app.post(
    '/v1/webhooks',
    {
      ...common,
      schema: {
        tags,
        summary: 'Add a webhook endpoint',
        description:
          'Answers the signing secret (whsec_…) this once; it is stored encrypted and never shown again (rotate to get a new one). ' +
          'Deliveries follow Standard Webhooks 1.0: headers webhook-id, webhook-timestamp, webhook-signature.',
        body: webhookCreateSchema,
        response: { 201: webhookWithSecretSchema, ...ERRORS, ...problemResponses(409) },
      },
    },
    async (request, reply) => {
      const { siteId } = authenticatedSite(request);
      checkUrl(request.body.url);
      const created = createWebhook(app.db, box, siteId, request.body, MAX_WEBHOOKS_PER_SITE);
      if (created === undefined) throw errors.webhookLimitReached(MAX_WEBHOOKS_PER_SITE);
      const { row, secret } = created;
      request.log.info({ siteId, webhook: row.id }, 'webhook created');
      return reply.code(201).send({ ...toWebhook(row, 0), secret });
    },
  );

  app.get(
    '/v1/webhooks',
    {
      ...common,
      schema: { tags, summary: "List the site's webhook endpoints", response: { 200: webhookListSchema, ...ERRORS } },
    },
    async (request) => ({
      webhooks: listWebhooks(app.db, authenticatedSite(request).siteId).map((w) =>
        toWebhook(w, pendingCount(app.db, w.id)),
      ),
    }),
  );

  app.get(
    '/v1/webhooks/:webhookId',
    {
      ...common,
      schema: {
        tags,
        summary: 'Read a webhook endpoint',
        params: webhookIdParamsSchema,
        response: { 200: webhookSchema, ...ERRORS },
      },
    },
    async (request) => {
      const row = found(findWebhook(app.db, authenticatedSite(request).siteId, request.params.webhookId));
      return toWebhook(row, pendingCount(app.db, row.id));
    },
  );

  app.patch(
    '/v1/webhooks/:webhookId',
    {
      ...common,
      schema: {
        tags,
        summary: 'Change a webhook endpoint, or pause and resume it',
        description:
          'enabled: true after a disable (by hand, a 410 or 5 days of failures) sends the deliveries that waited, in order.',
        params: webhookIdParamsSchema,
        body: webhookPatchSchema,
        response: { 200: webhookSchema, ...ERRORS },
      },
    },
    async (request) => {
      if (request.body.url !== undefined) checkUrl(request.body.url);
      const row = found(
        patchWebhook(app.db, authenticatedSite(request).siteId, request.params.webhookId, request.body),
      );
      worker.kick();
      return toWebhook(row, pendingCount(app.db, row.id));
    },
  );

  app.delete(
    '/v1/webhooks/:webhookId',
    {
      ...common,
      schema: {
        tags,
        summary: 'Delete a webhook endpoint and its delivery log',
        params: webhookIdParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...ERRORS },
      },
    },
    async (request, reply) => {
      if (!deleteWebhook(app.db, authenticatedSite(request).siteId, request.params.webhookId))
        throw errors.notFound('webhook');
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/webhooks/:webhookId/rotate',
    {
      ...common,
      schema: {
        tags,
        summary: 'Rotate the signing secret',
        description:
          'Answers the new secret this once. For 24 hours both secrets sign: webhook-signature carries two v1, signatures.',
        params: webhookIdParamsSchema,
        response: { 200: webhookWithSecretSchema, ...ERRORS },
      },
    },
    async (request) => {
      const { row, secret } = found(
        rotateWebhookSecret(app.db, box, authenticatedSite(request).siteId, request.params.webhookId),
      );
      return { ...toWebhook(row, pendingCount(app.db, row.id)), secret };
    },
  );

  app.post(
    '/v1/webhooks/:webhookId/test',
    {
      ...common,
      schema: {
        tags,
        summary: 'Send a test message now',
        description:
          `Sends a signed ${WEBHOOK_TEST_EVENT} message at once (also to a disabled endpoint), waits for the answer (15 s at most) and ` +
          'answers the delivery with its one attempt. Not retried, and it changes nothing about the endpoint.',
        params: webhookIdParamsSchema,
        response: { 200: webhookDeliverySchema, ...ERRORS },
      },
    },
    async (request) => {
      const row = found(findWebhook(app.db, authenticatedSite(request).siteId, request.params.webhookId));
      return sendTest(app.db, box, row, { timeoutMs, allowPrivate, dashboardUrl: dashboardUrl(app.config.publicUrl) });
    },
  );

  app.get(
    '/v1/webhooks/:webhookId/deliveries',
    {
      ...common,
      schema: {
        tags,
        summary: 'The delivery log: each message, its status and every attempt',
        params: webhookIdParamsSchema,
        querystring: webhookDeliveriesQuerySchema,
        response: { 200: webhookDeliveriesPageSchema, ...ERRORS },
      },
    },
    async (request) => {
      const row = found(findWebhook(app.db, authenticatedSite(request).siteId, request.params.webhookId));
      return listDeliveries(app.db, row.id, request.query);
    },
  );

  app.post(
    '/v1/webhooks/:webhookId/deliveries/:deliveryId/replay',
    {
      ...common,
      schema: {
        tags,
        summary: 'Send a delivery again',
        description:
          'Queues its message again (same webhook-id and body) behind the endpoint’s pending deliveries; answers the new delivery.',
        params: webhookDeliveryParamsSchema,
        response: { 202: webhookDeliverySchema, ...ERRORS },
      },
    },
    async (request, reply) => {
      const row = found(findWebhook(app.db, authenticatedSite(request).siteId, request.params.webhookId));
      const d = replayDelivery(app.db, row.id, request.params.deliveryId);
      if (d === undefined) throw errors.notFound('delivery');
      worker.kick();
      return reply.code(202).send(toDeliveries(app.db, [d])[0]!);
    },
  );
};

/** Where the dashboard is, for links in messages: LOUPE_PUBLIC_URL + /app. */
export const dashboardUrl = (publicUrl: string | undefined) =>
  publicUrl === undefined ? undefined : `${publicUrl}/app`;
