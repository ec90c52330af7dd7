import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/audience-task-counts.ts: the same tables, columns and keys,
// whose meaning is documented there; the types follow the mapping in schema-pg/index.ts.

const runColumns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  returning: bigint('returning', { mode: 'number' }).notNull(),
  task: text('task').notNull(),
  bucket: bigint('bucket', { mode: 'number' }).notNull(),
  started: counterColumn('started'),
  succeeded: counterColumn('succeeded'),
  failed: counterColumn('failed'),
});

export const audienceTaskCounts = pgTable('audience_task_counts', runColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.task, t.bucket] }),
]);
export const audienceTaskCountsDaily = pgTable('audience_task_counts_daily', runColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.task, t.bucket] }),
]);
export const audienceTaskCountsMonthly = pgTable('audience_task_counts_monthly', runColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.task, t.bucket] }),
]);

const scoreColumns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  returning: bigint('returning', { mode: 'number' }).notNull(),
  task: text('task').notNull(),
  outcome: text('outcome').notNull(),
  kind: text('kind').notNull(),
  score: bigint('score', { mode: 'number' }).notNull(),
  answers: counterColumn('answers'),
});

export const audienceTaskScoreCounts = pgTable('audience_task_score_counts', scoreColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.task, t.outcome, t.kind, t.score],
  }),
]);
export const audienceTaskScoreCountsDaily = pgTable('audience_task_score_counts_daily', scoreColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.task, t.outcome, t.kind, t.score],
  }),
]);
export const audienceTaskScoreCountsMonthly = pgTable('audience_task_score_counts_monthly', scoreColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.task, t.outcome, t.kind, t.score],
  }),
]);
