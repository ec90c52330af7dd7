import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/cohort-rollup-table.ts: the same columns and key.

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

export function cohortRollupTable<N extends string>(name: N) {
  return pgTable(
    name,
    {
      siteId: text('site_id').notNull(),
      ...cohortRollupColumns(),
    },
    (t) => [primaryKey({ columns: [t.siteId, t.interval, t.cohort, t.period, t.device, t.browser, t.language] })],
  );
}
