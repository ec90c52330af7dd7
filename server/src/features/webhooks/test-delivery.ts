import { randomBytes } from 'node:crypto';
import { WEBHOOK_TEST_EVENT, type WebhookDelivery } from '@loupe/shared';
import type { Db } from '../../db/open-database.js';
import { webhookAttempts, webhookDeliveries } from '../../db/schema/index.js';
import { webhookHeaders } from './delivery-worker.js';
import type { SecretBox } from './secret-box.js';
import { slackMessage } from './slack-message.js';
import type { EventData } from './webhook-payload.js';
import { newMessageId } from './webhook-outbox.js';
import { sendWebhook } from './webhook-sender.js';
import { signingSecrets, toDeliveries, type WebhookRow } from './webhooks-store.js';

/**
 * `POST /v1/webhooks/:id/test`: one signed message, sent now rather than queued (a test should not
 * wait behind a backlog, nor hold one up), recorded in the delivery log like any other.
 */
export async function sendTest(
  db: Db,
  box: SecretBox,
  row: WebhookRow,
  o: { timeoutMs: number; allowPrivate: boolean; dashboardUrl: string | undefined },
): Promise<WebhookDelivery> {
  const at = Date.now();
  const messageId = newMessageId();
  const event: EventData = {
    type: WEBHOOK_TEST_EVENT,
    data: { webhookId: row.id, message: 'A test message from Loupe: this endpoint receives signed deliveries.' },
  };
  const body =
    row.kind === 'slack'
      ? slackMessage(event, event.type, row.id, { dashboard: o.dashboardUrl, siteId: row.siteId })
      : JSON.stringify({ type: event.type, timestamp: new Date(at).toISOString(), data: event.data });
  const result = await sendWebhook(row.url, webhookHeaders(signingSecrets(row, box, at), messageId, body, at), body, o);
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const delivery = db.transaction((tx) => {
    const d = tx
      .insert(webhookDeliveries)
      .values({
        id: `dlv_${randomBytes(12).toString('hex')}`,
        webhookId: row.id,
        siteId: row.siteId,
        messageId,
        eventType: event.type,
        subject: row.id,
        createdAt: at,
        payload: body,
        status: ok ? 'delivered' : 'failed',
        attempts: 1,
        deliveredAt: ok ? Date.now() : null,
      })
      .returning()
      .get();
    tx.insert(webhookAttempts)
      .values({
        deliverySeq: d.seq,
        attempt: 1,
        at,
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        error: result.error,
        responseExcerpt: result.responseExcerpt,
      })
      .run();
    return d;
  });
  return toDeliveries(db, [delivery])[0]!;
}
