import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/rate-totals.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

const errorRateTotalColumns = {
  siteId: text('site_id').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  release: text('release').notNull(),
  sessions: counterColumn('sessions'),
  errorSessions: counterColumn('error_sessions'),
};

export const errorRateTotalRollups = pgTable('error_rate_total_rollups', errorRateTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.release] }),
]);
export const errorRateTotalDaily = pgTable('error_rate_total_daily', errorRateTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.release] }),
]);
export const errorRateTotalMonthly = pgTable('error_rate_total_monthly', errorRateTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.release] }),
]);

const pageErrorTotalColumns = {
  siteId: text('site_id').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  path: text('path').notNull(),
  visits: counterColumn('visits'),
  errorVisits: counterColumn('error_visits'),
};

export const pageErrorTotalRollups = pgTable('page_error_total_rollups', pageErrorTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path] }),
]);
export const pageErrorTotalDaily = pgTable('page_error_total_daily', pageErrorTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path] }),
]);
export const pageErrorTotalMonthly = pgTable('page_error_total_monthly', pageErrorTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path] }),
]);

const engagementTotalColumns = {
  siteId: text('site_id').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  bucket: bigint('bucket', { mode: 'number' }).notNull(),
  sessions: counterColumn('sessions'),
  engagedMs: counterColumn('engaged_ms'),
};

export const engagementTotalRollups = pgTable('engagement_total_rollups', engagementTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.bucket] }),
]);
export const engagementTotalDaily = pgTable('engagement_total_daily', engagementTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.bucket] }),
]);
export const engagementTotalMonthly = pgTable('engagement_total_monthly', engagementTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.bucket] }),
]);

const plainClickTotalColumns = {
  siteId: text('site_id').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  path: text('path').notNull(),
  selector: text('selector').notNull(),
  events: counterColumn('events'),
};

export const plainClickTotalDaily = pgTable('plain_click_total_daily', plainClickTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path, t.selector] }),
]);
export const plainClickTotalMonthly = pgTable('plain_click_total_monthly', plainClickTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path, t.selector] }),
]);
