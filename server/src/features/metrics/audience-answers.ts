import type { AnswerSample, AudienceFilters, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { type AnswerSampling, answerSample } from '../../analytics/answer-sample-level.js';
import type { Kind } from '../../analytics/score-math.js';
import { commentedSql, scopedAnswers } from '../../analytics/audience-answer-conditions.js';

// The answers of an audience, for the figures the overview, the time series and the pages table
// show beside traffic: read from the answers themselves (the traits each carried when given, its
// session's new or returning), as /v1/metrics/scores reads them, so the two agree — past the
// threshold from the same fixed sample of them (scopedAnswers picks the same level for the same
// range and audience). Counted in the hour an answer was first given, narrowed by its own page,
// device, browser and language.

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

/** The audience's answers counted, scaled when a sample, and `sample` saying so (absent when every answer was read). */
export interface AudienceAnswers {
  counts: AnswerCount[];
  sample?: AnswerSample | undefined;
}

/**
 * The audience's answers given in [from, to), counted per hour, kind, page and score: every answer,
 * or with `sampling` past its threshold a fixed sample, each of whose answers stands for 2^level.
 */
export function readAudienceAnswers(
  db: Database.Database,
  siteId: string,
  filters: SegmentFilters,
  audience: AudienceFilters,
  from: number,
  to: number,
  sampling?: AnswerSampling,
): AudienceAnswers {
  const a = scopedAnswers({ db, siteId, from, to, sampling }, filters, audience, { figuresOnly: true });
  const x = a.figures;
  const rows = db
    .prepare(
      `SELECT ${x}.created_at - ${x}.created_at % ${HOUR} AS hour, ${x}.kind AS kind, ${x}.path AS path, ${x}.score AS score, ` +
        `count(*) AS responses, sum(${commentedSql(a)}) AS comments FROM ${a.from} WHERE ${a.where} GROUP BY 1, 2, 3, 4`,
    )
    .all(...a.params) as AnswerCount[];
  if (a.level === 0) return { counts: rows };
  const weight = 2 ** a.level;
  const answers = rows.reduce((n, r) => n + r.responses, 0);
  return {
    counts: rows.map((r) => ({ ...r, responses: r.responses * weight, comments: r.comments * weight })),
    sample: answerSample(a.level, answers),
  };
}
