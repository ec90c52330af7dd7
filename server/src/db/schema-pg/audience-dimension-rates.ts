import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { bytea } from './bytea.js';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/audience-dimension-rates.ts: the same tables, columns and keys,
// whose meaning is documented there; the types follow the mapping in schema-pg/index.ts.

const columns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  dim: text('dim').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  returning: bigint('returning', { mode: 'number' }).notNull(),
  device: text('device').notNull(),
  value: text('value').notNull(),
  sessions: counterColumn('sessions'),
  engaged: counterColumn('engaged'),
  converted: counterColumn('converted'),
  pageviews: counterColumn('pageviews'),
  engagedMs: counterColumn('engaged_ms'),
  /** Sessions that met at least one JavaScript error (the error rate's numerator). */
  errored: counterColumn('errored'),
});

export const audienceDimensionRates = pgTable('audience_dimension_rates', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.dim, t.hour, t.returning, t.device, t.value] }),
]);
export const audienceDimensionRatesDaily = pgTable('audience_dimension_rates_daily', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.dim, t.hour, t.returning, t.device, t.value] }),
]);
export const audienceDimensionRatesMonthly = pgTable('audience_dimension_rates_monthly', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.dim, t.hour, t.returning, t.device, t.value] }),
]);

export const audienceDimensionSketches = pgTable(
  'audience_dimension_sketches',
  {
    siteId: text('site_id').notNull(),
    traitKey: text('trait_key').notNull(),
    traitValue: text('trait_value').notNull(),
    dim: text('dim').notNull(),
    tier: text('tier', { enum: ['hour', 'day'] }).notNull(),
    start: bigint('start', { mode: 'number' }).notNull(),
    returning: bigint('returning', { mode: 'number' }).notNull(),
    device: text('device').notNull(),
    value: text('value').notNull(),
    visitors: bytea('visitors').notNull(),
  },
  (t) => [
    primaryKey({
      columns: [t.siteId, t.traitKey, t.traitValue, t.dim, t.tier, t.start, t.returning, t.device, t.value],
    }),
  ],
);
