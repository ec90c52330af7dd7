import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { cohortRollupTable } from './cohort-rollup-table.js';

// Retention cohorts of identified customers (`GET /v1/metrics/retention?by=customer`), kept by
// features/ingest/derive/customer-cohort-deltas.ts, as visitor-cohorts.ts keeps the visitors'.
// A customer is the site's own id from `loupe('identify', id)`: one customer may have sessions on
// many devices and under many visitor ids. A session counts for every customer identified in it,
// even if a later call in the session names another or clears it (they were there).

/** Which sessions each customer was identified in: the writer counts a session for a customer once. */
export const customerSessions = sqliteTable(
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

/** Each customer's first identified session (its start decides the cohort) and its visitor segment. */
export const customerCohorts = sqliteTable(
  'customer_cohorts',
  {
    siteId: text('site_id').notNull(),
    customerId: text('customer_id').notNull(),
    firstTs: integer('first_ts').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    /** As in visitor_cohorts: converted periods past the retention window, their rows deleted. */
    convertedWeeksBefore: integer('converted_weeks_before').notNull().default(0),
    convertedMonthsBefore: integer('converted_months_before').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.customerId] })],
);

/** The periods a customer had an identified session in, and whether one of them converted. */
export const customerPeriods = sqliteTable(
  'customer_periods',
  {
    siteId: text('site_id').notNull(),
    customerId: text('customer_id').notNull(),
    interval: text('interval', { enum: ['week', 'month'] }).notNull(),
    period: text('period').notNull(),
    converted: integer('converted').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.customerId, t.interval, t.period] }),
    index('customer_periods_site_interval_period').on(t.siteId, t.interval, t.period),
  ],
);

/** cohort_rollups for customers: the same counters, `visitors` counting customers. */
export const customerCohortRollups = cohortRollupTable('customer_cohort_rollups');
