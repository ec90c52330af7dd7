import { blob, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Derived by features/ingest/derive/read-model-deltas.ts in the same transaction as the events.

/**
 * HyperLogLog sketches of visitors (lib/visitor-sketch.ts) of the sessions that started in a UTC
 * hour or day: distinct counts are not additive, sketches are mergeable. `returning` holds only the
 * visitors of sessions whose visitor had an earlier session.
 */
export const visitorSketches = sqliteTable(
  'visitor_sketches',
  {
    siteId: text('site_id').notNull(),
    tier: text('tier', { enum: ['hour', 'day'] }).notNull(),
    start: integer('start').notNull(),
    visitors: blob('visitors', { mode: 'buffer' }).notNull(),
    returning: blob('returning', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.tier, t.start] })],
);

/**
 * visitor_sketches per visitor segment of the session (device, browser, language), for distinct
 * visitors under filters and per breakdown row. Sketches of one segment merge into any coarser
 * question (a device is the union of its browsers and languages). Besides hours and UTC days they
 * are kept per UTC calendar month: a breakdown over months would otherwise merge a sketch per
 * segment and day.
 */
export const visitorSegmentSketches = sqliteTable(
  'visitor_segment_sketches',
  {
    siteId: text('site_id').notNull(),
    tier: text('tier', { enum: ['hour', 'day', 'month'] }).notNull(),
    start: integer('start').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    visitors: blob('visitors', { mode: 'buffer' }).notNull(),
    returning: blob('returning', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.tier, t.start, t.device, t.browser, t.language] })],
);
