import type { AudienceFilters, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import type { Kind } from '../../analytics/score-math.js';
import { scopedAnswers } from '../../analytics/audience-answer-conditions.js';

// The answers of an audience, for the figures the overview, the time series and the pages table
// show beside traffic: read from the answers themselves (the traits each carried when given, its
// session's new or returning), as /v1/metrics/scores reads them, so the two agree. Counted in the
// hour an answer was first given, narrowed by its own page, device, browser and language.

const HOUR = 3_600_000;

/** Answers of one hour, kind, page and score. */
export interface AnswerCount {
  hour: number;
  kind: Kind;
  path: string;
  score: number;
  responses: number;
  comments: number;
}

/** The audience's answers given in [from, to), counted per hour, kind, page and score. */
export function readAudienceAnswers(
  db: Database.Database,
  siteId: string,
  filters: SegmentFilters,
  audience: AudienceFilters,
  from: number,
  to: number,
): AnswerCount[] {
  const a = scopedAnswers({ db, siteId, from, to }, filters, audience);
  return db
    .prepare(
      `SELECT r.created_at - r.created_at % ${HOUR} AS hour, r.kind AS kind, r.path AS path, r.score AS score, ` +
        `count(*) AS responses, count(r.comment) AS comments FROM ${a.from} WHERE ${a.where} GROUP BY hour, kind, path, score`,
    )
    .all(...a.params) as AnswerCount[];
}
