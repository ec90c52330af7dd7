import { bigint, doublePrecision, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/audience-page-rates.ts: the same tables, columns and keys, whose
// meaning is documented there; the types follow the mapping in schema-pg/index.ts.

const columns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  returning: bigint('returning', { mode: 'number' }).notNull(),
  path: text('path').notNull(),
  visits: counterColumn('visits'),
  pageviews: counterColumn('pageviews'),
  jsErrors: counterColumn('js_errors'),
  scrollSum: doublePrecision('scroll_sum').notNull().default(0),
  entries: counterColumn('entries'),
  engagedEntries: counterColumn('engaged_entries'),
  multiPageEntries: counterColumn('multi_page_entries'),
  /** Visits that met at least one JavaScript error (a page's error rate: errored ÷ visits). */
  errored: counterColumn('errored'),
});

export const audiencePageRates = pgTable('audience_page_rates', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.path] }),
]);
export const audiencePageRatesDaily = pgTable('audience_page_rates_daily', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.path] }),
]);
export const audiencePageRatesMonthly = pgTable('audience_page_rates_monthly', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.path] }),
]);
