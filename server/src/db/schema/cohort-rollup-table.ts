import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

/** A cohort table's columns after `site_id`: interval, cohort, period, visitor segment, the four counters. */
export const cohortRollupColumns = () => ({
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
});

/**
 * A cohort table (cohort_rollups in visitor-cohorts.ts, and its likes for customers and for the
 * returning visitors): per site, interval, cohort, period and visitor segment of the first
 * session, the people active and converting in the period and, at `period = cohort`, those who
 * ever converted and who converted in more than one period. One shape, so cohort-deltas.ts writes
 * them all with one statement builder and the retention read sums any of them alike.
 */
export function cohortRollupTable<N extends string>(name: N) {
  return sqliteTable(
    name,
    {
      siteId: text('site_id').notNull(),
      ...cohortRollupColumns(),
    },
    (t) => [primaryKey({ columns: [t.siteId, t.interval, t.cohort, t.period, t.device, t.browser, t.language] })],
  );
}
