import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { cohortRollupTable } from './cohort-rollup-table.js';

// Retention cohorts (features/cohorts/), kept by features/ingest/derive/cohort-deltas.ts when a
// visitor's session is first stored. Periods are local dates in the site's time zone at the time
// of ingestion: the Monday of a week (`week`) or the 1st of a month (`month`), as `YYYY-MM-DD`.
// Only visitors with a persistent visitor id are here: GPC / DNT visitors cannot be followed.

/** Each visitor's first session, which decides their cohort, and their visitor segment then. */
export const visitorCohorts = sqliteTable(
  'visitor_cohorts',
  {
    siteId: text('site_id').notNull(),
    visitorId: text('visitor_id').notNull(),
    firstTs: integer('first_ts').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    /**
     * Converted weeks and months whose visitor_periods rows the retention job deleted (past the
     * window), so a conversion after them still counts the visitor a repeat converter once.
     */
    convertedWeeksBefore: integer('converted_weeks_before').notNull().default(0),
    convertedMonthsBefore: integer('converted_months_before').notNull().default(0),
    /**
     * The latest start (`first_ts`) of the visitor's stored sessions that are returning
     * (`sessions.returning`), null with none: when it first turns non-null the visitor enters
     * returning_cohort_rollups (counted_returning below). The index below served the read of the
     * returning visitors before that table; no read uses it now. Recounted from the visitor's
     * sessions whenever one of them becomes returning, starts earlier, or is deleted
     * (derive/visitor-returned.ts).
     */
    returnedTs: integer('returned_ts'),
    /**
     * 1 once the visitor's periods are counted in returning_cohort_rollups (db/schema/
     * returning-cohorts.ts): set when `returned_ts` is first non-null, and never unset while the
     * row lives, so a visitor whose returning sessions the retention job deletes is not counted
     * twice if they return again.
     */
    countedReturning: integer('counted_returning').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.visitorId] }),
    index('visitor_cohorts_site_returned').on(t.siteId, t.returnedTs, t.firstTs),
  ],
);

/** The periods a visitor started a session in, and whether a session of that period converted. */
export const visitorPeriods = sqliteTable(
  'visitor_periods',
  {
    siteId: text('site_id').notNull(),
    visitorId: text('visitor_id').notNull(),
    interval: text('interval', { enum: ['week', 'month'] }).notNull(),
    period: text('period').notNull(),
    converted: integer('converted').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.visitorId, t.interval, t.period] }),
    // The retention job finds the periods past the window by it (features/retention/).
    index('visitor_periods_site_interval_period').on(t.siteId, t.interval, t.period),
  ],
);

/**
 * The cohort table: visitors of a cohort (first period) active in a period, those of them who
 * converted (a goal) in a session of that period, and, at `period = cohort`, the cohort's
 * visitors who ever converted (`converted_visitors`) and who converted in more than one period
 * (`repeat_converters`). By the visitor segment
 * of the first session, so segment filters are a WHERE.
 */
export const cohortRollups = cohortRollupTable('cohort_rollups');
