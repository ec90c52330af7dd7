import type Database from 'better-sqlite3';

// The answers given after a task run ended, for runs already read as rows (the runs of an audience
// the counts by who the session is do not hold, tasks-store.ts). Reading the runs again joined with
// the answers would walk the audience a second time; the runs' sessions are few (the audience's
// runs), so their answers are one index lookup each (responses_site_session).

/** An ended run, as read: its task, session, outcome and end. */
export interface EndedRun {
  task: string;
  sessionId: string;
  outcome: 'success' | 'fail';
  endedAt: number;
}

/** An answer under the latest run of its task that ended before it. */
export interface AnswerAfter {
  task: string;
  outcome: 'success' | 'fail';
  answer: string;
  kind: string;
  score: number;
}

/** JSON arrays longer than this are split: one statement's list stays a bounded parameter. */
const CHUNK = 5000;

/**
 * Each answer of the runs' sessions under the latest of those runs of each task that ended at or
 * before it was given (one answer can follow runs of several tasks).
 */
export function answersAfterRuns(db: Database.Database, siteId: string, runs: readonly EndedRun[]): AnswerAfter[] {
  const bySession = new Map<string, EndedRun[]>();
  for (const r of runs) {
    const list = bySession.get(r.sessionId);
    if (list) list.push(r);
    else bySession.set(r.sessionId, [r]);
  }
  const sessions = [...bySession.keys()];
  const read = db.prepare(
    'SELECT session_id AS sessionId, display_id AS answer, kind, score, created_at AS createdAt FROM responses ' +
      'WHERE site_id = ? AND session_id IN (SELECT value FROM json_each(?))',
  );
  const out: AnswerAfter[] = [];
  for (let i = 0; i < sessions.length; i += CHUNK) {
    const answers = read.all(siteId, JSON.stringify(sessions.slice(i, i + CHUNK))) as {
      sessionId: string;
      answer: string;
      kind: string;
      score: number;
      createdAt: number;
    }[];
    for (const a of answers) {
      const latest = new Map<string, EndedRun>();
      for (const r of bySession.get(a.sessionId) ?? []) {
        if (r.endedAt > a.createdAt) continue;
        const seen = latest.get(r.task);
        if (!seen || r.endedAt >= seen.endedAt) latest.set(r.task, r);
      }
      for (const r of latest.values())
        out.push({ task: r.task, outcome: r.outcome, answer: a.answer, kind: a.kind, score: a.score });
    }
  }
  return out;
}
