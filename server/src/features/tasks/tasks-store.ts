import type Database from 'better-sqlite3';
import {
  type AudienceFilters,
  type PROMPT_KINDS,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  type SegmentFilters,
  type SeriesInterval,
  type TaskFigures,
  type TraitFilter,
  type TaskGroupBy,
  type TasksResponse,
} from '@loupe/shared';
import { readGrains } from '../../analytics/grain-reader.js';
import { audienceTaskCountsHold, readAudienceTaskRuns, readAudienceTaskScores } from './audience-task-counts.js';
import { readAudienceRuns } from './audience-task-runs.js';
import { answersAfterRuns, type EndedRun } from './task-answers-after.js';
import { type QueryRange, rangeEcho } from '../../analytics/query-range.js';
import { addToDistribution, type Distribution, headlineScore, percent } from '../../analytics/score-math.js';
import {
  bucketEcho,
  bucketOf,
  type SeriesBucket,
  seriesBuckets,
  seriesInterval,
} from '../../analytics/series-buckets.js';
import { planSpans, type Span } from '../../analytics/tier-plan.js';
import { TASK_ROLLUP_COUNTERS } from '../../db/schema/tasks.js';
import { percentileFromBuckets, vitalBucket } from '../../lib/vital-histogram.js';

export interface TasksQueryInput {
  interval: SeriesInterval | undefined;
  task: string | undefined;
  groupBy: TaskGroupBy | undefined;
  filters: SegmentFilters;
  /**
   * Trait filters and new vs returning (the run's session's): from the counts kept by who the session
   * is where they hold the question (audience-task-counts.ts), else from the runs themselves.
   */
  audience?: AudienceFilters | undefined;
}

/** Run counts of one row of the answer (a task, a group, a bucket) before they are rates. */
interface Counts {
  started: number;
  succeeded: number;
  failed: number;
  inProgress: number;
}

const noCounts = (): Counts => ({ started: 0, succeeded: 0, failed: 0, inProgress: 0 });

/** The figures of counts: abandoned runs are those started that neither ended nor are still going on. */
function figures(c: Counts) {
  const abandoned = Math.max(0, c.started - c.succeeded - c.failed - c.inProgress);
  return {
    started: c.started,
    succeeded: c.succeeded,
    failed: c.failed,
    abandoned,
    inProgress: c.inProgress,
    successRate: percent(c.succeeded, c.succeeded + c.failed + abandoned),
  };
}

type Histogram = Map<number, number>;
function times(h: Histogram | undefined) {
  const buckets = [...(h ?? [])].map(([bucket, samples]) => ({ bucket, samples }));
  const at = (p: number) => {
    const v = percentileFromBuckets(buckets, p);
    return v === undefined ? null : Math.round(v);
  };
  return { medianMs: at(0.5), p75Ms: at(0.75) };
}

interface RollupRow {
  task: string;
  hour: number;
  g: string;
  started: number;
  succeeded: number;
  failed: number;
}

interface DurationRow {
  task: string;
  g: string;
  bucket: number;
  samples: number;
}

/** The run counts and times on task by UTC hour, day and month (db/schema/tasks.ts). */
const TIERS = {
  runs: { hourly: 'task_rollups', daily: 'task_rollups_daily', monthly: 'task_rollups_monthly' },
  times: {
    hourly: 'task_duration_rollups',
    daily: 'task_duration_rollups_daily',
    monthly: 'task_duration_rollups_monthly',
  },
  scores: { hourly: 'task_score_rollups', daily: 'task_score_rollups_daily', monthly: 'task_score_rollups_monthly' },
} as const;

/** An answer under a run of its task that ended before it. */
interface AfterRow {
  task: string;
  outcome: 'success' | 'fail';
  answer: string;
  kind: string;
  score: number;
}

interface TaskAcc {
  total: Counts;
  series: Counts[];
  durations: Histogram;
  groups: Map<string, { counts: Counts; durations: Histogram }>;
  after: Record<'success' | 'fail', Record<(typeof PROMPT_KINDS)[number], Distribution>>;
}

const GROUP_COLUMN: Record<TaskGroupBy, string> = {
  path: 'path',
  device: 'device',
  browser: 'browser',
  language: 'language',
};

/**
 * The WHERE clause shared by every read of a task table: the site, the range of start hours, the
 * task and the segment filters. Column names are constants; every value is a parameter.
 */
