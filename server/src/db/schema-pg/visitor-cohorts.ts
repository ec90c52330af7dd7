import { bigint, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { cohortRollupTable } from './cohort-rollup-table.js';

// The PostgreSQL twin of db/schema/visitor-cohorts.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const visitorCohorts = pgTable(
  'visitor_cohorts',
  {
    siteId: text('site_id').notNull(),
    visitorId: text('visitor_id').notNull(),
    firstTs: bigint('first_ts', { mode: 'number' }).notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    convertedWeeksBefore: bigint('converted_weeks_before', { mode: 'number' }).notNull().default(0),
    convertedMonthsBefore: bigint('converted_months_before', { mode: 'number' }).notNull().default(0),
    returnedTs: bigint('returned_ts', { mode: 'number' }),
    countedReturning: bigint('counted_returning', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.visitorId] }),
    index('visitor_cohorts_site_returned').on(t.siteId, t.returnedTs, t.firstTs),
  ],
);

export const visitorPeriods = pgTable(
  'visitor_periods',
  {
    siteId: text('site_id').notNull(),
    visitorId: text('visitor_id').notNull(),
    interval: text('interval', { enum: ['week', 'month'] }).notNull(),
    period: text('period').notNull(),
    converted: bigint('converted', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.visitorId, t.interval, t.period] }),
    index('visitor_periods_site_interval_period').on(t.siteId, t.interval, t.period),
  ],
);

export const cohortRollups = cohortRollupTable('cohort_rollups');
