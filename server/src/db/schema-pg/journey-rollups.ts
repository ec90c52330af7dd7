import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/journey-rollups.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

const columns = () => ({
  siteId: text('site_id').notNull(),
  kind: text('kind').notNull(),
  depth: bigint('depth', { mode: 'number' }).notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  journey: text('journey').notNull(),
  score: bigint('score', { mode: 'number' }).notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  responses: counterColumn('responses'),
});

export const journeyRollups = pgTable('journey_rollups', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.depth, t.hour, t.journey, t.score, t.device, t.browser, t.language] }),
]);
export const journeyRollupsDaily = pgTable('journey_rollups_daily', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.depth, t.hour, t.journey, t.score, t.device, t.browser, t.language] }),
]);
export const journeyRollupsMonthly = pgTable('journey_rollups_monthly', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.depth, t.hour, t.journey, t.score, t.device, t.browser, t.language] }),
]);
