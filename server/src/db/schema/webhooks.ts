import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Webhook endpoints and their outbox (features/webhooks/). A delivery row is written in the same
// transaction as the change it announces (the ingest writer's commit, a response's PATCH), so a
// crash between that commit and the send loses nothing: the delivery worker finds it on restart.

/** One receiver of a site's events. */
export const webhooks = sqliteTable(
  'webhooks',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    url: text('url').notNull(),
    /** `standard` (Standard Webhooks JSON) or `slack` (a Slack incoming webhook's message). */
    kind: text('kind', { enum: ['standard', 'slack'] }).notNull(),
    /** JSON array of the event types it receives (read in SQL by the writer with json_each). */
    events: text('events').notNull(),
    /**
     * The signing secret `whsec_…`, encrypted with the instance's key (features/webhooks/secret-box.ts):
     * the server must sign with it, so a one-way hash would not do.
     */
    secret: text('secret').notNull(),
    /** After a rotation: the previous secret, which keeps signing until previous_secret_until. */
    previousSecret: text('previous_secret'),
    previousSecretUntil: integer('previous_secret_until'),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    /** Why it is disabled: `manual` (PATCH), `gone` (the receiver answered 410), `failing` (5 days of failures). */
    disabledReason: text('disabled_reason', { enum: ['manual', 'gone', 'failing'] }),
    disabledAt: integer('disabled_at'),
    /** The first failed attempt since the last success; null while deliveries succeed. */
    failingSince: integer('failing_since'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('webhooks_site_idx').on(t.siteId)],
);

/**
 * One message to one endpoint. `seq` is the order of creation, the order an endpoint receives its
 * messages in; `message_id` is the `webhook-id` header, the same on every attempt and replay.
 */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    webhookId: text('webhook_id').notNull(),
    siteId: text('site_id').notNull(),
    messageId: text('message_id').notNull(),
    eventType: text('event_type').notNull(),
    /** What the event is about: a response's id, an error group's fingerprint. */
    subject: text('subject').notNull(),
    /** When the event happened (the payload's `timestamp`). */
    createdAt: integer('created_at').notNull(),
    /** The body as first sent, kept so every retry and replay sends the same bytes; null until then. */
    payload: text('payload'),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at'),
    deliveredAt: integer('delivered_at'),
  },
  (t) => [
    // The delivery worker's question: each endpoint's oldest pending delivery.
    index('webhook_deliveries_pending_idx').on(t.webhookId, t.seq).where(sql`status = 'pending'`),
    index('webhook_deliveries_log_idx').on(t.webhookId, t.seq),
    // The log's pruning: deliveries done with and older than the log keeps.
    index('webhook_deliveries_created_idx').on(t.createdAt),
    // Retention and erasure: the deliveries about one answer, which leave with it.
    index('webhook_deliveries_subject_idx').on(t.siteId, t.subject),
  ],
);

/** The delivery log: one row per attempt (status, duration, the receiver's answer, cut short). */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    deliverySeq: integer('delivery_seq').notNull(),
    attempt: integer('attempt').notNull(),
    at: integer('at').notNull(),
    /** The receiver's HTTP status; null when there was none (refused address, timeout, connection error). */
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
    responseExcerpt: text('response_excerpt'),
  },
  (t) => [primaryKey({ columns: [t.deliverySeq, t.attempt] })],
);
