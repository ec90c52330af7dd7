import { FRICTION_TYPES, type FrictionInsightResponse } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { readCube } from '../../analytics/cube-reader.js';
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
import { FRICTION_BITS } from '../ingest/derive/response-friction.js';

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

/** Scores after friction vs. without it, per friction type and per page, and the worst offender. */
export function readFrictionInsight(
  db: Database.Database,
  siteId: string,
  q: { kind: Kind; minResponses: number },
  range: QueryRange,
): FrictionInsightResponse {
  const spans = planSpans(range.fromHour, range.toHour);
  const byMask = new Map<number, Distribution>();
  for (const { group: g, counters } of readCube(
    db,
    { cube: CUBES.friction, siteId, filters: { kind: q.kind }, groupBy: ['mask', 'score'] },
    spans,
  ).values()) {
    const mask = Number(g[0]);
    if (!byMask.has(mask)) byMask.set(mask, new Map());
    addToDistribution(byMask.get(mask)!, Number(g[1]), counters[0]!, 0);
  }
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

  const pages = new Map<string, [Distribution, Distribution]>();
  const pageRead = { cube: CUBES.frictionPage, siteId, filters: { kind: q.kind }, groupBy: ['path', 'met', 'score'] };
  for (const { group: g, counters } of readCube(db, pageRead, spans).values()) {
    const path = String(g[0]);
    if (!pages.has(path)) pages.set(path, [new Map(), new Map()]);
    addToDistribution(pages.get(path)![Number(g[1]) === 1 ? 0 : 1], Number(g[2]), counters[0]!, 0);
  }
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
  return { kind: q.kind, range: rangeEcho(range), overall, byType, byPage, topFriction: candidates[0] ?? null };
}
