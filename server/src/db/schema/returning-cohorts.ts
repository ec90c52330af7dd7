import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

/**
 * The cohort table of the returning visitors (`GET /v1/metrics/retention?returning=true`): the
 * counts of cohort_rollups (db/schema/visitor-cohorts.ts), same keys and meaning, of the visitors
 * with a returning session only. A visitor enters with every period counted so far when their
 * first returning session is stored (derive/returning-cohort-counts.ts, flagged by
 * visitor_cohorts.counted_returning); from then on each count cohort-deltas.ts makes for them
 * lands here too. Counts, kept like cohort_rollups through the retention job and erasures.
 */
export const returningCohortRollups = sqliteTable(
  'returning_cohort_rollups',
  {
    siteId: text('site_id').notNull(),
    interval: text('interval', { enum: ['week', 'month'] }).notNull(),
    cohort: text('cohort').notNull(),
    period: text('period').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    visitors: counterColumn('visitors'),
    converters: counterColumn('converters'),
    convertedVisitors: counterColumn('converted_visitors'),
    repeatConverters: counterColumn('repeat_converters'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.interval, t.cohort, t.period, t.device, t.browser, t.language] })],
);
