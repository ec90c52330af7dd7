import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/returning-cohorts.ts: the same table, columns and key, whose
// meaning is documented there.

export const returningCohortRollups = pgTable(
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
