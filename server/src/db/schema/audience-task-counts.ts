import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// The task read model (tasks.ts) counted by who the run's session is: one trait of the session or
// none (trait_key ''), and new vs returning, by the run's start hour and task. GET /v1/metrics/tasks
// under an audience of at most one trait, with no segment filter and no grouping, reads these
// instead of the audience's runs of the range (docs/query-speed.md, "Tasks under an audience").
// No page or segment column: the run's are its start event's, and each would multiply the rows by
// its values for filters the route rarely combines with an audience; those questions read the runs.
// Kept by derive/audience-task-deltas.ts from each touched session's runs and links before and after
// a commit, so a session whose traits or returning flag change moves whole. By UTC hour, day and
// month (`hour` = the unit's first hour), read as in analytics/tier-plan.ts.

/** `bucket` of a run that did not succeed: never a vitalBucket of whole milliseconds (ZERO_BUCKET, or ≥ 0). */
export const UNTIMED_BUCKET = -1;

const runColumns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  hour: integer('hour').notNull(),
  returning: integer('returning').notNull(),
  task: text('task').notNull(),
  /** vitalBucket(time on task) of a success, UNTIMED_BUCKET otherwise: `succeeded` by bucket is the histogram. */
  bucket: integer('bucket').notNull(),
  started: counterColumn('started'),
  succeeded: counterColumn('succeeded'),
  failed: counterColumn('failed'),
});

/** Runs and their outcomes, and the time-on-task histogram, of task_rollups and task_duration_rollups. */
export const audienceTaskCounts = sqliteTable('audience_task_counts', runColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.task, t.bucket] }),
]);
export const audienceTaskCountsDaily = sqliteTable('audience_task_counts_daily', runColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.task, t.bucket] }),
]);
export const audienceTaskCountsMonthly = sqliteTable('audience_task_counts_monthly', runColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.task, t.bucket] }),
]);

const scoreColumns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  hour: integer('hour').notNull(),
  returning: integer('returning').notNull(),
  task: text('task').notNull(),
  outcome: text('outcome').notNull(),
  kind: text('kind').notNull(),
  score: integer('score').notNull(),
  answers: counterColumn('answers'),
});

/**
 * The answers of task_score_rollups (after exactly one ended run of their task, `chained = 0` in
 * task_answer_links) by who the session is; the chained links stay rows, read with the audience.
 */
export const audienceTaskScoreCounts = sqliteTable('audience_task_score_counts', scoreColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.task, t.outcome, t.kind, t.score],
  }),
]);
export const audienceTaskScoreCountsDaily = sqliteTable('audience_task_score_counts_daily', scoreColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.task, t.outcome, t.kind, t.score],
  }),
]);
export const audienceTaskScoreCountsMonthly = sqliteTable('audience_task_score_counts_monthly', scoreColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.task, t.outcome, t.kind, t.score],
  }),
]);
