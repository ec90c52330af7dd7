import {
  type AudienceFilters,
  VITAL_NAMES,
  type PageStats,
  type PagesResponse,
  type SegmentFilters,
} from '@loupe/shared';
import type Database from 'better-sqlite3';
import type { AudienceSampling } from '../../analytics/audience-sample.js';
import { hasAudience } from '../../analytics/audience-sessions.js';
import { counterOf, FAMILIES, familyRead } from '../../analytics/cube-families.js';
import { readCube, readHistogram } from '../../analytics/cube-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { addToDistribution, headlineScore, percent, round2, type Distribution } from '../../analytics/score-math.js';
import { planSpans } from '../../analytics/tier-plan.js';
import { summarizeVital } from '../../analytics/vital-summary.js';
import { CUBES } from '../../db/cubes/cube-specs.js';
import { fillAudiencePages } from './audience-pages.js';

export interface PagesQuestion {
  filters: SegmentFilters;
  audience?: AudienceFilters | undefined;
  /** Under an audience the counts do not key: its sessions walked, or past the threshold a fixed sample of them. */
  sampling?: AudienceSampling | undefined;
  sort: Exclude<keyof PageStats, 'path' | 'vitals' | 'singlePageRate' | 'avgScrollDepth'>;
  order: 'asc' | 'desc';
  limit: number;
}

const emptyPage = (path: string): PageStats => ({
  path,
  views: 0,
  sessions: 0,
  entries: 0,
  bounceRate: null,
  singlePageRate: null,
  avgEngagementMs: null,
  avgScrollDepth: null,
  rageClicks: 0,
  deadClicks: 0,
  errorClicks: 0,
  jsErrors: 0,
  vitals: { LCP: null, INP: null, CLS: null, FCP: null, TTFB: null },
  responses: 0,
  nps: null,
});

const PAGE_COUNTERS = [
  'pageviews',
  'sessions',
  'engaged_ms',
  'scroll_sum',
  'rage_clicks',
  'dead_clicks',
  'error_clicks',
  'js_errors',
];

/**
 * Per page: traffic, engagement and friction, bounce of sessions starting there, vitals, answers.
 * Filters narrow every figure to such visitors (and a path to that page); Web Vitals are kept per
 * page and device only, so a browser or language filter leaves them null.
 */
export function readPages(db: Database.Database, siteId: string, q: PagesQuestion, range: QueryRange): PagesResponse {
  const pages = new Map<string, PageStats>();
  const pageOf = (path: string) => {
    let p = pages.get(path);
    if (!p) {
      p = emptyPage(path);
      pages.set(path, p);
    }
    return p;
  };
  let sampled = {};
  if (q.audience !== undefined && hasAudience(q.audience))
    sampled = fillAudiencePages(db, siteId, q.filters, q.audience, range, pageOf, q.sampling);
  else fillFromRollups(db, siteId, q.filters, range, pageOf);

  const all = [...pages.values()].filter((p) => p.views + p.sessions + p.entries + p.responses > 0);
  const dir = q.order === 'asc' ? 1 : -1;
  all.sort((a, b) => {
    const x = a[q.sort];
    const y = b[q.sort];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x - y) * dir || b.views - a.views || (a.path < b.path ? -1 : 1);
  });
  return { range: rangeEcho(range), ...sampled, totalPages: all.length, pages: all.slice(0, q.limit) };
}

function fillFromRollups(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  range: QueryRange,
  pageOf: (path: string) => PageStats,
): void {
  const spans = planSpans(range.fromHour, range.toHour);

  const pageRead = familyRead(FAMILIES.pages, siteId, f, { groupBy: ['path'], counters: PAGE_COUNTERS })!;
  for (const agg of readCube(db, pageRead, spans).values()) {
    const c = (name: string) => counterOf(pageRead, agg, name);
    const visits = c('sessions');
    Object.assign(pageOf(String(agg.group[0])), {
      views: c('pageviews'),
      sessions: visits,
      rageClicks: c('rage_clicks'),
      deadClicks: c('dead_clicks'),
      errorClicks: c('error_clicks'),
      jsErrors: c('js_errors'),
      avgEngagementMs: visits > 0 ? Math.round(c('engaged_ms') / visits) : null,
      avgScrollDepth: visits > 0 ? round2(c('scroll_sum') / visits) : null,
    });
  }
  const entryCounters = ['sessions', 'engaged_sessions', 'multi_page_sessions'];
  const entryRead = familyRead(FAMILIES.traffic, siteId, f, { groupBy: ['entry_path'], counters: entryCounters })!;
  for (const agg of readCube(db, entryRead, spans).values()) {
    const [sessions, engaged, multiPage] = entryCounters.map((name) => counterOf(entryRead, agg, name)) as [
      number,
      number,
      number,
    ];
    const p = pageOf(String(agg.group[0]));
    p.entries = sessions;
    p.bounceRate = percent(sessions - engaged, sessions);
    p.singlePageRate = percent(sessions - multiPage, sessions);
  }
  if (f.browser === undefined && f.language === undefined) {
    const vitalCube = f.device ? CUBES.vitalPageDevice : CUBES.vitalPage;
    const vitalRead = {
      cube: vitalCube,
      siteId,
      filters: { device: f.device, path: f.path },
      groupBy: ['path', 'name'],
    };
    for (const { group, buckets } of readHistogram(db, vitalRead, spans).values()) {
      const name = String(group[1]) as (typeof VITAL_NAMES)[number];
      if (VITAL_NAMES.includes(name)) pageOf(String(group[0])).vitals[name] = summarizeVital(name, buckets);
    }
  }
  const npsByPage = new Map<string, Distribution>();
  const scoreRead = familyRead(FAMILIES.scores, siteId, f, { groupBy: ['path', 'kind', 'score'] })!;
  for (const { group, counters: c } of readCube(db, scoreRead, spans).values()) {
    const path = String(group[0]);
    pageOf(path).responses += c[0]!;
    if (group[1] !== 'nps') continue;
    if (!npsByPage.has(path)) npsByPage.set(path, new Map());
    addToDistribution(npsByPage.get(path)!, Number(group[2]), c[0]!, c[1]!);
  }
  for (const [path, d] of npsByPage) pageOf(path).nps = headlineScore('nps', d);
}
