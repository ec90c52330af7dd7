import type Database from 'better-sqlite3';
import { TASK_SCORE_ROLLUP_KEY } from '../../../db/schema/tasks.js';
import { prepareTieredRollupTables, TieredRollupDeltas } from './tiered-rollup-deltas.js';

/** The statements of the score after an outcome, prepared once per connection (task-deltas.ts). */
export function prepareTaskScoreStatements(db: Database.Database) {
  return {
    endedRuns: db.prepare(
      'SELECT run_id, task, hour, path, device, browser, language, outcome, ended_at FROM task_runs ' +
        'WHERE site_id = ? AND session_id = ? AND outcome IS NOT NULL',
    ),
    answers: db.prepare(
      'SELECT display_id, kind, score, created_at FROM responses WHERE site_id = ? AND session_id = ?',
    ),
    links: db.prepare(
      'SELECT display_id, run_id, task, hour, path, device, browser, language, outcome, ended_at, kind, score, chained ' +
        'FROM task_answer_links WHERE site_id = ? AND session_id = ?',
    ),
    deleteLink: db.prepare('DELETE FROM task_answer_links WHERE site_id = ? AND display_id = ? AND run_id = ?'),
    insertLink: db.prepare(
      'INSERT INTO task_answer_links (site_id, display_id, run_id, session_id, task, hour, path, device, browser, ' +
        'language, outcome, ended_at, kind, score, chained) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    rollups: prepareTieredRollupTables(db, 'task_score_rollups', TASK_SCORE_ROLLUP_KEY, ['answers']),
  };
}
export type TaskScoreStatements = ReturnType<typeof prepareTaskScoreStatements>;

interface Link {
  display_id: string;
  run_id: string;
  task: string;
  hour: number;
  path: string;
  device: string;
  browser: string;
  language: string;
  outcome: string;
  ended_at: number;
  kind: string;
  score: number;
  chained: number;
}

type EndedRun = Omit<Link, 'display_id' | 'kind' | 'score' | 'chained'>;

const LINK_FIELDS = ['task', 'hour', 'path', 'device', 'browser', 'language', 'outcome', 'ended_at', 'kind', 'score'];
const same = (a: Link, b: Link) =>
  a.chained === b.chained && LINK_FIELDS.every((f) => a[f as keyof Link] === b[f as keyof Link]);

/**
 * The score after an outcome, kept per session (db/schema/tasks.ts): every session of the commit
 * where a run ended or an answer was created or changed is linked again from its stored ended runs
 * and answers, after this commit's writes, and only the difference with its stored links is
 * written. An answer is linked to each ended run of the same session with `ended_at <= created_at`
 * (the read statement's "after"); the answers with one such run of a task are counted under it,
 * the others stay rows. Recounting from stored rows makes the result independent of the order in
 * which a session's events arrive and of how they are split into commits.
 */
export class TaskScoreDeltas {
  private readonly sessions = new Map<string, [string, string]>();
  private readonly rollups: TieredRollupDeltas<'answers'>;

  constructor(private readonly s: TaskScoreStatements) {
    this.rollups = new TieredRollupDeltas(s.rollups, 1);
  }

  /** A run of the session ended, or one of its answers was created or changed, in this commit. */
  touch(siteId: string, sessionId: string): void {
    this.sessions.set(`${siteId}\u0001${sessionId}`, [siteId, sessionId]);
  }

  apply(): void {
    if (this.sessions.size === 0) return;
    for (const [siteId, sessionId] of this.sessions.values()) this.relink(siteId, sessionId);
    this.sessions.clear();
    this.rollups.apply();
  }

  private relink(siteId: string, sessionId: string): void {
    const runs = this.s.endedRuns.all(siteId, sessionId) as EndedRun[];
    const stored = new Map<string, Link>();
    for (const l of this.s.links.all(siteId, sessionId) as Link[]) stored.set(`${l.display_id}\u0001${l.run_id}`, l);
    if (runs.length === 0 && stored.size === 0) return;
    const wanted = new Map<string, Link>();
    if (runs.length > 0) {
      const answers = this.s.answers.all(siteId, sessionId) as {
        display_id: string;
        kind: string;
        score: number;
        created_at: number;
      }[];
      for (const a of answers) {
        const before = new Map<string, EndedRun[]>();
        for (const r of runs) {
          if (r.ended_at > a.created_at) continue;
          const list = before.get(r.task);
          if (list) list.push(r);
          else before.set(r.task, [r]);
        }
        for (const list of before.values()) {
          const chained = list.length > 1 ? 1 : 0;
          for (const r of list) {
            const link = { ...r, display_id: a.display_id, kind: a.kind, score: a.score, chained };
            wanted.set(`${a.display_id}\u0001${r.run_id}`, link);
          }
        }
      }
    }
    for (const [id, old] of stored) {
      const now = wanted.get(id);
      if (now !== undefined && same(old, now)) {
        wanted.delete(id);
        continue;
      }
      this.s.deleteLink.run(siteId, old.display_id, old.run_id);
      if (old.chained === 0) this.count(siteId, old, -1);
    }
    for (const l of wanted.values()) {
      this.s.insertLink.run(
        siteId,
        l.display_id,
        l.run_id,
        sessionId,
        l.task,
        l.hour,
        l.path,
        l.device,
        l.browser,
        l.language,
        l.outcome,
        l.ended_at,
        l.kind,
        l.score,
        l.chained,
      );
      if (l.chained === 0) this.count(siteId, l, 1);
    }
  }

  private count(siteId: string, l: Link, amount: number): void {
    const key = [siteId, l.hour, l.task, l.path, l.device, l.browser, l.language, l.outcome, l.kind, l.score];
    this.rollups.add(key, 'answers', amount);
  }
}
