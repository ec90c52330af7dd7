import { blob, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// The breakdown's traffic by browser family, language and entry page, and the error rate's by
// release, counted by who the session is: the sessions of audience_session_rates
// (audience-session-rates.ts: one trait of the session or none, new vs returning, device) split by
// one dimension (`dim`: browser, language, entryPage or release) and the session's value of it. A
// breakdown by one of the first three under an audience of at most one trait, with no filter but
// the device, reads these instead of the audience's sessions of the range, and so does the error
// rate by or filtered on one of browser, language and release (features/rates/audience-error-rate-counts.ts).
// One table for the four: a read always narrows to one dimension by equality before the hour
// range, so it reads what a table per dimension would, and the writer keeps one table family from
// the same contributions as audience_session_rates. The release came last (migration
// audience_release_rates), as a value of `dim` rather than a column: a column would multiply every
// row of the other three by the site's releases. No goal column: a breakdown has no goal. By UTC
// hour, day and month (`hour` = the unit's first hour), read as in analytics/tier-plan.ts.

const columns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  /** browser, language or entryPage (BREAKDOWN_DIMENSIONS), or release. */
  dim: text('dim').notNull(),
  hour: integer('hour').notNull(),
  returning: integer('returning').notNull(),
  device: text('device').notNull(),
  /** The session's browser family, language tag ('' = unknown), entry path or release ('' = none). */
  value: text('value').notNull(),
  sessions: counterColumn('sessions'),
  engaged: counterColumn('engaged'),
  converted: counterColumn('converted'),
  pageviews: counterColumn('pageviews'),
  engagedMs: counterColumn('engaged_ms'),
  /** Sessions that met at least one JavaScript error (the error rate's numerator). */
  errored: counterColumn('errored'),
});

export const audienceDimensionRates = sqliteTable('audience_dimension_rates', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.dim, t.hour, t.returning, t.device, t.value] }),
]);
export const audienceDimensionRatesDaily = sqliteTable('audience_dimension_rates_daily', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.dim, t.hour, t.returning, t.device, t.value] }),
]);
export const audienceDimensionRatesMonthly = sqliteTable('audience_dimension_rates_monthly', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.dim, t.hour, t.returning, t.device, t.value] }),
]);

/**
 * Visitor sketches (lib/visitor-sketch.ts) of the same sessions by browser and by language, per UTC
 * hour and day they started, kept as audience_visitor_sketches are (rebuilt when a session leaves a
 * cell). None by entry page: a breakdown by entry page has no visitors.
 */
export const audienceDimensionSketches = sqliteTable(
  'audience_dimension_sketches',
  {
    siteId: text('site_id').notNull(),
    traitKey: text('trait_key').notNull(),
    traitValue: text('trait_value').notNull(),
    dim: text('dim').notNull(),
    tier: text('tier', { enum: ['hour', 'day'] }).notNull(),
    start: integer('start').notNull(),
    returning: integer('returning').notNull(),
    device: text('device').notNull(),
    value: text('value').notNull(),
    visitors: blob('visitors', { mode: 'buffer' }).notNull(),
  },
  (t) => [
    primaryKey({
      columns: [t.siteId, t.traitKey, t.traitValue, t.dim, t.tier, t.start, t.returning, t.device, t.value],
    }),
  ],
);
