import { hourOf, inRange, inSegment, isEngaged, percent, type Raw, type RefFilters } from './raw-rows.js';

// Reference per-page figures over raw events and responses, following the documented definitions.

const r2 = (x: number) => Math.round(x * 100) / 100;

/** Exact nearest-rank p75 of raw values. */
export function exactP75(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(0.75 * sorted.length)) - 1]!;
}

export interface RefPage {
  path: string;
  views: number;
  sessions: number;
  entries: number;
  bounceRate: number | null;
  singlePageRate: number | null;
  avgEngagementMs: number | null;
  avgScrollDepth: number | null;
  rageClicks: number;
  deadClicks: number;
  errorClicks: number;
  jsErrors: number;
  vitals: Record<string, number[]>;
  responses: number;
  nps: number | null;
}

/** Per page under segment filters (a row's own segment: the event's, the visit's first event's, the session's, the answer's). */
export function refPages(raw: Raw, from: number, to: number, f: RefFilters = {}): Map<string, RefPage> {
  const passes = (x: { device: string; browser: string; language: string }, path: string) =>
    inSegment(x, f) && (f.path === undefined || path === f.path);
  const pages = new Map<string, RefPage>();
  const page = (path: string) => {
    let p = pages.get(path);
    if (!p) {
      p = {
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
        vitals: {},
        responses: 0,
        nps: null,
      };
      pages.set(path, p);
    }
    return p;
  };
  const engaged = new Map<string, number>();
  const visits = new Map<string, { path: string; first: number; scroll: number; ok: boolean }>();
  for (const e of raw.events) {
    if (e.type === 'pageview' || e.type === 'engagement') {
      const key = `${e.sessionId} ${e.path}`;
      const v = visits.get(key) ?? { path: e.path, first: e.ts, scroll: 0, ok: passes(e, e.path) };
      if (e.type === 'engagement') v.scroll = Math.max(v.scroll, Number(e.payload.scrollDepth));
      visits.set(key, v);
    }
    if (!passes(e, e.path) || !inRange(e.ts, from, to)) continue;
    const p = page(e.path);
    if (e.type === 'pageview') p.views += 1;
    if (e.type === 'engagement') engaged.set(e.path, (engaged.get(e.path) ?? 0) + Number(e.payload.engagedMs));
    if (e.type === 'click' && e.clickKind === 'rage') p.rageClicks += 1;
    if (e.type === 'click' && e.clickKind === 'dead') p.deadClicks += 1;
    if (e.type === 'click' && e.clickKind === 'error') p.errorClicks += 1;
    if (e.type === 'error' && e.payload.source !== 'resource') p.jsErrors += 1;
    // Web Vitals are kept per page and device: a browser or language filter leaves them out.
    if (e.type === 'vital' && f.browser === undefined && f.language === undefined) {
      p.vitals[e.vitalName!] ??= [];
      p.vitals[e.vitalName!]!.push(e.vitalValue!);
    }
  }
  const scroll = new Map<string, number>();
  for (const v of visits.values()) {
    if (!v.ok || !inRange(v.first, from, to)) continue;
    page(v.path).sessions += 1;
    scroll.set(v.path, (scroll.get(v.path) ?? 0) + v.scroll);
  }
  for (const p of pages.values()) {
    if (p.sessions > 0) {
      p.avgEngagementMs = Math.round((engaged.get(p.path) ?? 0) / p.sessions);
      p.avgScrollDepth = r2((scroll.get(p.path) ?? 0) / p.sessions);
    }
  }
  const entry = new Map<string, { n: number; engaged: number; multi: number }>();
  for (const s of raw.sessions) {
    if (!passes(s, s.entryPath) || !inRange(s.firstTs, from, to)) continue;
    const x = entry.get(s.entryPath) ?? { n: 0, engaged: 0, multi: 0 };
    x.n += 1;
    x.engaged += isEngaged(s) ? 1 : 0;
    x.multi += s.pageviews >= 2 ? 1 : 0;
    entry.set(s.entryPath, x);
  }
  for (const [path, x] of entry) {
    const p = page(path);
    p.entries = x.n;
    p.bounceRate = percent(x.n - x.engaged, x.n);
    p.singlePageRate = percent(x.n - x.multi, x.n);
  }
  const nps = new Map<string, number[]>();
  for (const r of raw.responses) {
    if (!passes(r, r.path) || hourOf(r.createdAt) < from || hourOf(r.createdAt) >= to) continue;
    page(r.path).responses += 1;
    if (r.kind === 'nps') nps.set(r.path, [...(nps.get(r.path) ?? []), r.score]);
  }
  for (const [path, scores] of nps) {
    const pr = scores.filter((s) => s >= 9).length;
    const de = scores.filter((s) => s <= 6).length;
    page(path).nps = r2((100 * (pr - de)) / scores.length);
  }
  for (const [path, p] of pages) if (p.views + p.sessions + p.entries + p.responses === 0) pages.delete(path);
  return pages;
}
