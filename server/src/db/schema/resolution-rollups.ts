import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

/**
 * Resolved answers as counts, so the overview's resolutions read no `responses` row
 * (features/responses/resolution-counts.ts keeps them at every change of an answer's state).
 * A resolved answer counts in the hour it was resolved, in its time to resolve's log bucket;
 * a resolved complaint also counts in the hour it was first given, under bucket −2
 * (RESOLVED_COMPLAINT_BUCKET): both figures of a range are then one read grouped by bucket.
 */
export const resolutionRollups = sqliteTable(
  'resolution_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    bucket: integer('bucket').notNull(),
    answers: counterColumn('answers'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.path, t.device, t.browser, t.language, t.bucket] })],
);
