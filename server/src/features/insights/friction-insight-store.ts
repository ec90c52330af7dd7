import { type AnswerSample, type AudienceFilters, FRICTION_TYPES, type FrictionInsightResponse } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { type AnswerSampling, answerSample } from '../../analytics/answer-sample-level.js';
import { scopedAnswers } from '../../analytics/audience-answer-conditions.js';
import { audienceCountFilters, audienceCountsAnswer, hasAudience } from '../../analytics/audience-sessions.js';
import { readCube } from '../../analytics/cube-reader.js';
import { readGrains, tierTables } from '../../analytics/grain-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import {
  addToDistribution,
  headlineScore,
  percent,
  round2,
  segmentOf,
  type Distribution,
  type Kind,
} from '../../analytics/score-math.js';
import { planSpans } from '../../analytics/tier-plan.js';
import { CUBES } from '../../db/cubes/cube-specs.js';
import { FRICTION_BITS, frictionMask } from '../ingest/derive/response-friction.js';

type Comparison = FrictionInsightResponse['overall'];
type FrictionType = (typeof FRICTION_TYPES)[number];

const BIT: Record<FrictionType, number> = {
  rage: FRICTION_BITS.rage,
  dead: FRICTION_BITS.dead,
  errorClick: FRICTION_BITS.errorClick,
  jsError: FRICTION_BITS.jsError,
};

function merged(dists: Iterable<Distribution>): Distribution {
  const out: Distribution = new Map();
  for (const d of dists) for (const [s, c] of d) addToDistribution(out, s, c.responses, c.comments);
  return out;
}

function group(kind: Kind, d: Distribution) {
  let responses = 0;
  let detractors = 0;
  for (const [s, c] of d) {
    responses += c.responses;
    if (segmentOf(kind, s) === 'detractor') detractors += c.responses;
  }
  return { responses, score: headlineScore(kind, d), detractorRate: percent(detractors, responses) };
}

function compare(kind: Kind, met: Distribution, notMet: Distribution): Comparison {
  const m = group(kind, met);
  const n = group(kind, notMet);
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : round2(a - b));
  return { met: m, notMet: n, scoreGap: diff(m.score, n.score), detractorLift: diff(m.detractorRate, n.detractorRate) };
}

/** Answer distributions per friction mask, and per page seen before answering: [met, not met]. */
interface FrictionTallies {
  byMask: Map<number, Distribution>;
  pages: Map<string, [Distribution, Distribution]>;
  /** Read from a sample of the audience's answers: what it was (the counts are scaled). */
  sample?: AnswerSample | undefined;
}

function tallies(): FrictionTallies {
  return { byMask: new Map(), pages: new Map() };
}

function addMask(t: FrictionTallies, mask: number, score: number, n: number) {
  if (!t.byMask.has(mask)) t.byMask.set(mask, new Map());
  addToDistribution(t.byMask.get(mask)!, score, n, 0);
}

function addPage(t: FrictionTallies, path: string, met: boolean, score: number, n: number) {
  if (!t.pages.has(path)) t.pages.set(path, [new Map(), new Map()]);
  addToDistribution(t.pages.get(path)![met ? 0 : 1], score, n, 0);
}

/** Everyone's answers: the friction cubes the writer keeps (friction_rollups, friction_page_rollups). */
function fromCubes(db: Database.Database, siteId: string, kind: Kind, range: QueryRange): FrictionTallies {
  const t = tallies();
  const spans = planSpans(range.fromHour, range.toHour);
  const maskRead = { cube: CUBES.friction, siteId, filters: { kind }, groupBy: ['mask', 'score'] };
  for (const { group: g, counters } of readCube(db, maskRead, spans).values())
    addMask(t, Number(g[0]), Number(g[1]), counters[0]!);
  const pageRead = { cube: CUBES.frictionPage, siteId, filters: { kind }, groupBy: ['path', 'met', 'score'] };
  for (const { group: g, counters } of readCube(db, pageRead, spans).values())
    addPage(t, String(g[0]), Number(g[1]) === 1, Number(g[2]), counters[0]!);
  return t;
}

/** The friction cubes by who answered (db/schema/audience-answers.ts), with their day and month tiers. */
const AUDIENCE_TIERS = {
  mask: tierTables('audience_friction_rollups'),
  page: tierTables('audience_friction_page_rollups'),
};

/**
 * An audience of at most one trait: the same cubes counted by who answered at ingest, whole UTC
 * months and days from their tiers and the edge hours by hour. A key an answer left (a late friction
 * event moved it) keeps a row of 0, which the answers themselves would not show.
 */
