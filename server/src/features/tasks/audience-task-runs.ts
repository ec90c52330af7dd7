import type Database from 'better-sqlite3';
import { type AudienceTrait, audienceWalk } from '../../analytics/audience-sample.js';
import { DAY_MS } from '../../analytics/local-calendar.js';
import type { QueryRange } from '../../analytics/query-range.js';
import { PLAN_EACH_RUN } from '../../db/sql-dialect.js';
import type { TasksQueryInput } from './tasks-store.js';

// The task runs of an audience the counts by who the session is do not hold (two traits, or a
// trait with a segment filter or a grouping), for GET /v1/metrics/tasks. Every run of the range
// probed for the audience's traits costs a lookup per run of the site (at 10 M events, 52,400 runs
// over all time for 1,620 kept: 50 ms of CPU); the runs of the sessions of one of its traits are
// far fewer. So the read is driven from the rarest trait's rows of session_traits in the range,
// and only those of sessions with a task run (`tasks`, kept by the writer: the partial index
// session_traits_key_tasks), each joined to its session's runs (task_runs_site_session), the other
// traits probed on the runs found. Before the flag every lead row was looked up in the runs, most
// finding none: at 10 M events over all time 41,600 rows and their lookups, 24 ms of the
// statement's CPU, for the 3,500 runs of the lead's sessions (the other trait's index range read
// into a set instead of the probes took 45 ms). Exact: every run of the audience is counted. An
// audience without a trait (`returning` alone) reads the runs of the range.

/** A run as the tasks figures count it. */
export interface AudienceRun {
  task: string;
  hour: number;
  /** The value of the grouping (`''` without one). */
  g: string;
  sessionId: string;
  outcome: 'success' | 'fail' | null;
  startedAt: number;
  endedAt: number | null;
}

/**
 * The audience's runs started in the range that meet the question: `group` is the grouping's
 * column (a constant of tasks-store.ts) and `conditions` its WHERE on task_runs `r` (range, task,
 * segment, audience) without the trait the read is driven from, if any.
 */
export function readAudienceRuns(
  db: Database.Database,
  siteId: string,
  q: TasksQueryInput,
  range: QueryRange,
  group: string,
  conditions: (lead: AudienceTrait | undefined) => { sql: string; params: (string | number)[] },
): AudienceRun[] {
  const columns =
    `r.task AS task, r.hour AS hour, ${group} AS g, r.session_id AS "sessionId", r.outcome AS outcome, ` +
    'r.started_at AS "startedAt", r.ended_at AS "endedAt"';
  const audience = q.audience ?? { traits: [] };
  // A run starts within a day of its session's first stored event, before or after it (a session
  // lasts at most a day; an event may arrive a day late).
  const from = range.fromHour - DAY_MS;
  const to = range.toHour + DAY_MS;
  const walk = audienceWalk(db, siteId, audience, from, to);
  if (walk.lead === undefined) {
    const o = conditions(undefined);
    return db.prepare(`SELECT ${columns} FROM task_runs r WHERE ${o.sql}`).all(...o.params) as AudienceRun[];
  }
  const o = conditions(walk.lead);
  // CROSS JOIN keeps the trait's rows outside: each is one lookup of its session's runs.
  return db
    .prepare(
      `${PLAN_EACH_RUN}SELECT ${columns} FROM session_traits d CROSS JOIN task_runs r ` +
        'ON r.site_id = d.site_id AND r.session_id = d.session_id WHERE d.site_id = ? AND d.key = ? AND d.value = ? ' +
        `AND d.tasks = 1 AND d.hour >= ? AND d.hour < ? AND ${o.sql}`,
    )
    .all(siteId, walk.lead.key, walk.lead.value, from, to, ...o.params) as AudienceRun[];
}
