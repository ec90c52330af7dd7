import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// The friction behind each score, derived by features/ingest/derive/read-model-deltas.ts in the same
// transaction as the events. Hourly UTC buckets, like signal-rollups.ts.

/**
 * Answers by the friction their session met before answering: `mask` has bit 1 rage, 2 dead,
 * 4 error click, 8 JS error. Counted in the hour of the answer, like score_rollups.
 */
export const frictionRollups = sqliteTable(
  'friction_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    kind: text('kind').notNull(),
    score: integer('score').notNull(),
    mask: integer('mask').notNull(),
    responses: counterColumn('responses'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.kind, t.score, t.mask] })],
);

/** Per page seen before answering: answers whose session met friction on that page (met=1) or not. */
export const frictionPageRollups = sqliteTable(
  'friction_page_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    kind: text('kind').notNull(),
    path: text('path').notNull(),
    score: integer('score').notNull(),
    met: integer('met').notNull(),
    responses: counterColumn('responses'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.kind, t.path, t.score, t.met] })],
);
