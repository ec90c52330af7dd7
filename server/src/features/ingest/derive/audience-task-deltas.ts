import type Database from 'better-sqlite3';
import { UNTIMED_BUCKET } from '../../../db/schema/audience-task-counts.js';
import { perDatabase } from '../../../lib/per-database.js';
import { vitalBucket } from '../../../lib/vital-histogram.js';
import { type Contribution, idOf } from './audience-session-contributions.js';
import { forEachCountChange, type KeyedCounts } from './count-difference.js';
import { prepareTieredRollupTables, TieredRollupDeltas } from './tiered-rollup-deltas.js';

// The tasks by who the session is (db/schema/audience-task-counts.ts). A run counts under its
// session's keys (traits and returning flag), which an identify call or a later session of the
// visitor may change after the run was counted; so, like the page rates
// (audience-page-rate-deltas.ts, which calls this with the same touched sessions and
// contributions), the writer reads each touched session's runs and single-run answer links before
// the commit writes anything and again after, and adds the difference under the keys of each
// time: a session whose keys changed leaves its old rows whole and enters its new ones.

const RUN_COUNTERS = ['started', 'succeeded', 'failed'] as const;
type RunCounter = (typeof RUN_COUNTERS)[number];

const TOUCHED =
  "touched (site_id, session_id) AS (SELECT json_extract(value, '$.s'), json_extract(value, '$.i') FROM json_each(?))";

const statements = perDatabase((db: Database.Database) => ({
  runs: db.prepare(
    `WITH ${TOUCHED} SELECT r.site_id, r.session_id, r.hour, r.task, r.outcome, r.started_at, r.ended_at ` +
      'FROM touched AS t JOIN task_runs AS r ON r.site_id = t.site_id AND r.session_id = t.session_id',
  ),
  // Answers after two or more ended runs of their task are read as rows (task_answer_links.chained).
  links: db.prepare(
    `WITH ${TOUCHED} SELECT l.site_id, l.session_id, l.hour, l.task, l.outcome, l.kind, l.score ` +
      'FROM touched AS t JOIN task_answer_links AS l ON l.site_id = t.site_id AND l.session_id = t.session_id ' +
      'WHERE l.chained = 0',
  ),
  runCounts: prepareTieredRollupTables(
    db,
    'audience_task_counts',
    ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'task', 'bucket'],
    RUN_COUNTERS,
  ),
  scoreCounts: prepareTieredRollupTables(
    db,
    'audience_task_score_counts',
    ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'task', 'outcome', 'kind', 'score'],
    ['answers'],
  ),
}));

/** A session's runs (hour, task, bucket → started, succeeded, failed) and single-run answers (hour, task, outcome, kind, score → answers). */
interface SessionTasks {
  runs: KeyedCounts;
  answers: KeyedCounts;
}

interface RunRow {
  site_id: string;
  session_id: string;
  hour: number;
  task: string;
  outcome: string | null;
  started_at: number;
  ended_at: number | null;
}

interface LinkRow {
  site_id: string;
  session_id: string;
  hour: number;
  task: string;
  outcome: string;
  kind: string;
  score: number;
}

function bump(m: KeyedCounts, cell: (string | number)[], counts: number[]): void {
  const id = cell.join('\u0001');
  const x = m.get(id);
  if (x === undefined) m.set(id, { key: cell, counts: [...counts] });
  else for (let i = 0; i < counts.length; i++) x.counts[i] = x.counts[i]! + counts[i]!;
}

/** The touched sessions' runs and single-run answers as stored now, by idOf; sessions with neither are absent. */
function tasksOf(db: Database.Database, touched: Map<string, [string, string]>): Map<string, SessionTasks> {
  const out = new Map<string, SessionTasks>();
  if (touched.size === 0) return out;
  const s = statements(db);
  const list = JSON.stringify([...touched.values()].map(([site, session]) => ({ s: site, i: session })));
  const of = (site: string, session: string) => {
    const id = idOf(site, session);
    let x = out.get(id);
    if (x === undefined) {
      x = { runs: new Map(), answers: new Map() };
      out.set(id, x);
    }
    return x;
  };
  for (const r of s.runs.all(list) as RunRow[]) {
    const success = r.outcome === 'success';
    // As derive/task-deltas.ts times a success: vitalBucket of its non-negative time on task.
    const bucket = success ? vitalBucket(Math.max(0, Number(r.ended_at) - Number(r.started_at))) : UNTIMED_BUCKET;
    bump(
      of(r.site_id, r.session_id).runs,
      [Number(r.hour), r.task, bucket],
      [1, success ? 1 : 0, r.outcome === 'fail' ? 1 : 0],
    );
  }
  for (const l of s.links.all(list) as LinkRow[]) {
    bump(of(l.site_id, l.session_id).answers, [Number(l.hour), l.task, l.outcome, l.kind, Number(l.score)], [1]);
  }
  return out;
}

/** One commit's changes to the task counts by who the session is: `before` the writes, `apply` after them. */
export class AudienceTaskDeltas {
  private readonly runs: TieredRollupDeltas<RunCounter>;
  private readonly answers: TieredRollupDeltas<'answers'>;
  /** The touched sessions' tasks before the commit's writes. */
  private stored = new Map<string, SessionTasks>();

  constructor(private readonly db: Database.Database) {
    const s = statements(db);
    // Keys are [site, trait, value, hour, …]: by hour, day and month of the run's start.
    this.runs = new TieredRollupDeltas(s.runCounts, 3);
    this.answers = new TieredRollupDeltas(s.scoreCounts, 3);
  }

  /** Before the commit writes runs, links, sessions or traits. */
  before(touched: Map<string, [string, string]>): void {
    this.stored = tasksOf(this.db, touched);
  }

  /**
   * After every write of the commit, with the contributions (keys) the touched sessions had before
   * (`was`) and have now (`now`): each session's rows now minus its rows before, then the upserts.
   */
  apply(touched: Map<string, [string, string]>, was: Map<string, Contribution>, now: Map<string, Contribution>): void {
    const after = tasksOf(this.db, touched);
    for (const [id, [siteId]] of touched) {
      const [then, today] = [this.stored.get(id), after.get(id)];
      if (then === undefined && today === undefined) continue;
      forEachCountChange(
        rowsOf(siteId, was.get(id), then?.runs),
        rowsOf(siteId, now.get(id), today?.runs),
        (key, i, n) => this.runs.add(key, RUN_COUNTERS[i]!, n),
      );
      forEachCountChange(
        rowsOf(siteId, was.get(id), then?.answers),
        rowsOf(siteId, now.get(id), today?.answers),
        (key, _, n) => this.answers.add(key, 'answers', n),
      );
    }
    this.stored.clear();
    this.runs.apply();
    this.answers.apply();
  }
}

/** The rows a session's cells count in under its keys: [site, trait, value, hour, returning, …rest of the cell]. */
function rowsOf(siteId: string, x: Contribution | undefined, cells: KeyedCounts | undefined): KeyedCounts {
  const out: KeyedCounts = new Map();
  // A run of a session with no row counts nowhere (as the migrations join the runs to their sessions).
  if (x === undefined || cells === undefined) return out;
  for (const [trait, value] of x.keys) {
    for (const { key: cell, counts } of cells.values()) {
      const [hour, ...rest] = cell;
      const key = [siteId, trait, value, hour!, x.returning, ...rest];
      out.set(key.join('\u0001'), { key, counts });
    }
  }
  return out;
}