function where(
  alias: string,
  siteId: string,
  range: QueryRange,
  q: TasksQueryInput,
  lead?: TraitFilter,
): { sql: string; params: (string | number)[] } {
  const a = alias ? `${alias}.` : '';
  const parts = [`${a}site_id = ?`, `${a}hour >= ?`, `${a}hour < ?`];
  const params: (string | number)[] = [siteId, range.fromHour, range.toHour];
  if (q.task !== undefined) {
    parts.push(`${a}task = ?`);
    params.push(q.task);
  }
  for (const name of ['path', 'device', 'browser', 'language'] as const) {
    const value = q.filters[name];
    if (value === undefined) continue;
    parts.push(`${a}${name} = ?`);
    params.push(value);
  }
  // The audience is the run's session's: its traits (each an index lookup, but the one the read is
  // driven from: audience-task-runs.ts) and new vs returning.
  if (alias) {
    for (const trait of q.audience?.traits ?? []) {
      if (trait === lead) continue;
      parts.push(
        `EXISTS (SELECT 1 FROM session_traits t WHERE t.site_id = ${a}site_id AND t.session_id = ${a}session_id ` +
          'AND t.key = ? AND t.value = ?)',
      );
      params.push(trait.key, trait.value);
    }
    if (q.audience?.returning !== undefined) {
      parts.push(
        `EXISTS (SELECT 1 FROM sessions v WHERE v.site_id = ${a}site_id AND v.session_id = ${a}session_id ` +
          'AND v."returning" = ?)',
      );
      params.push(q.audience.returning ? 1 : 0);
    }
  }
  return { sql: parts.join(' AND '), params };
}

/**
 * The spans of every bucket of a series, each inside its bucket (planned without subtraction),
 * adjacent spans of one tier merged across buckets.
 */
function bucketSpans(buckets: readonly SeriesBucket[]): Span[] {
  const spans = buckets
    .flatMap((b) => planSpans(b.start, b.end, { subtract: false }))
    .sort((x, y) => (x.tier === y.tier ? x.start - y.start : x.tier < y.tier ? -1 : 1));
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && last.tier === s.tier && last.end === s.start) last.end = s.end;
    else out.push({ ...s });
  }
  return out;
}

const hasAudience = (q: TasksQueryInput) => (q.audience?.traits.length ?? 0) > 0 || q.audience?.returning !== undefined;

/**
 * GET /v1/metrics/tasks from the task read model (db/schema/tasks.ts): the rollups give runs and
 * outcomes per start hour and the time-on-task histogram; the open runs of the last day give the
 * runs still in progress (the rest of the open runs are abandoned); the ended runs joined with
 * their sessions' later answers give the score after success and after failure. Under an audience
 * the counts by who the session is hold (audience-task-counts.ts) stand in for the rollups.
 */
