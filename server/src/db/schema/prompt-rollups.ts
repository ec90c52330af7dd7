import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// Hourly UTC buckets, like signal-rollups.ts (see the note there on time zones).

/**
 * Answers per score value, so NPS, CSAT, CES, averages and distributions are all exact sums.
 * A response counts once, in the hour it was first given; a changed score moves it between rows.
 */
export const scoreRollups = sqliteTable(
  'score_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    promptId: text('prompt_id').notNull(),
    kind: text('kind').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    language: text('language').notNull(),
    score: integer('score').notNull(),
    responses: counterColumn('responses'),
    comments: counterColumn('comments'),
  },
  (t) => [
    primaryKey({
      columns: [t.siteId, t.hour, t.promptId, t.kind, t.path, t.device, t.language, t.score],
    }),
  ],
);

/** Displays and dismissals, for response rates (answers come from score_rollups). */
export const promptRollups = sqliteTable(
  'prompt_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    promptId: text('prompt_id').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    language: text('language').notNull(),
    shown: counterColumn('shown'),
    dismissed: counterColumn('dismissed'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.promptId, t.path, t.device, t.language] })],
);

/** score_rollups with the answer's browser too (see the segment rollups in rollups.ts). */
export const scoreSegmentRollups = sqliteTable(
  'score_segment_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    promptId: text('prompt_id').notNull(),
    kind: text('kind').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    score: integer('score').notNull(),
    responses: counterColumn('responses'),
    comments: counterColumn('comments'),
  },
  (t) => [
    primaryKey({
      columns: [t.siteId, t.hour, t.promptId, t.kind, t.path, t.device, t.browser, t.language, t.score],
    }),
  ],
);

/** prompt_rollups with the visitor's browser too. */
export const displaySegmentRollups = sqliteTable(
  'display_segment_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    promptId: text('prompt_id').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    shown: counterColumn('shown'),
    dismissed: counterColumn('dismissed'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.promptId, t.path, t.device, t.browser, t.language] })],
);
