import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { bytea } from './bytea.js';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/audience-session-rates.ts: the same tables, columns and keys,
// whose meaning is documented there; the types follow the mapping in schema-pg/index.ts.

const columns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  returning: bigint('returning', { mode: 'number' }).notNull(),
  device: text('device').notNull(),
  goal: text('goal').notNull(),
  sessions: counterColumn('sessions'),
  engaged: counterColumn('engaged'),
  converted: counterColumn('converted'),
  pageviews: counterColumn('pageviews'),
  engagedMs: counterColumn('engaged_ms'),
  /** Sessions that met at least one JavaScript error (the error rate's numerator). */
  errored: counterColumn('errored'),
});

export const audienceSessionRates = pgTable('audience_session_rates', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.goal] }),
]);
export const audienceSessionRatesDaily = pgTable('audience_session_rates_daily', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.goal] }),
]);
export const audienceSessionRatesMonthly = pgTable('audience_session_rates_monthly', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.goal] }),
]);

export const audienceVisitorSketches = pgTable(
  'audience_visitor_sketches',
  {
    siteId: text('site_id').notNull(),
    traitKey: text('trait_key').notNull(),
    traitValue: text('trait_value').notNull(),
    tier: text('tier', { enum: ['hour', 'day'] }).notNull(),
    start: bigint('start', { mode: 'number' }).notNull(),
    returning: bigint('returning', { mode: 'number' }).notNull(),
    device: text('device').notNull(),
    visitors: bytea('visitors').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.tier, t.start, t.returning, t.device] })],
);
