import type Database from 'better-sqlite3';
import type { AudienceFilters, SegmentFilters, TaskGroupBy } from '@loupe/shared';
import { audienceCountFilters, audienceCountsAnswer } from '../../analytics/audience-sessions.js';
import { readGrains, tierTables } from '../../analytics/grain-reader.js';
import type { Span } from '../../analytics/tier-plan.js';
import { UNTIMED_BUCKET } from '../../db/schema/audience-task-counts.js';

// The tasks by who the session is (db/schema/audience-task-counts.ts), read for GET
// /v1/metrics/tasks under an audience they hold, instead of the audience's runs of the range and
// the answers after each (tasks-store.ts). The runs in progress and the answers after several
// ended runs of a task are still read as rows: the first are bounded by the last day, the second few.

/**
 * Whether the counts hold the question: at most one trait (with or without `returning`), no
 * segment filter (they key neither the run's page nor its visitor segment) and no grouping.
 */
export const audienceTaskCountsHold = (
  filters: SegmentFilters,
  groupBy: TaskGroupBy | undefined,
  a: AudienceFilters,
): boolean => groupBy === undefined && audienceCountsAnswer(filters, a);

/** One (start hour or unit, task) cell's runs, and its successes' time-on-task bucket (undefined: none). */
export interface AudienceTaskRunRow {
  hour: number;
  task: string;
  bucket: number | undefined;
  started: number;
  succeeded: number;
  failed: number;
}

/** The audience's runs over `spans` by (unit, task, bucket); cells left empty by a session that moved are skipped. */
export function* readAudienceTaskRuns(
  db: Database.Database,
  siteId: string,
  task: string | undefined,
  audience: AudienceFilters,
  spans: Span[],
): Generator<AudienceTaskRunRow> {
  const read = {
    siteId,
    filters: { ...audienceCountFilters(audience), task },
    groupBy: ['hour', 'task', 'bucket'],
    sums: ['started', 'succeeded', 'failed'],
    ...tierTables('audience_task_counts'),
  };
  for (const { group, sums } of readGrains(db, read, spans).values()) {
    const [started, succeeded, failed] = sums as [number, number, number];
    if (started === 0 && succeeded === 0 && failed === 0) continue;
    const bucket = Number(group[2]);
    yield {
      hour: Number(group[0]),
      task: String(group[1]),
      bucket: bucket === UNTIMED_BUCKET ? undefined : bucket,
      started,
      succeeded,
      failed,
    };
  }
}

/** The audience's answers after exactly one ended run of their task, by (task, outcome, kind, score). */
export function* readAudienceTaskScores(
  db: Database.Database,
  siteId: string,
  task: string | undefined,
  audience: AudienceFilters,
  spans: Span[],
): Generator<{ task: string; outcome: string; kind: string; score: number; answers: number }> {
  const read = {
    siteId,
    filters: { ...audienceCountFilters(audience), task },
    groupBy: ['task', 'outcome', 'kind', 'score'],
    sums: ['answers'],
    ...tierTables('audience_task_score_counts'),
  };
  for (const { group, sums } of readGrains(db, read, spans).values()) {
    const [task, outcome, kind, score] = group as [string, string, string, number];
    yield { task, outcome, kind, score: Number(score), answers: sums[0]! };
  }
}
