import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// The rates' read model without the visitor segment (device, browser, language): the same counts as
// rate-rollups.ts summed over every segment, at the same three grains (plain clicks: day and month,
// beside click_rollups by hour). A read with no segment filter and no segment `by` sums these
// (analytics/grain-reader.ts): a day holds one row per page, bucket or release instead of one per
// segment and key, so its rows stop growing once every page, bucket or release is present.
// Written by the derivations with the segmented rows (derive/rate-deltas.ts).

const errorRateTotalColumns = {
  siteId: text('site_id').notNull(),
  hour: integer('hour').notNull(),
  release: text('release').notNull(),
  sessions: counterColumn('sessions'),
  errorSessions: counterColumn('error_sessions'),
};

/** error_rate_* summed over the visitor segment: sessions and error sessions per start hour and release. */
export const errorRateTotalRollups = sqliteTable('error_rate_total_rollups', errorRateTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.release] }),
]);
export const errorRateTotalDaily = sqliteTable('error_rate_total_daily', errorRateTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.release] }),
]);
export const errorRateTotalMonthly = sqliteTable('error_rate_total_monthly', errorRateTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.release] }),
]);

const pageErrorTotalColumns = {
  siteId: text('site_id').notNull(),
  hour: integer('hour').notNull(),
  path: text('path').notNull(),
  visits: counterColumn('visits'),
  errorVisits: counterColumn('error_visits'),
};

/** page_error_* summed over the visitor segment: page visits and error visits per hour and page. */
export const pageErrorTotalRollups = sqliteTable('page_error_total_rollups', pageErrorTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path] }),
]);
export const pageErrorTotalDaily = sqliteTable('page_error_total_daily', pageErrorTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path] }),
]);
export const pageErrorTotalMonthly = sqliteTable('page_error_total_monthly', pageErrorTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path] }),
]);

const engagementTotalColumns = {
  siteId: text('site_id').notNull(),
  hour: integer('hour').notNull(),
  bucket: integer('bucket').notNull(),
  sessions: counterColumn('sessions'),
  engagedMs: counterColumn('engaged_ms'),
};

/** engagement_* summed over the visitor segment: the histogram per hour of session start. */
export const engagementTotalRollups = sqliteTable('engagement_total_rollups', engagementTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.bucket] }),
]);
export const engagementTotalDaily = sqliteTable('engagement_total_daily', engagementTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.bucket] }),
]);
export const engagementTotalMonthly = sqliteTable('engagement_total_monthly', engagementTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.bucket] }),
]);

const plainClickTotalColumns = {
  siteId: text('site_id').notNull(),
  hour: integer('hour').notNull(),
  path: text('path').notNull(),
  selector: text('selector').notNull(),
  events: counterColumn('events'),
};

/** plain_click_* summed over devices: ordinary clicks per element by UTC day and month. */
export const plainClickTotalDaily = sqliteTable('plain_click_total_daily', plainClickTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path, t.selector] }),
]);
export const plainClickTotalMonthly = sqliteTable('plain_click_total_monthly', plainClickTotalColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path, t.selector] }),
]);
