import { bigint, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { cohortRollupTable } from './cohort-rollup-table.js';

// The PostgreSQL twin of db/schema/customer-cohorts.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const customerSessions = pgTable(
  'customer_sessions',
  {
    siteId: text('site_id').notNull(),
    customerId: text('customer_id').notNull(),
    sessionId: text('session_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.customerId, t.sessionId] }),
    index('customer_sessions_site_session').on(t.siteId, t.sessionId),
  ],
);

export const customerCohorts = pgTable(
  'customer_cohorts',
  {
    siteId: text('site_id').notNull(),
    customerId: text('customer_id').notNull(),
    firstTs: bigint('first_ts', { mode: 'number' }).notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    convertedWeeksBefore: bigint('converted_weeks_before', { mode: 'number' }).notNull().default(0),
    convertedMonthsBefore: bigint('converted_months_before', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.customerId] })],
);

export const customerPeriods = pgTable(
  'customer_periods',
  {
    siteId: text('site_id').notNull(),
    customerId: text('customer_id').notNull(),
    interval: text('interval', { enum: ['week', 'month'] }).notNull(),
    period: text('period').notNull(),
    converted: bigint('converted', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.customerId, t.interval, t.period] }),
    index('customer_periods_site_interval_period').on(t.siteId, t.interval, t.period),
  ],
);

export const customerCohortRollups = cohortRollupTable('customer_cohort_rollups');