function fromAudienceCounts(
  db: Database.Database,
  siteId: string,
  kind: Kind,
  audience: AudienceFilters,
  range: QueryRange,
): FrictionTallies {
  const t = tallies();
  const spans = planSpans(range.fromHour, range.toHour);
  const filters = { ...audienceCountFilters(audience), kind };
  const maskRead = { ...AUDIENCE_TIERS.mask, siteId, filters, groupBy: ['mask', 'score'], sums: ['responses'] };
  for (const { group: g, sums } of readGrains(db, maskRead, spans).values())
    if (sums[0] !== 0) addMask(t, Number(g[0]), Number(g[1]), sums[0]!);
  const pageRead = { ...AUDIENCE_TIERS.page, siteId, filters, groupBy: ['path', 'met', 'score'], sums: ['responses'] };
  for (const { group: g, sums } of readGrains(db, pageRead, spans).values())
    if (sums[0] !== 0) addPage(t, String(g[0]), Number(g[1]) === 1, Number(g[2]), sums[0]!);
  return t;
}

interface FrictionAnswer {
  score: number;
  rage: number;
  dead: number;
  errorClicks: number;
  jsErrors: number;
  pages: string | null;
}

/**
 * An audience's answers: the same figures read off the answers themselves, which keep the friction
 * their session met before them as last counted in the cubes (friction_score and the friction columns).
 */
function fromAnswers(
  db: Database.Database,
  siteId: string,
  kind: Kind,
  audience: AudienceFilters,
  range: QueryRange,
  sampling: AnswerSampling | undefined,
): FrictionTallies {
  const a = scopedAnswers({ db, siteId, from: range.fromHour, to: range.toHour, sampling }, {}, audience);
  const rows = db
    .prepare(
      'SELECT r.friction_score AS score, r.friction_rage AS rage, r.friction_dead AS dead, ' +
        'r.friction_error_clicks AS errorClicks, r.friction_js_errors AS jsErrors, r.friction_pages AS pages ' +
        `FROM ${a.from} WHERE ${a.where} AND r.kind = ? AND r.friction_score IS NOT NULL`,
    )
    .all(...a.params, kind) as FrictionAnswer[];
  const t = tallies();
  // A sample's answers each stand for 2^level.
  const weight = 2 ** a.level;
  for (const r of rows) {
    addMask(t, frictionMask(r), r.score, weight);
    const pages = JSON.parse(r.pages ?? '{}') as Record<string, number>;
    for (const [path, met] of Object.entries(pages)) addPage(t, path, met === 1, r.score, weight);
  }
  t.sample = answerSample(a.level, rows.length);
  return t;
}

/**
 * Scores after friction vs. without it, per friction type and per page, and the worst offender:
 * everyone's from the friction cubes, an audience of at most one trait (with or without new vs
 * returning) from the same cubes by who answered, any other audience from its answers (with
 * `sampling`, past its threshold from a fixed sample of them, counts scaled, said in `sampled`).
 */
export function readFrictionInsight(
  db: Database.Database,
  siteId: string,
  q: { kind: Kind; minResponses: number },
  audience: AudienceFilters,
  range: QueryRange,
  sampling?: AnswerSampling,
): FrictionInsightResponse {
  const { byMask, pages, sample } = !hasAudience(audience)
    ? fromCubes(db, siteId, q.kind, range)
    : audienceCountsAnswer({}, audience)
      ? fromAudienceCounts(db, siteId, q.kind, audience, range)
      : fromAnswers(db, siteId, q.kind, audience, range, sampling);
  const where = (test: (mask: number) => boolean) => merged([...byMask].filter(([m]) => test(m)).map(([, d]) => d));
  const overall = compare(
    q.kind,
    where((m) => m !== 0),
    where((m) => m === 0),
  );
  const byType = FRICTION_TYPES.map((type) => ({
    type,
    ...compare(
      q.kind,
      where((m) => (m & BIT[type]) !== 0),
      where((m) => (m & BIT[type]) === 0),
    ),
  }));

  const byPage = [...pages]
    .map(([path, [met, notMet]]) => ({ path, ...compare(q.kind, met, notMet) }))
    .filter((p) => p.met.responses > 0)
    .sort((a, b) => b.met.responses - a.met.responses || (a.path < b.path ? -1 : 1));

  const candidates = [
    ...byType.map((t) => ({ ...t, type: t.type as FrictionType | null, path: null as string | null })),
    ...byPage.map((p) => ({ ...p, type: null as FrictionType | null })),
  ].filter(
    (c) => c.met.responses >= q.minResponses && c.notMet.responses >= q.minResponses && (c.detractorLift ?? 0) > 0,
  );
  candidates.sort((a, b) => b.detractorLift! - a.detractorLift! || b.met.responses - a.met.responses);
  const out: FrictionInsightResponse = {
    kind: q.kind,
    range: rangeEcho(range),
    overall,
    byType,
    byPage,
    topFriction: candidates[0] ?? null,
  };
  if (sample !== undefined) out.sampled = sample;
  return out;
}
