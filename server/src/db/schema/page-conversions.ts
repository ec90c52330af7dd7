import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// Goal conversion by page (GET /v1/metrics/conversion?by=page), kept at ingest by
// features/ingest/derive/page-conversion-deltas.ts, no trigger: a session counts once per distinct
// page its reaches (session_steps) hold, in the hour of its first reach and under its segment, with
// the goals those reaches hold. What a session contributes is a function of its row of
// session_steps alone, so no per-session state is kept: a change moves the counts from the old
// row's contribution to the new one's.

const countColumns = {
  siteId: text('site_id').notNull(),
  /** 0 for every session of the page (`sessions`, and `converted`: those with any goal); else a goal's funnel_keys id (`converted`). */
  goalKey: integer('goal_key').notNull(),
  /** Start of the UTC hour (day, month) of the session's first reach (session_steps.first_ts). */
  hour: integer('hour').notNull(),
  /** The page's funnel_keys id. */
  pageKey: integer('page_key').notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  sessions: counterColumn('sessions'),
  converted: counterColumn('converted'),
};

/** By UTC hour; `_daily` and `_monthly` the same by UTC day and month (`hour` = their first hour). */
export const pageConversionCounts = sqliteTable('page_conversion_counts', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.goalKey, t.hour, t.pageKey, t.device, t.browser, t.language] }),
]);
export const pageConversionCountsDaily = sqliteTable('page_conversion_counts_daily', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.goalKey, t.hour, t.pageKey, t.device, t.browser, t.language] }),
]);
export const pageConversionCountsMonthly = sqliteTable('page_conversion_counts_monthly', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.goalKey, t.hour, t.pageKey, t.device, t.browser, t.language] }),
]);

/**
 * Sites whose sessions stored before these counts existed are still being counted (by the
 * background job of features/funnels/saved-funnel-backfill.ts), in session id order from `cursor`,
 * the last session id done. The writer moves the counts only of sessions up to the cursor (the
 * others are counted as they are when the job reaches them). A site is removed when done; until
 * then its conversion by page is read from its sessions.
 */
export const pageConversionBackfill = sqliteTable('page_conversion_backfill', {
  siteId: text('site_id').primaryKey(),
  cursor: text('cursor').notNull(),
});
