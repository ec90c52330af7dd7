import { integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// The pages table's rates counted by who the session is: one trait (name, value) of the session,
// or none (trait_key = '': every session), and new vs returning, as audience-answers.ts counts the
// answers. A pages question that names an audience of at most one trait and no device, browser or
// language filter reads these instead of the audience's sessions and visits of the range. Each
// session counts under its traits as they are now (session_traits): when an identify call changes
// them, the writer moves the session's whole counts from the old keys to the new
// (features/ingest/derive/audience-page-rate-deltas.ts). A visit counts at its page and the hour of
// its first view (session_pages), a session's entry at its entry page and the hour it started.
// By UTC hour, day and month (`hour` = the unit's first hour), read as in analytics/tier-plan.ts.

const columns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  hour: integer('hour').notNull(),
  /** 1: the session was a returning visitor's (`sessions.returning`). */
  returning: integer('returning').notNull(),
  path: text('path').notNull(),
  /** Visits of the page (session_pages rows with a view or a scroll), their views and JS errors. */
  visits: counterColumn('visits'),
  pageviews: counterColumn('pageviews'),
  jsErrors: counterColumn('js_errors'),
  /** Sum of the visits' deepest scroll (percent): avg = scrollSum ÷ visits. */
  scrollSum: real('scroll_sum').notNull().default(0),
  /** Sessions that entered on the page, those of them engaged (not bounced), and those of 2+ page views. */
  entries: counterColumn('entries'),
  engagedEntries: counterColumn('engaged_entries'),
  multiPageEntries: counterColumn('multi_page_entries'),
  /** Visits that met at least one JavaScript error (a page's error rate: errored ÷ visits). */
  errored: counterColumn('errored'),
});

export const audiencePageRates = sqliteTable('audience_page_rates', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.path] }),
]);
export const audiencePageRatesDaily = sqliteTable('audience_page_rates_daily', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.path] }),
]);
export const audiencePageRatesMonthly = sqliteTable('audience_page_rates_monthly', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.path] }),
]);
