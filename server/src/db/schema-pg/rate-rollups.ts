import { bigint, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/rate-rollups.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

const rateSessionColumns = {
  siteId: text('site_id').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  release: text('release').notNull(),
  sessions: counterColumn('sessions'),
  errorSessions: counterColumn('error_sessions'),
};

export const errorRateRollups = pgTable('error_rate_rollups', rateSessionColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.device, t.browser, t.language, t.release] }),
]);
export const errorRateDaily = pgTable('error_rate_daily', rateSessionColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.device, t.browser, t.language, t.release] }),
]);
export const errorRateMonthly = pgTable('error_rate_monthly', rateSessionColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.device, t.browser, t.language, t.release] }),
]);

const pageErrorColumns = {
  siteId: text('site_id').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  path: text('path').notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  visits: counterColumn('visits'),
  errorVisits: counterColumn('error_visits'),
};

export const pageErrorRollups = pgTable('page_error_rollups', pageErrorColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path, t.device, t.browser, t.language] }),
]);
export const pageErrorDaily = pgTable('page_error_daily', pageErrorColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path, t.device, t.browser, t.language] }),
]);
export const pageErrorMonthly = pgTable('page_error_monthly', pageErrorColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path, t.device, t.browser, t.language] }),
]);

const engagementColumns = {
  siteId: text('site_id').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  bucket: bigint('bucket', { mode: 'number' }).notNull(),
  sessions: counterColumn('sessions'),
  engagedMs: counterColumn('engaged_ms'),
};

export const engagementRollups = pgTable('engagement_rollups', engagementColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.device, t.browser, t.language, t.bucket] }),
]);
export const engagementDaily = pgTable('engagement_daily', engagementColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.device, t.browser, t.language, t.bucket] }),
  index('engagement_daily_site_browser_hour').on(t.siteId, t.browser, t.hour),
]);
export const engagementMonthly = pgTable('engagement_monthly', engagementColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.device, t.browser, t.language, t.bucket] }),
  index('engagement_monthly_site_browser_hour').on(t.siteId, t.browser, t.hour),
]);

const plainClickColumns = {
  siteId: text('site_id').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  path: text('path').notNull(),
  selector: text('selector').notNull(),
  device: text('device').notNull(),
  events: counterColumn('events'),
};

export const plainClickDaily = pgTable('plain_click_daily', plainClickColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path, t.selector, t.device] }),
]);
export const plainClickMonthly = pgTable('plain_click_monthly', plainClickColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path, t.selector, t.device] }),
]);
