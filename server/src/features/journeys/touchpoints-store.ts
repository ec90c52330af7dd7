import type { AnswerSample, AudienceFilters, SegmentFilters, TouchpointsResponse } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { type AnswerSampling, answerSample } from '../../analytics/answer-sample-level.js';
import { scopedAnswers } from '../../analytics/audience-answer-conditions.js';
import { audienceCountFilters, audienceCountsAnswer, hasAudience } from '../../analytics/audience-sessions.js';
import { FAMILIES, familyRead } from '../../analytics/cube-families.js';
import { readCube } from '../../analytics/cube-reader.js';
import { readGrains } from '../../analytics/grain-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import {
  addToDistribution,
  headlineScore,
  round2,
  segmentOf,
  type Distribution,
  type Kind,
} from '../../analytics/score-math.js';
import { planSpans } from '../../analytics/tier-plan.js';
import { pageGroupMatcher, type GroupPattern } from '../page-groups/page-group-matcher.js';

type Figures = Omit<TouchpointsResponse['pages'][number], 'path'>;

function figures(kind: Kind, d: Distribution): Figures {
  const bands = { promoter: 0, passive: 0, detractor: 0 };
  let responses = 0;
  let sum = 0;
  for (const [score, c] of d) {
    responses += c.responses;
    sum += score * c.responses;
    bands[segmentOf(kind, score)] += c.responses;
  }
  return {
    responses,
    score: headlineScore(kind, d),
    meanScore: responses > 0 ? round2(sum / responses) : null,
    promoters: bands.promoter,
    passives: bands.passive,
    detractors: bands.detractor,
  };
}

/** Everyone's answers per page: the per-page score cubes. */
function fromCubes(
  db: Database.Database,
  siteId: string,
  kind: Kind,
  filters: SegmentFilters,
  range: QueryRange,
): Map<string, Distribution> {
  const read = familyRead(FAMILIES.scores, siteId, filters, {
    groupBy: ['path', 'score'],
    where: { kind },
    counters: ['responses'],
  })!;
  const byPath = new Map<string, Distribution>();
  for (const { group, counters } of readCube(db, read, planSpans(range.fromHour, range.toHour)).values())
    addTo(byPath, String(group[0]), Number(group[1]), counters[0]!);
  return byPath;
}

/** The audience's answers per page by UTC hour, day and month (db/schema/audience-answers.ts). */
const AUDIENCE_TIERS = {
  hourly: 'audience_path_scores',
  daily: 'audience_path_scores_daily',
  monthly: 'audience_path_scores_monthly',
} as const;

/** An audience of at most one trait, without a segment filter: its answers per page counted at ingest. */
function fromAudienceCounts(
  db: Database.Database,
  siteId: string,
  kind: Kind,
  audience: AudienceFilters,
  range: QueryRange,
): Map<string, Distribution> {
  const read = {
    ...AUDIENCE_TIERS,
    siteId,
    filters: { ...audienceCountFilters(audience), kind },
    groupBy: ['path', 'score'],
    sums: ['responses'],
  };
  const byPath = new Map<string, Distribution>();
  for (const { group, sums } of readGrains(db, read, planSpans(range.fromHour, range.toHour)).values())
    if (sums[0] !== 0) addTo(byPath, String(group[0]), Number(group[1]), sums[0]!);
  return byPath;
}

/**
 * An audience's answers per page, read off the answers (each counted where the score cubes count
 * it); from a sample of them, each counted 2^level times, and `sample` saying so.
 */
function fromAnswers(
  db: Database.Database,
  siteId: string,
  kind: Kind,
  filters: SegmentFilters,
  audience: AudienceFilters,
  range: QueryRange,
  sampling: AnswerSampling | undefined,
): { byPath: Map<string, Distribution>; sample: AnswerSample | undefined } {
  // The query takes no path, so the answer conditions are those of device, browser, language and the audience.
  const a = scopedAnswers({ db, siteId, from: range.fromHour, to: range.toHour, sampling }, filters, audience);
  const rows = db
    .prepare(`SELECT r.path, r.score, count(*) FROM ${a.from} WHERE ${a.where} AND r.kind = ? GROUP BY r.path, r.score`)
    .raw()
    .all(...a.params, kind) as [string, number, number][];
  const byPath = new Map<string, Distribution>();
  let answers = 0;
  for (const [path, score, n] of rows) {
    addTo(byPath, path, score, n * 2 ** a.level);
    answers += n;
  }
  return { byPath, sample: answerSample(a.level, answers) };
}

function addTo(byPath: Map<string, Distribution>, path: string, score: number, n: number) {
  let d = byPath.get(path);
  if (!d) {
    d = new Map();
    byPath.set(path, d);
  }
  addToDistribution(d, score, n, 0);
}

/**
 * Scores per touchpoint: the page an answer was given on, or the page group it belongs to. Read
 * from the per-page score cubes (for an audience, from its answers) and grouped here, so a page
 * group applies to every stored answer.
 */
export function readTouchpoints(
  db: Database.Database,
  siteId: string,
  q: { kind: Kind; limit: number },
  filters: SegmentFilters,
  audience: AudienceFilters,
  groups: readonly GroupPattern[],
  range: QueryRange,
  sampling?: AnswerSampling,
): TouchpointsResponse {
  const answered =
    hasAudience(audience) && !audienceCountsAnswer(filters, audience)
      ? fromAnswers(db, siteId, q.kind, filters, audience, range, sampling)
      : undefined;
  const byPath =
    answered?.byPath ??
    (!hasAudience(audience)
      ? fromCubes(db, siteId, q.kind, filters, range)
      : fromAudienceCounts(db, siteId, q.kind, audience, range));
  const groupOf = pageGroupMatcher(groups);
  const grouped = new Map(groups.map((g) => [g.id, { d: new Map() as Distribution, pages: 0 }]));
  const pages: TouchpointsResponse['pages'] = [];
  for (const [path, d] of byPath) {
    const f = figures(q.kind, d);
    if (f.responses === 0) continue;
    const g = groupOf(path);
    if (g === null) {
      pages.push({ path, ...f });
      continue;
    }
    const into = grouped.get(g.id)!;
    into.pages += 1;
    for (const [score, c] of d) addToDistribution(into.d, score, c.responses, 0);
  }
  pages.sort((a, b) => b.responses - a.responses || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    kind: q.kind,
    range: rangeEcho(range),
    groups: groups.map((g) => ({
      id: g.id,
      name: g.name,
      pages: grouped.get(g.id)!.pages,
      ...figures(q.kind, grouped.get(g.id)!.d),
    })),
    pages: pages.slice(0, q.limit),
    otherPages: Math.max(0, pages.length - q.limit),
    ...(answered?.sample === undefined ? {} : { sampled: answered.sample }),
  };
}
