import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// Goal conversion by answer band (GET /v1/metrics/conversion?by=band), kept at ingest by
// features/ingest/derive/band-conversion-deltas.ts, no trigger: a session counts once per prompt
// kind, in the hour of its last answer of that kind and that answer's band (NPS detractor,
// passive, promoter; CSAT and CES by their scales), with the goals its reaches hold.

/** What each session contributes now (a JSON array of count keys), so a change moves exactly that. */
export const bandConversionSessions = sqliteTable(
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
  /** '' for every session of the band (`sessions`, and `converted`: those with any goal); else a goal name (`converted`). */
  goal: text('goal').notNull(),
  /** Start of the UTC hour (day, month) of the session's last answer of the kind. */
  hour: integer('hour').notNull(),
  band: text('band').notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  sessions: counterColumn('sessions'),
  converted: counterColumn('converted'),
};

/** By UTC hour; `_daily` and `_monthly` the same by UTC day and month (`hour` = their first hour). */
export const bandConversionCounts = sqliteTable('band_conversion_counts', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.goal, t.hour, t.band, t.device, t.browser, t.language] }),
]);
export const bandConversionCountsDaily = sqliteTable('band_conversion_counts_daily', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.goal, t.hour, t.band, t.device, t.browser, t.language] }),
]);
export const bandConversionCountsMonthly = sqliteTable('band_conversion_counts_monthly', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.goal, t.hour, t.band, t.device, t.browser, t.language] }),
]);

/**
 * Sites whose answers stored before these counts existed are still being counted (by the
 * background job of features/funnels/band-conversion-backfill-step.ts), from `cursor`, the last session
 * id done. A site is removed when done; until then its band conversion is read from its answers.
 */
export const bandConversionBackfill = sqliteTable('band_conversion_backfill', {
  siteId: text('site_id').primaryKey(),
  cursor: text('cursor').notNull(),
});
