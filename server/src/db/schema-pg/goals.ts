import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/goals.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const sessionGoals = pgTable(
  'session_goals',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.sessionId, t.name] })],
);

export const goalRollups = pgTable(
  'goal_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    conversions: counterColumn('conversions'),
    events: counterColumn('events'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.name] })],
);

export const goalSegmentRollups = pgTable(
  'goal_segment_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    entryPath: text('entry_path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    conversions: counterColumn('conversions'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.name, t.entryPath, t.device, t.browser, t.language] })],
);
