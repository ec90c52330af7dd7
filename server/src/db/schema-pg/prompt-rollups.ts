import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/prompt-rollups.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const scoreRollups = pgTable(
  'score_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    promptId: text('prompt_id').notNull(),
    kind: text('kind').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    language: text('language').notNull(),
    score: bigint('score', { mode: 'number' }).notNull(),
    responses: counterColumn('responses'),
    comments: counterColumn('comments'),
  },
  (t) => [
    primaryKey({
      columns: [t.siteId, t.hour, t.promptId, t.kind, t.path, t.device, t.language, t.score],
    }),
  ],
);

export const promptRollups = pgTable(
  'prompt_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    promptId: text('prompt_id').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    language: text('language').notNull(),
    shown: counterColumn('shown'),
    dismissed: counterColumn('dismissed'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.promptId, t.path, t.device, t.language] })],
);

export const scoreSegmentRollups = pgTable(
  'score_segment_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    promptId: text('prompt_id').notNull(),
    kind: text('kind').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    score: bigint('score', { mode: 'number' }).notNull(),
    responses: counterColumn('responses'),
    comments: counterColumn('comments'),
  },
  (t) => [
    primaryKey({
      columns: [t.siteId, t.hour, t.promptId, t.kind, t.path, t.device, t.browser, t.language, t.score],
    }),
  ],
);

export const displaySegmentRollups = pgTable(
  'display_segment_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
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
