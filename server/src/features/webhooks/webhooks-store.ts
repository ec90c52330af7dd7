import { randomBytes } from 'node:crypto';
import type { Webhook, WebhookDeliveriesPage, WebhookDelivery, WebhookPatch } from '@loupe/shared';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@loupe/shared';
import { and, asc, count, desc, eq, inArray, lt } from 'drizzle-orm';
import { IMMEDIATE } from '../../db/immediate.js';
import type { Db } from '../../db/open-database.js';
import { webhookAttempts, webhookDeliveries, webhooks } from '../../db/schema/index.js';
import type { SecretBox } from './secret-box.js';
import { newSigningSecret } from './webhook-signature.js';

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** How long the previous secret keeps signing after a rotation, so receivers can switch over. */
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export const eventsOf = (row: WebhookRow): WebhookEventType[] =>
  (JSON.parse(row.events) as string[]).filter((e): e is WebhookEventType =>
    (WEBHOOK_EVENT_TYPES as readonly string[]).includes(e),
  );

export function toWebhook(row: WebhookRow, pending: number, now = Date.now()): Webhook {
  const previousLive = row.previousSecret !== null && row.previousSecretUntil !== null && row.previousSecretUntil > now;
  return {
    id: row.id,
    url: row.url,
    kind: row.kind,
    events: eventsOf(row),
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    disabledAt: iso(row.disabledAt),
    failingSince: iso(row.failingSince),
    previousSecretExpiresAt: previousLive ? iso(row.previousSecretUntil) : null,
    pendingDeliveries: pending,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

export function pendingCount(db: Db, webhookId: string): number {
  return db
    .select({ n: count() })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.status, 'pending')))
    .get()!.n;
}

/** A new endpoint and its secret, or undefined when the site already has `max` (counted in the same transaction). */
export function createWebhook(
  db: Db,
  box: SecretBox,
  siteId: string,
  input: { url: string; events: WebhookEventType[]; kind: 'standard' | 'slack' },
  max: number,
  now = Date.now(),
): { row: WebhookRow; secret: string } | undefined {
  const secret = newSigningSecret();
  return db.transaction((tx) => {
    if (tx.select({ n: count() }).from(webhooks).where(eq(webhooks.siteId, siteId)).get()!.n >= max) return undefined;
    const row = tx
      .insert(webhooks)
      .values({
        id: `wh_${randomBytes(12).toString('base64url')}`,
        siteId,
        url: input.url,
        kind: input.kind,
        events: JSON.stringify(input.events),
        secret: box.seal(secret),
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    return { row, secret };
  }, IMMEDIATE);
}

export function listWebhooks(db: Db, siteId: string): WebhookRow[] {
  return db
    .select()
    .from(webhooks)
    .where(eq(webhooks.siteId, siteId))
    .orderBy(asc(webhooks.createdAt), asc(webhooks.id))
    .all();
}

/** The site's endpoint `id`; also inside a transaction (pass its `tx`). */
export function findWebhook(db: Pick<Db, 'select'>, siteId: string, id: string): WebhookRow | undefined {
  return db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.siteId, siteId), eq(webhooks.id, id)))
    .get();
}

/**
 * Enabling (again) clears why it was disabled and the failure clock, and makes the deliveries
 * that waited meanwhile due at once; disabling by hand keeps them, unsent, for later.
 */
export function patchWebhook(
  db: Db,
  siteId: string,
  id: string,
  patch: WebhookPatch,
  now = Date.now(),
): WebhookRow | undefined {
  return db.transaction((tx) => {
    const current = findWebhook(tx, siteId, id);
    if (!current) return undefined;
    const set: Partial<WebhookRow> = { updatedAt: now };
    if (patch.url !== undefined) set.url = patch.url;
    if (patch.events !== undefined) set.events = JSON.stringify(patch.events);
    if (patch.kind !== undefined) set.kind = patch.kind;
    if (patch.enabled === true && !current.enabled) {
      Object.assign(set, { enabled: true, disabledReason: null, disabledAt: null, failingSince: null });
      tx.update(webhookDeliveries)
        .set({ nextAttemptAt: now })
        .where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.status, 'pending')))
        .run();
    } else if (patch.enabled === false && current.enabled) {
      Object.assign(set, { enabled: false, disabledReason: 'manual', disabledAt: now });
    }
    return tx.update(webhooks).set(set).where(eq(webhooks.id, id)).returning().get();
  }, IMMEDIATE);
}

/** The endpoint, its deliveries and their log. */
export function deleteWebhook(db: Db, siteId: string, id: string): boolean {
  return db.transaction((tx) => {
    const gone = tx
      .delete(webhooks)
      .where(and(eq(webhooks.siteId, siteId), eq(webhooks.id, id)))
      .returning({ id: webhooks.id })
      .all();
    if (gone.length === 0) return false;
    const seqs = tx
      .select({ seq: webhookDeliveries.seq })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.webhookId, id));
    tx.delete(webhookAttempts).where(inArray(webhookAttempts.deliverySeq, seqs)).run();
    tx.delete(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id)).run();
    return true;
  }, IMMEDIATE);
}

