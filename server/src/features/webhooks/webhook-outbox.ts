import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * The writing end of the outbox: called inside the transaction that stores a change (the ingest
 * writer's group commit, on its thread; a response's PATCH, on the main thread), it writes one
 * delivery per enabled endpoint of the site that subscribes to the event type. Commit and outbox
 * are one: a crash before COMMIT keeps neither, after it both, and the delivery worker
 * (delivery-worker.ts) sends what it finds. A site without endpoints costs one index lookup.
 */
export interface WebhookOutbox {
  announce(siteId: string, type: string, subject: string, at: number): void;
}

/** A message id (`webhook-id`): unique, and the same on every attempt and replay. */
export const newMessageId = () => `msg_${randomBytes(15).toString('base64url')}`;

const FAN_OUT_SQL =
  'INSERT INTO webhook_deliveries (id, webhook_id, site_id, message_id, event_type, subject, created_at, status, attempts, next_attempt_at) ' +
  "SELECT 'dlv_' || lower(hex(randomblob(12))), w.id, w.site_id, ?, ?, ?, ?, 'pending', 0, ? FROM webhooks w " +
  'WHERE w.site_id = ? AND w.enabled = 1 AND EXISTS (SELECT 1 FROM json_each(w.events) WHERE value = ?) ORDER BY w.id';

const cache = new WeakMap<Database.Database, WebhookOutbox>();

export function webhookOutbox(db: Database.Database): WebhookOutbox {
  let outbox = cache.get(db);
  if (!outbox) {
    const fanOut = db.prepare(FAN_OUT_SQL);
    outbox = {
      announce(siteId, type, subject, at) {
        // Due at once: "immediately" is the first step of the retry schedule.
        fanOut.run(newMessageId(), type, subject, at, Date.now(), siteId, type);
      },
    };
    cache.set(db, outbox);
  }
  return outbox;
}
