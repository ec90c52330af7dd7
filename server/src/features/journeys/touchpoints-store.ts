import type { SegmentFilters, TouchpointsResponse } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { FAMILIES, familyRead } from '../../analytics/cube-families.js';
import { readCube } from '../../analytics/cube-reader.js';
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

/**
 * Scores per touchpoint: the page an answer was given on, or the page group it belongs to. Read
 * from the per-page score cubes and grouped here, so a page group applies to every stored answer.
 */
export function readTouchpoints(
  db: Database.Database,
  siteId: string,
  q: { kind: Kind; limit: number },
  filters: SegmentFilters,
  groups: readonly GroupPattern[],
  range: QueryRange,
): TouchpointsResponse {
  const read = familyRead(FAMILIES.scores, siteId, filters, {
    groupBy: ['path', 'score'],
    where: { kind: q.kind },
    counters: ['responses'],
  })!;
  const byPath = new Map<string, Distribution>();
  for (const { group, counters } of readCube(db, read, planSpans(range.fromHour, range.toHour)).values()) {
    const path = String(group[0]);
    let d = byPath.get(path);
    if (!d) {
      d = new Map();
      byPath.set(path, d);
    }
    addToDistribution(d, Number(group[1]), counters[0]!, 0);
  }
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
  };
}