export function readTasks(
  db: Database.Database,
  siteId: string,
  q: TasksQueryInput,
  range: QueryRange,
  now = Date.now(),
): TasksResponse {
  const interval = seriesInterval(range, q.interval);
  const buckets = seriesBuckets(range, interval);
  // The buckets are contiguous and in order: a binary search, not a map of every hour of the range.
  const bucketOfHour = (hour: number): number | undefined => {
    const i = bucketOf(buckets, hour);
    return i < 0 ? undefined : i;
  };
  const group = q.groupBy === undefined ? "''" : GROUP_COLUMN[q.groupBy];
  const tasks = new Map<string, TaskAcc>();
  const accOf = (task: string): TaskAcc => {
    let acc = tasks.get(task);
    if (!acc) {
      const kinds = () => ({ nps: new Map(), csat: new Map(), ces: new Map() });
      acc = {
        total: noCounts(),
        series: buckets.map(noCounts),
        durations: new Map(),
        groups: new Map(),
        after: { success: kinds(), fail: kinds() },
      };
      tasks.set(task, acc);
    }
    return acc;
  };
  const groupOf = (acc: TaskAcc, value: string) => {
    let g = acc.groups.get(value);
    if (!g) {
      g = { counts: noCounts(), durations: new Map() };
      acc.groups.set(value, g);
    }
    return g;
  };
  const addCounts = (to: Counts, from: Counts) => {
    to.started += from.started;
    to.succeeded += from.succeeded;
    to.failed += from.failed;
    to.inProgress += from.inProgress;
  };
  const addRollup = (r: RollupRow) => {
    const acc = accOf(r.task);
    const c = { started: r.started, succeeded: r.succeeded, failed: r.failed, inProgress: 0 };
    addCounts(acc.total, c);
    const i = bucketOfHour(r.hour);
    if (i !== undefined) addCounts(acc.series[i]!, c);
    if (q.groupBy !== undefined) addCounts(groupOf(acc, r.g).counts, c);
  };
  const addDuration = (d: DurationRow) => {
    const acc = accOf(d.task);
    acc.durations.set(d.bucket, (acc.durations.get(d.bucket) ?? 0) + d.samples);
    if (q.groupBy !== undefined) {
      const h = groupOf(acc, d.g).durations;
      h.set(d.bucket, (h.get(d.bucket) ?? 0) + d.samples);
    }
  };

  const o = where('r', siteId, range, q);
  /** The ended runs of an audience read as rows, for the answers after them. */
  const ended: EndedRun[] = [];
  // Under an audience the counts by who the session is hold (audience-task-counts.ts): read like the rollups.
  const counted = hasAudience(q) && audienceTaskCountsHold(q.filters, q.groupBy, q.audience!);
  if (counted) {
    for (const r of readAudienceTaskRuns(db, siteId, q.task, q.audience!, bucketSpans(buckets))) {
      addRollup({ task: r.task, hour: r.hour, g: '', started: r.started, succeeded: r.succeeded, failed: r.failed });
      if (r.bucket !== undefined && r.succeeded > 0)
        addDuration({ task: r.task, g: '', bucket: r.bucket, samples: r.succeeded });
    }
  } else if (!hasAudience(q)) {
    // Whole UTC days (and months) from the coarser tiers, the rest by hour: each bucket's spans
    // lie inside it (no subtraction), so a row of any tier is in the bucket of its `hour`, and the
    // spans of all buckets read as a few merged ranges (a local-day series is one hourly range).
    const { path, device, browser, language } = q.filters;
    const segment = { task: q.task, path, device, browser, language };
    const groupBy = q.groupBy === undefined ? ['task'] : ['task', GROUP_COLUMN[q.groupBy]];
    const counts = {
      siteId,
      filters: segment,
      groupBy: ['hour', ...groupBy],
      sums: TASK_ROLLUP_COUNTERS,
      ...TIERS.runs,
    };
    for (const { group, sums } of readGrains(db, counts, bucketSpans(buckets)).values()) {
      const [hour, task, g] = group as [number, string, string | undefined];
      const [started, succeeded, failed] = sums as [number, number, number];
      addRollup({ task, hour, g: g ?? '', started, succeeded, failed });
    }
    const durations = { siteId, filters: segment, groupBy: [...groupBy, 'bucket'], sums: ['samples'], ...TIERS.times };
    for (const { group, sums } of readGrains(db, durations, planSpans(range.fromHour, range.toHour)).values()) {
      if (sums[0] === 0) continue;
      const [task, g, bucket] = q.groupBy === undefined ? [group[0], '', group[1]] : group;
      addDuration({ task: String(task), g: String(g), bucket: Number(bucket), samples: sums[0]! });
    }
  } else {
    // Traits and new vs returning are the session's, which the rollups do not key: read the
    // audience's runs of the range (audience-task-runs.ts) and sum them here, with the same histogram.
    const runs = readAudienceRuns(db, siteId, q, range, q.groupBy === undefined ? "''" : `r.${group}`, (lead) =>
      where('r', siteId, range, q, lead),
    );
    for (const r of runs) {
      const success = r.outcome === 'success';
      addRollup({
        task: r.task,
        hour: r.hour,
        g: r.g,
        started: 1,
        succeeded: success ? 1 : 0,
        failed: r.outcome === 'fail' ? 1 : 0,
      });
      if (success)
        addDuration({ task: r.task, g: r.g, bucket: vitalBucket(Math.max(0, r.endedAt! - r.startedAt)), samples: 1 });
      if (r.outcome !== null)
        ended.push({ task: r.task, sessionId: r.sessionId, outcome: r.outcome, endedAt: r.endedAt! });
    }
  }
  if (tasks.size === 0) return { interval, range: rangeEcho(range), tasks: [] };

  // Runs still in progress: open, in a session that is not over. A session lasts at most
  // SESSION_MAX_MS, so only runs started that recently can be in one (the open-runs index).
  const live = db
    .prepare(
      `SELECT r.task AS task, r.hour AS hour, ${q.groupBy === undefined ? "''" : `r.${group}`} AS g ` +
        'FROM task_runs r JOIN sessions s ON s.site_id = r.site_id AND s.session_id = r.session_id ' +
        `WHERE r.outcome IS NULL AND r.started_at >= ? AND ${o.sql} AND s.last_ts > ? AND s.first_ts > ?`,
    )
    .all(now - SESSION_MAX_MS, ...o.params, now - SESSION_IDLE_MS, now - SESSION_MAX_MS) as {
    task: string;
    hour: number;
    g: string;
  }[];
  for (const r of live) {
    const acc = accOf(r.task);
    acc.total.inProgress += 1;
    const i = bucketOfHour(r.hour);
    if (i !== undefined) acc.series[i]!.inProgress += 1;
    if (q.groupBy !== undefined) groupOf(acc, r.g).counts.inProgress += 1;
  }

  // Answers given in the same session after a run ended: each under the latest run of its task
  // that ended before it (ORDER BY ended_at: the last row per task and answer wins). Without an
  // audience, from the score read model (db/schema/tasks.ts): the answers after one run of the task
  // are counted by tier, and only those after several are read as links, the same pairs the
  // statement on the runs finds. An audience is the session's, which neither keys: the single-run
  // answers of one the counts hold are in audience_task_score_counts (the chained links read with
  // the audience's conditions, as without one); any other reads the answers of the sessions of
  // its ended runs, read above (task-answers-after.ts).
  const after =
    hasAudience(q) && !counted
      ? answersAfterRuns(db, siteId, ended)
      : db
          .prepare(
            'SELECT r.task AS task, r.outcome AS outcome, r.display_id AS answer, r.kind AS kind, r.score AS score ' +
              `FROM task_answer_links r WHERE r.chained = 1 AND ${o.sql} ORDER BY r.ended_at`,
          )
          .all(...o.params);
  const latest = new Map<string, AfterRow>();
  for (const a of after as AfterRow[]) latest.set(`${a.task}\u0001${a.answer}`, a);
  const addAfter = (task: string, outcome: string, kind: string, score: number, answers: number) => {
    if (answers === 0) return;
    const k = kind as (typeof PROMPT_KINDS)[number];
    addToDistribution(accOf(task).after[outcome as 'success' | 'fail'][k], score, answers, 0);
  };
  for (const a of latest.values()) addAfter(a.task, a.outcome, a.kind, a.score, 1);
  if (counted) {
    for (const a of readAudienceTaskScores(db, siteId, q.task, q.audience!, planSpans(range.fromHour, range.toHour)))
      addAfter(a.task, a.outcome, a.kind, a.score, a.answers);
  }
  if (!hasAudience(q)) {
    const { path, device, browser, language } = q.filters;
    const read = {
      siteId,
      filters: { task: q.task, path, device, browser, language },
      groupBy: ['task', 'outcome', 'kind', 'score'],
      sums: ['answers'],
      ...TIERS.scores,
    };
    for (const { group, sums } of readGrains(db, read, planSpans(range.fromHour, range.toHour)).values()) {
      const [task, outcome, kind, score] = group as [string, string, string, number];
      addAfter(task, outcome, kind, Number(score), sums[0]!);
    }
  }

  const out: TaskFigures[] = [];
  for (const [task, acc] of tasks) {
    const scores = (outcome: 'success' | 'fail') => {
      const d = acc.after[outcome];
      const one = (kind: (typeof PROMPT_KINDS)[number]) => {
        let responses = 0;
        for (const c of d[kind].values()) responses += c.responses;
        return { responses, score: headlineScore(kind, d[kind]) };
      };
      return { nps: one('nps'), csat: one('csat'), ces: one('ces') };
    };
    const row: TaskFigures = {
      task,
      ...figures(acc.total),
      ...times(acc.durations),
      scoreAfter: { success: scores('success'), fail: scores('fail') },
      series: buckets.map((b, i) => ({ ...bucketEcho(b), ...figures(acc.series[i]!) })),
    };
    if (q.groupBy !== undefined) {
      row.groups = [...acc.groups]
        .map(([value, g]) => ({ value, ...figures(g.counts), ...times(g.durations) }))
        .sort((a, b) => b.started - a.started || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    }
    out.push(row);
  }
  out.sort((a, b) => b.started - a.started || (a.task < b.task ? -1 : a.task > b.task ? 1 : 0));
  return { interval, range: rangeEcho(range), tasks: out };
}
