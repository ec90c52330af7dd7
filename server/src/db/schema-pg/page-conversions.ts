import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/page-conversions.ts: the same tables, columns and keys, whose
// meaning is documented there; the types follow the mapping in schema-pg/index.ts.

const countColumns = {
  siteId: text('site_id').notNull(),
  goalKey: bigint('goal_key', { mode: 'number' }).notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  pageKey: bigint('page_key', { mode: 'number' }).notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  sessions: counterColumn('sessions'),
  converted: counterColumn('converted'),
};

export const pageConversionCounts = pgTable('page_conversion_counts', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.goalKey, t.hour, t.pageKey, t.device, t.browser, t.language] }),
]);
export const pageConversionCountsDaily = pgTable('page_conversion_counts_daily', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.goalKey, t.hour, t.pageKey, t.device, t.browser, t.language] }),
]);
export const pageConversionCountsMonthly = pgTable('page_conversion_counts_monthly', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.goalKey, t.hour, t.pageKey, t.device, t.browser, t.language] }),
]);

export const pageConversionBackfill = pgTable('page_conversion_backfill', {
  siteId: text('site_id').primaryKey(),
  cursor: text('cursor').notNull(),
});
