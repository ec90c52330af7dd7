import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of db/schema/webhooks.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const webhooks = pgTable(
  'webhooks',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    url: text('url').notNull(),
    kind: text('kind', { enum: ['standard', 'slack'] }).notNull(),
    events: text('events').notNull(),
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretUntil: bigint('previous_secret_until', { mode: 'number' }),
    enabled: bigint('enabled', { mode: 'number' }).notNull().default(1),
    disabledReason: text('disabled_reason', { enum: ['manual', 'gone', 'failing'] }),
    disabledAt: bigint('disabled_at', { mode: 'number' }),
    failingSince: bigint('failing_since', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('webhooks_site_idx').on(t.siteId)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    id: text('id').notNull().unique(),
    webhookId: text('webhook_id').notNull(),
    siteId: text('site_id').notNull(),
    messageId: text('message_id').notNull(),
    eventType: text('event_type').notNull(),
    subject: text('subject').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    payload: text('payload'),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }),
    deliveredAt: bigint('delivered_at', { mode: 'number' }),
  },
  (t) => [
    index('webhook_deliveries_pending_idx').on(t.webhookId, t.seq).where(sql`status = 'pending'`),
    index('webhook_deliveries_log_idx').on(t.webhookId, t.seq),
    index('webhook_deliveries_created_idx').on(t.createdAt),
    index('webhook_deliveries_subject_idx').on(t.siteId, t.subject),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    deliverySeq: bigint('delivery_seq', { mode: 'number' }).notNull(),
    attempt: bigint('attempt', { mode: 'number' }).notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
    statusCode: bigint('status_code', { mode: 'number' }),
    durationMs: bigint('duration_ms', { mode: 'number' }).notNull(),
    error: text('error'),
    responseExcerpt: text('response_excerpt'),
  },
  (t) => [primaryKey({ columns: [t.deliverySeq, t.attempt] })],
);
