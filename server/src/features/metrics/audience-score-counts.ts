import type { AudienceFilters, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import type { Kind } from '../../analytics/score-math.js';
import { readAudienceAnswers } from './audience-answers.js';

// The answers of an audience that the overview and the time series turn into scores: per hour,
// kind and score, answers and those with a comment. An audience of at most one trait (with or
// without `returning`) and no page filter is counted in trait_score_rollups, which the writer
// keeps per answer, trait and visitor segment (features/ingest/derive/customer-deltas.ts), as
// /v1/metrics/scores reads it (audience-score-store.ts): one index range of the trait's hours.
// Anything else is read from the answers themselves (audience-answers.ts).

/** Answers of one hour (0 when not asked per hour), kind and score. */
export interface ScoreCount {
  hour: number;
  kind: Kind;
  score: number;
  responses: number;
  comments: number;
}

/** Segment columns trait_score_rollups keeps (names from this list only, never input). */
const SEGMENT = ['device', 'browser', 'language'] as const;

/** Whether trait_score_rollups holds the question's answers. */
const countsHold = (f: SegmentFilters, a: AudienceFilters) => f.path === undefined && a.traits.length <= 1;

/** The audience's answers given in [from, to), per kind and score, and per hour when `perHour`. */
export function readAudienceScoreCounts(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  a: AudienceFilters,
  from: number,
  to: number,
  perHour: boolean,
): ScoreCount[] {
  if (!countsHold(f, a)) {
    const out = new Map<string, ScoreCount>();
    for (const r of readAudienceAnswers(db, siteId, f, a, from, to)) {
      const hour = perHour ? r.hour : 0;
      const id = `${hour}\u0001${r.kind}\u0001${r.score}`;
      const c = out.get(id);
      if (c) {
        c.responses += r.responses;
        c.comments += r.comments;
      } else out.set(id, { hour, kind: r.kind, score: r.score, responses: r.responses, comments: r.comments });
    }
    return [...out.values()];
  }
  const trait = a.traits[0];
  const where = ['site_id = ?', 'trait_key = ?', 'trait_value = ?', 'hour >= ?', 'hour < ?'];
  const params: (string | number)[] = [siteId, trait?.key ?? '', trait?.value ?? '', from, to];
  for (const column of SEGMENT) {
    if (f[column] === undefined) continue;
    where.push(`${column} = ?`);
    params.push(f[column]);
  }
  if (a.returning !== undefined) {
    where.push('"returning" = ?');
    params.push(a.returning ? 1 : 0);
  }
  const hour = perHour ? 'hour' : '0';
  return db
    .prepare(
      `SELECT ${hour} AS hour, kind, score, sum(responses) AS responses, sum(comments) AS comments ` +
        `FROM trait_score_rollups WHERE ${where.join(' AND ')} GROUP BY ${perHour ? 'hour, ' : ''}kind, score`,
    )
    .all(...params) as ScoreCount[];
}
