import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/tasks.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const taskRuns = pgTable(
  'task_runs',
  {
    siteId: text('site_id').notNull(),
    runId: text('run_id').notNull(),
    sessionId: text('session_id').notNull(),
    visitorId: text('visitor_id'),
    task: text('task').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    startedAt: bigint('started_at', { mode: 'number' }).notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    outcome: text('outcome'),
    endedAt: bigint('ended_at', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.runId] }),
    uniqueIndex('task_runs_open_run').on(t.siteId, t.sessionId, t.task).where(sql`outcome IS NULL`),
    index('task_runs_open_started').on(t.siteId, t.startedAt).where(sql`outcome IS NULL`),
    index('task_runs_site_session').on(t.siteId, t.sessionId),
    index('task_runs_site_hour').on(t.siteId, t.hour).where(sql`outcome IS NOT NULL`),
  ],
);

const rollupColumns = () => ({
  siteId: text('site_id').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  task: text('task').notNull(),
  path: text('path').notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  started: counterColumn('started'),
  succeeded: counterColumn('succeeded'),
  failed: counterColumn('failed'),
});

export const taskRollups = pgTable('task_rollups', rollupColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language] }),
]);
export const taskRollupsDaily = pgTable('task_rollups_daily', rollupColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language] }),
]);
export const taskRollupsMonthly = pgTable('task_rollups_monthly', rollupColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language] }),
]);

const durationColumns = () => ({
  siteId: text('site_id').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  task: text('task').notNull(),
  path: text('path').notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  bucket: bigint('bucket', { mode: 'number' }).notNull(),
  samples: counterColumn('samples'),
});

export const taskDurationRollups = pgTable('task_duration_rollups', durationColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language, t.bucket] }),
]);
export const taskDurationRollupsDaily = pgTable('task_duration_rollups_daily', durationColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language, t.bucket] }),
]);
export const taskDurationRollupsMonthly = pgTable('task_duration_rollups_monthly', durationColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language, t.bucket] }),
]);

export const taskAnswerLinks = pgTable(
  'task_answer_links',
  {
    siteId: text('site_id').notNull(),
    displayId: text('display_id').notNull(),
    runId: text('run_id').notNull(),
    sessionId: text('session_id').notNull(),
    task: text('task').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    outcome: text('outcome').notNull(),
    endedAt: bigint('ended_at', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    score: bigint('score', { mode: 'number' }).notNull(),
    chained: bigint('chained', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.displayId, t.runId] }),
    index('task_answer_links_site_session').on(t.siteId, t.sessionId),
    index('task_answer_links_chained_hour').on(t.siteId, t.hour).where(sql`chained = 1`),
  ],
);

const scoreColumns = () => ({
  siteId: text('site_id').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  task: text('task').notNull(),
  path: text('path').notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  outcome: text('outcome').notNull(),
  kind: text('kind').notNull(),
  score: bigint('score', { mode: 'number' }).notNull(),
  answers: counterColumn('answers'),
});

export const taskScoreRollups = pgTable('task_score_rollups', scoreColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language, t.outcome, t.kind, t.score],
  }),
]);
export const taskScoreRollupsDaily = pgTable('task_score_rollups_daily', scoreColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language, t.outcome, t.kind, t.score],
  }),
]);
export const taskScoreRollupsMonthly = pgTable('task_score_rollups_monthly', scoreColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language, t.outcome, t.kind, t.score],
  }),
]);
