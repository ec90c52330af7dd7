import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/band-conversions.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts (`keys` is JSON the code keeps
// as text, so text).

export const bandConversionSessions = pgTable(
  'band_conversion_sessions',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    keys: text('keys').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.sessionId] })],
);

const countColumns = {
  siteId: text('site_id').notNull(),
  kind: text('kind').notNull(),
  goal: text('goal').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  band: text('band').notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  sessions: counterColumn('sessions'),
  converted: counterColumn('converted'),
};

export const bandConversionCounts = pgTable('band_conversion_counts', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.goal, t.hour, t.band, t.device, t.browser, t.language] }),
]);
export const bandConversionCountsDaily = pgTable('band_conversion_counts_daily', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.goal, t.hour, t.band, t.device, t.browser, t.language] }),
]);
export const bandConversionCountsMonthly = pgTable('band_conversion_counts_monthly', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.goal, t.hour, t.band, t.device, t.browser, t.language] }),
]);

export const bandConversionBackfill = pgTable('band_conversion_backfill', {
  siteId: text('site_id').primaryKey(),
  cursor: text('cursor').notNull(),
});
