import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// Conversions of `track` goals, derived by features/ingest/derive/read-model-deltas.ts in the same
// transaction as the events. Hourly UTC buckets, like signal-rollups.ts.

/** (session, goal) pairs already counted as a conversion. */
export const sessionGoals = sqliteTable(
  'session_goals',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.sessionId, t.name] })],
);

/**
 * `track` goals. `conversions` counts each session once, in the hour its session started (the
 * bucket session_rollups counts it in), so conversions ÷ sessions is a rate ≤ 1 over any range;
 * `events` counts every track event in its own hour.
 */
export const goalRollups = sqliteTable(
  'goal_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    name: text('name').notNull(),
    conversions: counterColumn('conversions'),
    events: counterColumn('events'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.name] })],
);

/**
 * Goal conversions by the converting session's entry page and segment, counted like goal_rollups'
 * `conversions` (once per session and goal, in the hour the session started).
 */
export const goalSegmentRollups = sqliteTable(
  'goal_segment_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    name: text('name').notNull(),
    entryPath: text('entry_path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    conversions: counterColumn('conversions'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.name, t.entryPath, t.device, t.browser, t.language] })],
);
