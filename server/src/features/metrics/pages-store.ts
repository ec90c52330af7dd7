import { VITAL_NAMES, type PageStats, type PagesResponse } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { readCube, readHistogram } from '../../analytics/cube-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { addToDistribution, headlineScore, percent, round2, type Distribution } from '../../analytics/score-math.js';
import { planSpans } from '../../analytics/tier-plan.js';
import { summarizeVital } from '../../analytics/vital-summary.js';
import { CUBES } from '../../db/cubes/cube-specs.js';

export interface PagesQuestion {
  device?: string | undefined;
  path?: string | undefined;
  sort: Exclude<keyof PageStats, 'path' | 'vitals' | 'singlePageRate' | 'avgScrollDepth'>;
  order: 'asc' | 'desc';
  limit: number;
}

const emptyPage = (path: string): PageStats => ({
  path, views: 0, sessions: 0, entries: 0, bounceRate: null, singlePageRate: null, avgEngagementMs: null,
  avgScrollDepth: null, rageClicks: 0, deadClicks: 0, errorClicks: 0, jsErrors: 0,
  vitals: { LCP: null, INP: null, CLS: null, FCP: null, TTFB: null }, responses: 0, nps: null,
});

/** Per page: traffic, engagement and friction, bounce of sessions starting there, vitals, answers. */
export function readPages(db: Database.Database, siteId: string, q: PagesQuestion, range: QueryRange): PagesResponse {
  const spans = planSpans(range.fromHour, range.toHour);
  const pages = new Map<string, PageStats>();
  const pageOf = (path: string) => {
    let p = pages.get(path);
    if (!p) {
      p = emptyPage(path);
      pages.set(path, p);
    }
    return p;
  };

  for (const { group, counters: c } of readCube(db, { cube: CUBES.page, siteId, filters: { device: q.device, path: q.path }, groupBy: ['path'] }, spans).values()) {
    const [pageviews, visits, engagedMs, scrollSum, , rage, dead, errorClicks, jsErrors] = c as number[];
    const p = pageOf(String(group[0]));
    Object.assign(p, {
      views: pageviews, sessions: visits, rageClicks: rage, deadClicks: dead, errorClicks, jsErrors,
      avgEngagementMs: visits! > 0 ? Math.round(engagedMs! / visits!) : null,
      avgScrollDepth: visits! > 0 ? round2(scrollSum! / visits!) : null,
    });
  }
  const entryRead = { cube: CUBES.session, siteId, filters: { device: q.device, entry_path: q.path }, groupBy: ['entry_path'] };
  for (const { group, counters: c } of readCube(db, entryRead, spans).values()) {
    const [sessions, engaged, multiPage] = c as number[];
    const p = pageOf(String(group[0]));
    p.entries = sessions!;
    p.bounceRate = percent(sessions! - engaged!, sessions!);
    p.singlePageRate = percent(sessions! - multiPage!, sessions!);
  }
  const vitalCube = q.device ? CUBES.vitalPageDevice : CUBES.vitalPage;
  const vitalRead = { cube: vitalCube, siteId, filters: { device: q.device, path: q.path }, groupBy: ['path', 'name'] };
  for (const { group, buckets } of readHistogram(db, vitalRead, spans).values()) {
    const name = String(group[1]) as (typeof VITAL_NAMES)[number];
    if (VITAL_NAMES.includes(name)) pageOf(String(group[0])).vitals[name] = summarizeVital(name, buckets);
  }
  const npsByPage = new Map<string, Distribution>();
  const scoreRead = { cube: CUBES.scorePage, siteId, filters: { device: q.device, path: q.path }, groupBy: ['path', 'kind', 'score'] };
  for (const { group, counters: c } of readCube(db, scoreRead, spans).values()) {
    const path = String(group[0]);
    pageOf(path).responses += c[0]!;
    if (group[1] !== 'nps') continue;
    if (!npsByPage.has(path)) npsByPage.set(path, new Map());
    addToDistribution(npsByPage.get(path)!, Number(group[2]), c[0]!, c[1]!);
  }
  for (const [path, d] of npsByPage) pageOf(path).nps = headlineScore('nps', d);

  const all = [...pages.values()].filter((p) => p.views + p.sessions + p.entries + p.responses > 0);
  const dir = q.order === 'asc' ? 1 : -1;
  all.sort((a, b) => {
    const x = a[q.sort];
    const y = b[q.sort];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x - y) * dir || b.views - a.views || (a.path < b.path ? -1 : 1);
  });
  return { range: rangeEcho(range), totalPages: all.length, pages: all.slice(0, q.limit) };
}
