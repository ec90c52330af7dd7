import type { TraitFilter } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { PLAN_EACH_RUN } from '../../db/sql-dialect.js';
import type { TasksQueryInput } from './tasks-store.js';

// The task runs of an audience the counts by who the session is do not hold (two traits, or a
// trait with a segment filter or a grouping), for GET /v1/metrics/tasks. Every run of the range
// probed for the audience's traits costs a lookup per run of the site (at 10 M events, 52,400 runs
// over all time for 1,620 kept: 50 ms of CPU); the runs of the sessions of one of its traits are
// far fewer. So the read is driven from a trait's rows of session_traits (its index by key and
// value), each joined to its session's runs (task_runs_site_session), the other traits probed.
// An audience without a trait (`returning` alone) reads the runs of the range.

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
 * segment, audience) without the trait the read is driven from.
 */
export function readAudienceRuns(
  db: Database.Database,
  siteId: string,
  q: TasksQueryInput,
  group: string,
  conditions: (lead: TraitFilter | undefined) => { sql: string; params: (string | number)[] },
): AudienceRun[] {
  const lead = q.audience?.traits[0];
  const o = conditions(lead);
  const columns =
    `r.task AS task, r.hour AS hour, ${group} AS g, r.session_id AS "sessionId", r.outcome AS outcome, ` +
    'r.started_at AS "startedAt", r.ended_at AS "endedAt"';
  if (lead === undefined)
    return db.prepare(`SELECT ${columns} FROM task_runs r WHERE ${o.sql}`).all(...o.params) as AudienceRun[];
  // CROSS JOIN keeps the trait's rows outside: each is one lookup of its session's runs.
  return db
    .prepare(
      `${PLAN_EACH_RUN}SELECT ${columns} FROM session_traits d CROSS JOIN task_runs r ` +
        'ON r.site_id = d.site_id AND r.session_id = d.session_id ' +
        `WHERE d.site_id = ? AND d.key = ? AND d.value = ? AND ${o.sql}`,
    )
    .all(siteId, lead.key, lead.value, ...o.params) as AudienceRun[];
}
