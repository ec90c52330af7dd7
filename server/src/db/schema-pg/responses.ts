import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { RESOLVED_COMPLAINT_SQL } from '../schema/responses.js';

// The PostgreSQL twin of db/schema/responses.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const responses = pgTable(
  'responses',
  {
    siteId: text('site_id').notNull(),
    displayId: text('display_id').notNull(),
    promptId: text('prompt_id').notNull(),
    kind: text('kind', { enum: ['nps', 'csat', 'ces'] }).notNull(),
    score: bigint('score', { mode: 'number' }).notNull(),
    comment: text('comment'),
    sessionId: text('session_id').notNull(),
    visitorId: text('visitor_id'),
    path: text('path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    status: text('status', { enum: ['open', 'resolved'] })
      .notNull()
      .default('open'),
    note: text('note'),
    resolvedAt: bigint('resolved_at', { mode: 'number' }),
    triagedAt: bigint('triaged_at', { mode: 'number' }),
    frictionPageviews: bigint('friction_pageviews', { mode: 'number' }).notNull().default(0),
    frictionRage: bigint('friction_rage', { mode: 'number' }).notNull().default(0),
    frictionDead: bigint('friction_dead', { mode: 'number' }).notNull().default(0),
    frictionErrorClicks: bigint('friction_error_clicks', { mode: 'number' }).notNull().default(0),
    frictionJsErrors: bigint('friction_js_errors', { mode: 'number' }).notNull().default(0),
    frictionScore: bigint('friction_score', { mode: 'number' }),
    frictionPages: text('friction_pages'),
    journey: text('journey'),
    channel: text('channel', { enum: ['web', 'email', 'sms', 'qr', 'link'] })
      .notNull()
      .default('web'),
    touchpoint: text('touchpoint'),
    customerId: text('customer_id'),
    traits: text('traits'),
    linkFlag: text('link_flag'),
    sampleLevel: bigint('sample_level', { mode: 'number' }).notNull().default(0),
    returning: bigint('returning', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    uniqueIndex('responses_site_display').on(t.siteId, t.displayId),
    index('responses_site_created').on(t.siteId, t.createdAt),
    index('responses_site_prompt_created').on(t.siteId, t.promptId, t.createdAt),
    index('responses_site_session').on(t.siteId, t.sessionId),
    index('responses_site_channel_created').on(t.siteId, t.channel, t.createdAt),
    index('responses_site_sample').on(t.siteId, t.sampleLevel, t.createdAt),
    index('responses_site_resolved_at')
      .on(t.siteId, t.resolvedAt, t.createdAt, t.returning, t.path, t.device, t.browser, t.language)
      .where(sql`resolved_at IS NOT NULL`),
    index('responses_site_resolved_complaints')
      .on(t.siteId, t.createdAt, t.returning, t.path, t.device, t.browser, t.language)
      .where(sql.raw(RESOLVED_COMPLAINT_SQL)),
  ],
);
