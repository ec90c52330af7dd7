import { blob, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// The overview's and the time series' traffic counted by who the session is: one trait (name,
// value) of the session, or none (trait_key = '': every session), new vs returning, and the
// session's device, as audience-page-rates.ts counts the pages table. An overview or series that
// names an audience of at most one trait, with no filter but the device, reads these instead of
// the audience's sessions of the range. Each session counts under its traits as they are now
// (session_traits), in the hour it started; the writer moves its counts when an identify call
// changes them (features/ingest/derive/audience-session-rate-deltas.ts). By UTC hour, day and
// month (`hour` = the unit's first hour), read as in analytics/tier-plan.ts.

const columns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  hour: integer('hour').notNull(),
  /** 1: the session was a returning visitor's (`sessions.returning`). */
  returning: integer('returning').notNull(),
  device: text('device').notNull(),
  /** '': every session; a goal's name: the sessions that reached it (only `sessions` is counted). */
  goal: text('goal').notNull(),
  sessions: counterColumn('sessions'),
  /** Engaged sessions (GA4's, the complement of a bounce), and those with a goal event (tracks > 0). */
  engaged: counterColumn('engaged'),
  converted: counterColumn('converted'),
  pageviews: counterColumn('pageviews'),
  engagedMs: counterColumn('engaged_ms'),
  /** Sessions that met at least one JavaScript error (the error rate's numerator). */
  errored: counterColumn('errored'),
});

export const audienceSessionRates = sqliteTable('audience_session_rates', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.goal] }),
]);
export const audienceSessionRatesDaily = sqliteTable('audience_session_rates_daily', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.goal] }),
]);
export const audienceSessionRatesMonthly = sqliteTable('audience_session_rates_monthly', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.goal] }),
]);

/**
 * Visitor sketches (lib/visitor-sketch.ts) of the same sessions, per UTC hour and day they started:
 * distinct visitors are not additive. A sketch cannot take a visitor back out, so when a session
 * leaves a cell (its traits or returning flag changed) the writer rebuilds that cell's sketches
 * from the sessions now in it; the sketches are then always those of the stored sessions.
 */
export const audienceVisitorSketches = sqliteTable(
  'audience_visitor_sketches',
  {
    siteId: text('site_id').notNull(),
    traitKey: text('trait_key').notNull(),
    traitValue: text('trait_value').notNull(),
    tier: text('tier', { enum: ['hour', 'day'] }).notNull(),
    start: integer('start').notNull(),
    returning: integer('returning').notNull(),
    device: text('device').notNull(),
    visitors: blob('visitors', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.tier, t.start, t.returning, t.device] })],
);
