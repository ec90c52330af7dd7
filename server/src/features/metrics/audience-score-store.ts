import type { AnswerSample, AudienceFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { type AnswerSampling, answerSample } from '../../analytics/answer-sample-level.js';
import { answerTraitSql, commentedSql, scopedAnswers } from '../../analytics/audience-answer-conditions.js';
import { addToDistribution, type Distribution, type Kind } from '../../analytics/score-math.js';
import { bucketOf } from '../../analytics/series-buckets.js';
import type { LinkDimensions } from './channel-score-store.js';
import type { ScoreFilters } from './score-cubes.js';

// Scores by who answered: the customer's traits and new vs returning (AudienceFilters). One trait
// (as a filter or a grouping) and `returning` are read from trait_score_rollups, which the writer
// keeps per answer and trait (features/ingest/derive/customer-deltas.ts); a question it cannot
// answer (several traits at once, a trait filter and a grouping by another, a path, a channel or
// touchpoint) is read from the answers themselves, whose `traits` column holds what they carried.

/** Whether an audience narrows anything. */
export const hasAudience = (a: AudienceFilters | undefined, traitGroup: string | undefined): boolean =>
  a !== undefined && (a.traits.length > 0 || a.returning !== undefined || traitGroup !== undefined);

/** Column names come from this fixed list only: nothing a client sends enters the SQL text. */
const ROLLUP_FILTERS = [
  ['prompt_id', 'prompt_id'],
  ['device', 'device'],
  ['browser', 'browser'],
  ['language', 'language'],
] as const;

const toDistributions = (rows: { g: string | number | null; score: number; n: number; c: number }[]) => {
  const out = new Map<string, Distribution>();
  for (const r of rows) {
    if (r.n === 0 && r.c === 0) continue;
    const key = String(r.g ?? '');
    const d = out.get(key) ?? new Map();
    const cur = d.get(r.score) ?? { responses: 0, comments: 0 };
    d.set(r.score, { responses: cur.responses + r.n, comments: cur.comments + r.c });
    out.set(key, d);
  }
  return out;
};

/** Whether trait_score_rollups can answer the question (else the answers are read). */
function rollupsAnswer(
  filters: ScoreFilters,
  audience: AudienceFilters,
  link: LinkDimensions,
  traitGroup: string | undefined,
): boolean {
  if (filters.path !== undefined || link.channel !== undefined || link.touchpoint !== undefined || link.linksOnly)
    return false;
  if (audience.traits.length > 1) return false;
  const only = audience.traits[0];
  return traitGroup === undefined || only === undefined || only.key === traitGroup;
}

/** Whose scores of which kind: the site, the score filters, the audience and the link dimensions. */
export interface AudienceScoreQuestion {
  db: Database.Database;
  siteId: string;
  kind: Kind;
  filters: ScoreFilters;
  audience: AudienceFilters;
  link: LinkDimensions;
  /** Past its threshold, an audience read from its answers reads a fixed sample of them (answer-sample-level.ts). */
  sampling?: AnswerSampling | undefined;
}

/**
 * Answer distributions of `kind` given in [from, to) by this audience, per value of the trait
 * `traitGroup` ('' when not grouped; answers without that trait form no group).
 */
export function readAudienceDistributions(
  q: AudienceScoreQuestion,
  traitGroup: string | undefined,
  from: number,
  to: number,
): Map<string, Distribution> {
  return rollupsAnswer(q.filters, q.audience, q.link, traitGroup)
    ? fromRollups(q.db, q.siteId, q.kind, q.filters, q.audience, traitGroup, from, to)
    : fromAnswers(q, traitGroup, from, to);
}

function fromRollups(
  db: Database.Database,
  siteId: string,
  kind: Kind,
  filters: ScoreFilters,
  audience: AudienceFilters,
  traitGroup: string | undefined,
  from: number,
  to: number,
): Map<string, Distribution> {
  const trait = audience.traits[0];
  const where = ['site_id = ?', 'trait_key = ?'];
  const params: unknown[] = [siteId, traitGroup ?? trait?.key ?? ''];
  if (trait !== undefined) {
    where.push('trait_value = ?');
    params.push(trait.value);
  } else if (traitGroup === undefined) {
    where.push("trait_value = ''");
  }
  where.push('hour >= ?', 'hour < ?', 'kind = ?');
  params.push(from, to, kind);
  for (const [name, column] of ROLLUP_FILTERS) {
    const value = filters[name];
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  if (audience.returning !== undefined) {
    where.push('"returning" = ?');
    params.push(audience.returning ? 1 : 0);
  }
  const group = traitGroup === undefined ? "''" : 'trait_value';
  const rows = db
    .prepare(
      `SELECT ${group} AS g, score, sum(responses) AS n, sum(comments) AS c FROM trait_score_rollups ` +
        `WHERE ${where.join(' AND ')} GROUP BY g, score`,
    )
    .all(...params) as { g: string; score: number; n: number; c: number }[];
  return toDistributions(rows);
}

/** The question's answers (of the audience, the filters and the link dimensions) given in [from, to), or its sample. */
function answersOf(
  { db, siteId, kind, filters, audience, link, sampling }: AudienceScoreQuestion,
  from: number,
  to: number,
): { from: string; where: string; params: unknown[]; level: number; x: 'r' | 'd'; commented: string } {
  // The page, segment and link filters are tested in each answer the audience's trait leads to: on
  // the trait's row, which keeps the answer's figures, unless a filter needs the answer's own
  // (its prompt or link).
  const figuresOnly =
    filters.prompt_id === undefined &&
    link.channel === undefined &&
    link.touchpoint === undefined &&
    link.linksOnly !== true;
  const answers = scopedAnswers({ db, siteId, from, to, sampling }, {}, audience, { figuresOnly });
  const x = answers.figures;
  const where = [answers.where, `${x}.kind = ?`];
  const params: unknown[] = [...answers.params, kind];
  for (const column of ['prompt_id', 'path', 'device', 'browser', 'language'] as const) {
    const value = filters[column];
    if (value === undefined) continue;
    where.push(`${x}.${column} = ?`);
    params.push(value);
  }
  if (link.channel !== undefined) {
    where.push('r.channel = ?');
    params.push(link.channel);
  }
  if (link.touchpoint !== undefined) {
    where.push('r.touchpoint = ?');
    params.push(link.touchpoint);
  }
  if (link.linksOnly) where.push("r.channel <> 'web'");
  return {
    from: answers.from,
    where: where.join(' AND '),
    params,
    level: answers.level,
    x,
    commented: commentedSql(answers),
  };
}

function fromAnswers(
  q: AudienceScoreQuestion,
  traitGroup: string | undefined,
  from: number,
  to: number,
): Map<string, Distribution> {
  const a = answersOf(q, from, to);
  const group = traitGroup === undefined ? "''" : answerTraitSql(a.x);
  const rows = q.db
    .prepare(
      `SELECT ${group} AS g, ${a.x}.score AS score, count(*) AS n, sum(${a.commented}) AS c FROM ${a.from} ` +
        `WHERE ${a.where} GROUP BY 1, 2`,
    )
    .all(...(traitGroup === undefined ? [] : [traitGroup]), ...a.params) as {
    g: string | null;
    score: number;
    n: number;
    c: number;
  }[];
  // A sample's answers each stand for 2^level.
  const scaled = rows.map((r) => ({ ...r, n: r.n * 2 ** a.level, c: r.c * 2 ** a.level }));
  return toDistributions(traitGroup === undefined ? scaled : scaled.filter((r) => r.g !== null));
}

/**
 * The audience's distributions over [from, to) and in each of `buckets` (consecutive, within it).
 * Read from the answers, one statement for them all: the answers of the range, each put in its
 * bucket here (a statement per bucket would find the audience's answers again in each). From a
 * sample, its counts scaled and `sample` saying so.
 */
export function readAudienceSeries(
  q: AudienceScoreQuestion,
  from: number,
  to: number,
  buckets: readonly { start: number; end: number }[],
): { whole: Distribution; series: Distribution[]; sample?: AnswerSample | undefined } {
  if (rollupsAnswer(q.filters, q.audience, q.link, undefined)) {
    const read = (a: number, b: number) => readAudienceDistributions(q, undefined, a, b).get('') ?? new Map();
    return { whole: read(from, to), series: buckets.map((b) => read(b.start, b.end)) };
  }
  const a = answersOf(q, from, to);
  const rows = q.db
    .prepare(`SELECT ${a.x}.created_at, ${a.x}.score, ${a.commented} FROM ${a.from} WHERE ${a.where}`)
    .raw()
    .all(...a.params) as [number, number, number][];
  const whole: Distribution = new Map();
  const series: Distribution[] = buckets.map(() => new Map());
  const weight = 2 ** a.level;
  for (const [at, score, comment] of rows) {
    addToDistribution(whole, score, weight, comment * weight);
    const i = bucketOf(buckets, at);
    if (i >= 0) addToDistribution(series[i]!, score, weight, comment * weight);
  }
  return { whole, series, sample: answerSample(a.level, rows.length) };
}
