import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// The rates' read model: error rate (sessions and page visits with a JavaScript error), session
// engagement as a histogram (so a median over any range and segment is read from summed counts),
// and ordinary clicks per element by day. Each fact is kept at three grains, written by the ingest
// derivations directly (derive/rate-deltas.ts), no trigger involved: `*_rollups` by UTC hour,
// `*_daily` by UTC day (`hour` = the day's first hour) and `*_monthly` by UTC calendar month (`hour`
// = the month's first hour), so a range reads its whole months from the monthly table, its other
// whole days from the daily one and only its edge hours from the hourly one (analytics/grain-reader.ts).

const rateSessionColumns = {
  siteId: text('site_id').notNull(),
  /** Start of the UTC hour (or day, or month, in the coarser tables) in which the session started. */
  hour: integer('hour').notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  /** The session's release (`data-release`), '' without one. */
  release: text('release').notNull(),
  sessions: counterColumn('sessions'),
  /** Sessions with at least one JavaScript error, counted when they meet their first one. */
  errorSessions: counterColumn('error_sessions'),
};

/** Sessions and error sessions per hour of session start, visitor segment and release. */
export const errorRateRollups = sqliteTable('error_rate_rollups', rateSessionColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.device, t.browser, t.language, t.release] }),
]);
export const errorRateDaily = sqliteTable('error_rate_daily', rateSessionColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.device, t.browser, t.language, t.release] }),
]);
export const errorRateMonthly = sqliteTable('error_rate_monthly', rateSessionColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.device, t.browser, t.language, t.release] }),
]);

const pageErrorColumns = {
  siteId: text('site_id').notNull(),
  /** The visit's hour (or day, or month): that of its first view, like page_rollups' `sessions`. */
  hour: integer('hour').notNull(),
  path: text('path').notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  /** Page visits (a session on a page), each counted once. */
  visits: counterColumn('visits'),
  /** Of those, visits with at least one JavaScript error on the page. */
  errorVisits: counterColumn('error_visits'),
};

/** Page visits and page visits with a JavaScript error, per page and visitor segment. */
export const pageErrorRollups = sqliteTable('page_error_rollups', pageErrorColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path, t.device, t.browser, t.language] }),
]);
export const pageErrorDaily = sqliteTable('page_error_daily', pageErrorColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path, t.device, t.browser, t.language] }),
]);
export const pageErrorMonthly = sqliteTable('page_error_monthly', pageErrorColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path, t.device, t.browser, t.language] }),
]);

const engagementColumns = {
  siteId: text('site_id').notNull(),
  /** Hour (or day, or month) of session start. */
  hour: integer('hour').notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  /** lib/engagement-histogram.ts: the bucket of the session's engaged time so far. */
  bucket: integer('bucket').notNull(),
  /** Sessions whose engaged time is in this bucket (a session moves bucket as it engages: −1 here, +1 there). */
  sessions: counterColumn('sessions'),
  /** Engaged ms added by the sessions while counted here (summed over buckets: the total engaged time). */
  engagedMs: counterColumn('engaged_ms'),
};

/** Session engagement histogram per hour of session start and visitor segment. */
export const engagementRollups = sqliteTable('engagement_rollups', engagementColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.device, t.browser, t.language, t.bucket] }),
]);
export const engagementDaily = sqliteTable('engagement_daily', engagementColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.device, t.browser, t.language, t.bucket] }),
  // One browser's rows of a range without the other browsers' (a read narrowed to a browser):
  // the key leads with the hour, so it would walk every segment's rows of each day.
  index('engagement_daily_site_browser_hour').on(t.siteId, t.browser, t.hour),
]);
export const engagementMonthly = sqliteTable('engagement_monthly', engagementColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.device, t.browser, t.language, t.bucket] }),
  index('engagement_monthly_site_browser_hour').on(t.siteId, t.browser, t.hour),
]);

const plainClickColumns = {
  siteId: text('site_id').notNull(),
  hour: integer('hour').notNull(),
  path: text('path').notNull(),
  selector: text('selector').notNull(),
  device: text('device').notNull(),
  events: counterColumn('events'),
};

/**
 * Ordinary clicks per element by UTC day and month: click_rollups keeps them by hour, and no cube
 * tier does (the frustration-click cube leaves them out), so "most clicked" reads days and months here.
 */
export const plainClickDaily = sqliteTable('plain_click_daily', plainClickColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path, t.selector, t.device] }),
]);
export const plainClickMonthly = sqliteTable('plain_click_monthly', plainClickColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.path, t.selector, t.device] }),
]);
