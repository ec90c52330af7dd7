import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { bytea } from './bytea.js';

// The PostgreSQL twin of db/schema/visitor-sketches.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const visitorSketches = pgTable(
  'visitor_sketches',
  {
    siteId: text('site_id').notNull(),
    tier: text('tier', { enum: ['hour', 'day'] }).notNull(),
    start: bigint('start', { mode: 'number' }).notNull(),
    visitors: bytea('visitors').notNull(),
    returning: bytea('returning').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.tier, t.start] })],
);

export const visitorSegmentSketches = pgTable(
  'visitor_segment_sketches',
  {
    siteId: text('site_id').notNull(),
    tier: text('tier', { enum: ['hour', 'day', 'month'] }).notNull(),
    start: bigint('start', { mode: 'number' }).notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    visitors: bytea('visitors').notNull(),
    returning: bytea('returning').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.tier, t.start, t.device, t.browser, t.language] })],
);
