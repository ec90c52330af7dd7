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

const bandColumns = () => ({
  siteId: text('site_id').notNull(),
  kind: text('kind').notNull(),
  depth: bigint('depth', { mode: 'number' }).notNull(),
  band: text('band').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  journey: text('journey').notNull(),
  responses: counterColumn('responses'),
  scoreSum: counterColumn('score_sum'),
});

export const journeyBandRollups = pgTable('journey_band_rollups', bandColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.depth, t.band, t.hour, t.journey] }),
]);
export const journeyBandRollupsDaily = pgTable('journey_band_rollups_daily', bandColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.depth, t.band, t.hour, t.journey] }),
]);
export const journeyBandRollupsMonthly = pgTable('journey_band_rollups_monthly', bandColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.depth, t.band, t.hour, t.journey] }),
]);
