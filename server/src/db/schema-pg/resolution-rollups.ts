import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/resolution-rollups.ts, whose meaning is documented there.

export const resolutionRollups = pgTable(
  'resolution_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    bucket: bigint('bucket', { mode: 'number' }).notNull(),
    answers: counterColumn('answers'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.path, t.device, t.browser, t.language, t.bucket] })],
);
