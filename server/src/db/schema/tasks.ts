import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// Tasks (`loupe('task', name, 'start' | 'success' | 'fail')`): the read model the ingest writer
// keeps of them (derive/task-deltas.ts), so GET /v1/metrics/tasks never reads `events`.
// A run counts in the UTC hour it started, whenever its outcome arrives: the rollups stay additive
// and a run is counted exactly once. "Abandoned" is not stored: it is a run without an outcome
// whose session is over, which the read side works out from the few runs still open (docs/tasks.md).

/**
 * One run of a task in a session: opened by `start`, closed by the first `success` or `fail`.
 * The visitor segment and page are the start event's, like the rollup row the run counts in.
 */
export const taskRuns = sqliteTable(
  'task_runs',
  {
    siteId: text('site_id').notNull(),
    /** The start event's id. */
    runId: text('run_id').notNull(),
    sessionId: text('session_id').notNull(),
    visitorId: text('visitor_id'),
    task: text('task').notNull(),
    /** UTC hour of the start: the rollup bucket of this run. */
    hour: integer('hour').notNull(),
    startedAt: integer('started_at').notNull(),
    /** Page the task started on. */
    path: text('path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    /** `success` or `fail`; null while open (or abandoned, once its session is over). */
    outcome: text('outcome'),
    endedAt: integer('ended_at'),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.runId] }),
    // At most one open run per task and session: the run an outcome closes.
    uniqueIndex('task_runs_open_run').on(t.siteId, t.sessionId, t.task).where(sql`outcome IS NULL`),
    // The runs still open (in progress or abandoned) of a recent range: what the read side subtracts.
    index('task_runs_open_started').on(t.siteId, t.startedAt).where(sql`outcome IS NULL`),
    // A session's runs: what erasure and the retention job delete with it.
    index('task_runs_site_session').on(t.siteId, t.sessionId),
    // Runs that ended, by start hour: joined with the answers their sessions gave afterwards.
    index('task_runs_site_hour').on(t.siteId, t.hour).where(sql`outcome IS NOT NULL`),
  ],
);

const segmentKey = ['site_id', 'hour', 'task', 'path', 'device', 'browser', 'language'] as const;
export const TASK_ROLLUP_KEY = segmentKey;
export const TASK_DURATION_ROLLUP_KEY = [...segmentKey, 'bucket'] as const;
export const TASK_ROLLUP_COUNTERS = ['started', 'succeeded', 'failed'] as const;

const rollupColumns = () => ({
  siteId: text('site_id').notNull(),
  hour: integer('hour').notNull(),
  task: text('task').notNull(),
  path: text('path').notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  started: counterColumn('started'),
  succeeded: counterColumn('succeeded'),
  failed: counterColumn('failed'),
});

/**
 * Per start hour, task, start page and visitor segment: runs and how many ended which way.
 * `_daily` and `_monthly` hold the same counts per UTC day and month (`hour` = their first hour),
 * kept by the same writer, so a long range reads whole months and days (analytics/tier-plan.ts).
 */
export const taskRollups = sqliteTable('task_rollups', rollupColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language] }),
]);
export const taskRollupsDaily = sqliteTable('task_rollups_daily', rollupColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language] }),
]);
export const taskRollupsMonthly = sqliteTable('task_rollups_monthly', rollupColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language] }),
]);

const durationColumns = () => ({
  siteId: text('site_id').notNull(),
  hour: integer('hour').notNull(),
  task: text('task').notNull(),
  path: text('path').notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  bucket: integer('bucket').notNull(),
  samples: counterColumn('samples'),
});

/**
 * Time on task (start to success) of the same runs as a histogram: log buckets of milliseconds,
 * those of the Web Vitals (lib/vital-histogram.ts), so a median or p75 over any range and segment
 * is read from summed counts with 2 % relative error. By UTC hour, day and month like the runs.
 */
export const taskDurationRollups = sqliteTable('task_duration_rollups', durationColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language, t.bucket] }),
]);
export const taskDurationRollupsDaily = sqliteTable('task_duration_rollups_daily', durationColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language, t.bucket] }),
]);
export const taskDurationRollupsMonthly = sqliteTable('task_duration_rollups_monthly', durationColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language, t.bucket] }),
]);

// The score after an outcome (docs/tasks.md): an answer given in a session after a run of a task
// ended there counts under the latest such run, "after" being `ended_at <= created_at` (the
// answer's first event). Kept by the writer (derive/task-score-deltas.ts) whenever a run of the
// session ends or one of its answers changes, in whichever order and commit they arrive.

/**
 * Every (answer, ended run of the same session before it): what the writer last counted for the
 * session, so a recount of it adds only the difference. `chained` = the answer has two or more
 * ended runs of the task before it: which one it counts under then depends on the request's range
 * and filters, so those links are read as rows (the partial index); the others are counted in
 * task_score_rollups.
 */
export const taskAnswerLinks = sqliteTable(
  'task_answer_links',
  {
    siteId: text('site_id').notNull(),
    displayId: text('display_id').notNull(),
    runId: text('run_id').notNull(),
    sessionId: text('session_id').notNull(),
    task: text('task').notNull(),
    /** The run's start hour, page and segment (task_runs). */
    hour: integer('hour').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    outcome: text('outcome').notNull(),
    endedAt: integer('ended_at').notNull(),
    kind: text('kind').notNull(),
    score: integer('score').notNull(),
    chained: integer('chained').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.displayId, t.runId] }),
    // A session's links: what the writer recounts, and what erasure and retention delete with it.
    index('task_answer_links_site_session').on(t.siteId, t.sessionId),
    // The chained links of a range of start hours: the only rows the score after an outcome reads.
    index('task_answer_links_chained_hour').on(t.siteId, t.hour).where(sql`chained = 1`),
  ],
);

export const TASK_SCORE_ROLLUP_KEY = [...segmentKey, 'outcome', 'kind', 'score'] as const;

const scoreColumns = () => ({
  siteId: text('site_id').notNull(),
  hour: integer('hour').notNull(),
  task: text('task').notNull(),
  path: text('path').notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  outcome: text('outcome').notNull(),
  kind: text('kind').notNull(),
  score: integer('score').notNull(),
  answers: counterColumn('answers'),
});

/**
 * Answers after exactly one ended run of their task in their session, counted by that run's start
 * hour, task, start page and segment, its outcome, and the answer's kind and score; by UTC hour,
 * day and month like the run counts.
 */
export const taskScoreRollups = sqliteTable('task_score_rollups', scoreColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language, t.outcome, t.kind, t.score],
  }),
]);
export const taskScoreRollupsDaily = sqliteTable('task_score_rollups_daily', scoreColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language, t.outcome, t.kind, t.score],
  }),
]);
export const taskScoreRollupsMonthly = sqliteTable('task_score_rollups_monthly', scoreColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.hour, t.task, t.path, t.device, t.browser, t.language, t.outcome, t.kind, t.score],
  }),
]);