/** A new secret; the current one becomes the previous, which signs too for ROTATION_GRACE_MS. */
export function rotateWebhookSecret(
  db: Db,
  box: SecretBox,
  siteId: string,
  id: string,
  now = Date.now(),
): { row: WebhookRow; secret: string } | undefined {
  const secret = newSigningSecret();
  return db.transaction((tx) => {
    const current = findWebhook(tx, siteId, id);
    if (!current) return undefined;
    const row = tx
      .update(webhooks)
      .set({
        secret: box.seal(secret),
        previousSecret: current.secret,
        previousSecretUntil: now + ROTATION_GRACE_MS,
        updatedAt: now,
      })
      .where(eq(webhooks.id, id))
      .returning()
      .get();
    return { row, secret };
  }, IMMEDIATE);
}

/** Every secret that signs now: the current one, and the previous one within its grace period. */
export function signingSecrets(
  row: Pick<WebhookRow, 'secret' | 'previousSecret' | 'previousSecretUntil'>,
  box: SecretBox,
  now = Date.now(),
): string[] {
  const secrets = [box.open(row.secret)];
  if (row.previousSecret !== null && row.previousSecretUntil !== null && row.previousSecretUntil > now) {
    // A previous secret sealed under a key since replaced is dropped: rotating is how to recover from that.
    try {
      secrets.push(box.open(row.previousSecret));
    } catch {}
  }
  return secrets;
}

export function listDeliveries(
  db: Db,
  webhookId: string,
  q: { status?: DeliveryRow['status'] | undefined; limit: number; cursor?: string | undefined },
): WebhookDeliveriesPage {
  const conds = [eq(webhookDeliveries.webhookId, webhookId)];
  if (q.status !== undefined) conds.push(eq(webhookDeliveries.status, q.status));
  const before = q.cursor !== undefined && /^\d+$/.test(q.cursor) ? Number(q.cursor) : undefined;
  if (before !== undefined) conds.push(lt(webhookDeliveries.seq, before));
  const rows = db
    .select()
    .from(webhookDeliveries)
    .where(and(...conds))
    .orderBy(desc(webhookDeliveries.seq))
    .limit(q.limit + 1)
    .all();
  const more = rows.length > q.limit;
  const shown = more ? rows.slice(0, q.limit) : rows;
  return {
    deliveries: toDeliveries(db, shown),
    nextCursor: more ? String(shown[shown.length - 1]!.seq) : null,
  };
}

/**
 * Sends a delivery's message again, as a new delivery at the back of the endpoint's queue with
 * the same `webhook-id` and body (a receiver that already has it can tell).
 */
export function replayDelivery(
  db: Db,
  webhookId: string,
  deliveryId: string,
  now = Date.now(),
): DeliveryRow | undefined {
  return db.transaction((tx) => {
    const d = tx
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.id, deliveryId)))
      .get();
    if (!d) return undefined;
    return tx
      .insert(webhookDeliveries)
      .values({
        id: `dlv_${randomBytes(12).toString('hex')}`,
        webhookId,
        siteId: d.siteId,
        messageId: d.messageId,
        eventType: d.eventType,
        subject: d.subject,
        createdAt: d.createdAt,
        payload: d.payload,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
      })
      .returning()
      .get();
  }, IMMEDIATE);
}

/** Deliveries as the API shows them, each with its attempts. */
export function toDeliveries(db: Db, rows: DeliveryRow[]): WebhookDelivery[] {
  const attempts =
    rows.length === 0
      ? []
      : db
          .select()
          .from(webhookAttempts)
          .where(
            inArray(
              webhookAttempts.deliverySeq,
              rows.map((r) => r.seq),
            ),
          )
          .orderBy(asc(webhookAttempts.attempt))
          .all();
  return rows.map((d) => ({
    id: d.id,
    messageId: d.messageId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    createdAt: iso(d.createdAt)!,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    deliveredAt: iso(d.deliveredAt),
    log: attempts
      .filter((a) => a.deliverySeq === d.seq)
      .map((a) => ({
        attempt: a.attempt,
        at: iso(a.at)!,
        statusCode: a.statusCode,
        durationMs: a.durationMs,
        error: a.error,
        responseExcerpt: a.responseExcerpt,
      })),
  }));
}

/**
 * Everything webhooks keep for a site: its endpoints, their deliveries and the delivery log. For
 * the deletion of a site, inside its transaction.
 */
export function deleteSiteWebhooks(db: Db, siteId: string): number {
  const sqlite = db.$client;
  sqlite
    .prepare(
      'DELETE FROM webhook_attempts WHERE delivery_seq IN (SELECT seq FROM webhook_deliveries WHERE site_id = ?)',
    )
    .run(siteId);
  const deliveries = sqlite.prepare('DELETE FROM webhook_deliveries WHERE site_id = ?').run(siteId).changes;
  return deliveries + sqlite.prepare('DELETE FROM webhooks WHERE site_id = ?').run(siteId).changes;
}

/**
 * The deliveries about these subjects (response ids, error fingerprints) and their log: a stored
 * body holds the answer as it was sent, so erasing a visitor's answers erases these too. Pending
 * ones go as well: what they would announce no longer exists. Answers the rows deleted.
 */
export function deleteDeliveriesAbout(db: Db, siteId: string, subjects: readonly string[]): number {
  if (subjects.length === 0) return 0;
  const sqlite = db.$client;
  const list = JSON.stringify(subjects);
  const match = 'site_id = ? AND subject IN (SELECT value FROM json_each(?))';
  const attempts = sqlite
    .prepare(`DELETE FROM webhook_attempts WHERE delivery_seq IN (SELECT seq FROM webhook_deliveries WHERE ${match})`)
    .run(siteId, list).changes;
  return attempts + sqlite.prepare(`DELETE FROM webhook_deliveries WHERE ${match}`).run(siteId, list).changes;
}
