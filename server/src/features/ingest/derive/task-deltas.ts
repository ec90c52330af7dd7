import type Database from 'better-sqlite3';
import { hourOf } from '../../../lib/hour-bucket.js';
import { vitalBucket } from '../../../lib/vital-histogram.js';
import type { IngestRow, WriterEventOf } from '../ingest-row.js';
import { prepareTaskScoreStatements, TaskScoreDeltas } from './task-score-deltas.js';
import { prepareTieredRollupTables, TieredRollupDeltas } from './tiered-rollup-deltas.js';
import { TASK_DURATION_ROLLUP_KEY, TASK_ROLLUP_COUNTERS, TASK_ROLLUP_KEY } from '../../../db/schema/tasks.js';

type TaskRow = IngestRow & { event: WriterEventOf<'task'> };

/** An open run as this commit knows it: from the database, or opened by an earlier event of the commit. */
interface OpenRun {
  runId: string;
  startedAt: number;
  /** The run's rollup key (its start hour, page and segment). */
  key: (string | number)[];
  /** Inserted by this commit: closing it updates that pending insert instead of the stored row. */
  fresh: boolean;
}

/** The statements of the task read model, prepared once per connection (ingest-statements.ts). */
export function prepareTaskStatements(db: Database.Database) {
  return {
    selectOpenRun: db.prepare(
      'SELECT run_id, started_at, hour, path, device, browser, language FROM task_runs ' +
        'WHERE site_id = ? AND session_id = ? AND task = ? AND outcome IS NULL',
    ),
    insertRun: db.prepare(
      'INSERT INTO task_runs (site_id, run_id, session_id, visitor_id, task, hour, started_at, path, device, ' +
        'browser, language, outcome, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    closeRun: db.prepare(
      'UPDATE task_runs SET outcome = ?, ended_at = ? WHERE site_id = ? AND run_id = ? AND outcome IS NULL',
    ),
    // The session's trait rows, once it has a run: an audience's tasks are read from those rows alone.
    markTraits: db.prepare('UPDATE session_traits SET tasks = 1 WHERE site_id = ? AND session_id = ? AND tasks = 0'),
    rollups: prepareTieredRollupTables(db, 'task_rollups', TASK_ROLLUP_KEY, TASK_ROLLUP_COUNTERS),
    durations: prepareTieredRollupTables(db, 'task_duration_rollups', TASK_DURATION_ROLLUP_KEY, ['samples']),
    scores: prepareTaskScoreStatements(db),
  };
}
export type TaskStatements = ReturnType<typeof prepareTaskStatements>;

/**
 * One commit's task events turned into runs and rollup counts. Per session and task, in the
 * order the visitor did them (by `ts`, so a batch whose events arrive out of order still pairs):
 * `start` opens a run unless one is open (a second start is ignored: the first still times the
 * task), `success` / `fail` closes the open run (an outcome with no open run is ignored: there is
 * nothing to time or count it against). A run counts in its start hour; its outcome and time on
 * task are added to that same rollup row when they come, in this commit or a later one. Duplicated
 * events never get here (the events insert dropped them), so a retried batch counts nothing twice.
 */
export class TaskDeltas {
  private readonly rows: TaskRow[] = [];
  private readonly rollups: TieredRollupDeltas<(typeof TASK_ROLLUP_COUNTERS)[number]>;
  private readonly durations: TieredRollupDeltas<'samples'>;
  /** The score after an outcome: sessions where a run ended or an answer changed, linked again. */
  private readonly scores: TaskScoreDeltas;

  constructor(private readonly s: TaskStatements) {
    this.scores = new TaskScoreDeltas(s.scores);
    // Keys are [site, hour, …]: by hour, day and month of the run's start.
    this.rollups = new TieredRollupDeltas(s.rollups, 1);
    this.durations = new TieredRollupDeltas(s.durations, 1);
  }

  add(row: TaskRow): void {
    this.rows.push(row);
  }

  /** An answer of the session was created or changed (stored already: answers merge as they come). */
  answerChanged(siteId: string, sessionId: string): void {
    this.scores.touch(siteId, sessionId);
  }

  /** After `apply` and every answer of the commit: it reads the runs this commit ended. */
  applyScores(): void {
    this.scores.apply();
  }

  apply(): void {
    if (this.rows.length === 0) return;
    // Stable: events of one millisecond keep the order they were sent in.
    const rows = this.rows.sort((a, b) => a.ts - b.ts);
    const open = new Map<string, OpenRun | null>();
    const pending = new Map<string, { row: TaskRow; outcome: string | null; endedAt: number | null }>();
    for (const row of rows) {
      const e = row.event;
      const id = `${row.siteId}\u0001${e.sessionId}\u0001${e.name}`;
      let run = open.get(id);
      if (run === undefined) {
        run = this.stored(row);
        open.set(id, run);
      }
      if (e.action === 'start') {
        if (run !== null) continue;
        const key = [row.siteId, hourOf(row.ts), e.name, e.path, row.device, row.browser, row.language];
        open.set(id, { runId: row.id, startedAt: row.ts, key, fresh: true });
        pending.set(row.id, { row, outcome: null, endedAt: null });
        this.rollups.add(key, 'started');
        continue;
      }
      if (run === null) continue;
      open.set(id, null);
      this.scores.touch(row.siteId, e.sessionId);
      const success = e.action === 'success';
      this.rollups.add(run.key, success ? 'succeeded' : 'failed');
      if (success) this.durations.add([...run.key, vitalBucket(Math.max(0, row.ts - run.startedAt))], 'samples');
      if (run.fresh) {
        const p = pending.get(run.runId)!;
        p.outcome = e.action;
        p.endedAt = row.ts;
      } else {
        this.s.closeRun.run(e.action, row.ts, row.siteId, run.runId);
      }
    }
    for (const { row, outcome, endedAt } of pending.values()) {
      const e = row.event;
      this.s.insertRun.run(
        row.siteId,
        row.id,
        e.sessionId,
        e.visitorId ?? null,
        e.name,
        hourOf(row.ts),
        row.ts,
        e.path,
        row.device,
        row.browser,
        row.language,
        outcome,
        endedAt,
      );
      this.s.markTraits.run(row.siteId, e.sessionId);
    }
    this.rollups.apply();
    this.durations.apply();
    this.rows.length = 0;
  }

  private stored(row: TaskRow): OpenRun | null {
    const r = this.s.selectOpenRun.get(row.siteId, row.event.sessionId, row.event.name) as
      | {
          run_id: string;
          started_at: number;
          hour: number;
          path: string;
          device: string;
          browser: string;
          language: string;
        }
      | undefined;
    if (r === undefined) return null;
    return {
      runId: r.run_id,
      startedAt: r.started_at,
      key: [row.siteId, r.hour, row.event.name, r.path, r.device, r.browser, r.language],
      fresh: false,
    };
  }
}
