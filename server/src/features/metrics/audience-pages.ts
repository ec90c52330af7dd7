import type { AudienceFilters, PageStats, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { audienceSessions, audienceVisits, inSegment } from '../../analytics/audience-sessions.js';
import type { QueryRange } from '../../analytics/query-range.js';
import { addToDistribution, type Distribution, headlineScore, percent, round2 } from '../../analytics/score-math.js';
import { readAudienceAnswers } from './audience-answers.js';

// The pages table for an audience (trait filters, new vs returning): from the audience's page
// visits (session_pages: views, scroll, JS errors of each visit, counted in the hour of its first
// view), its sessions (entries, bounce, single-page rate by entry page) and its answers (by the
// traits each carried). Time on the page, frustration clicks and Web Vitals are kept per page in
// the rollups, not per visit: under an audience they are null, never the unfiltered figures.

export function fillAudiencePages(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  audience: AudienceFilters,
  range: QueryRange,
  pageOf: (path: string) => PageStats,
): void {
  const page = (path: string) => {
    const p = pageOf(path);
    p.rageClicks = null;
    p.deadClicks = null;
    p.errorClicks = null;
    return p;
  };
  const scroll = new Map<string, number>();
  for (const v of audienceVisits(db, siteId, audience, range.fromHour, range.toHour)) {
    if (!inSegment(v, f) || (f.path !== undefined && v.path !== f.path)) continue;
    const p = page(v.path);
    p.views += v.pageviews;
    p.sessions += 1;
    p.jsErrors += v.js_errors;
    scroll.set(v.path, (scroll.get(v.path) ?? 0) + v.max_scroll);
  }
  for (const [path, sum] of scroll) page(path).avgScrollDepth = round2(sum / page(path).sessions);

  const entries = new Map<string, { sessions: number; engaged: number; multiPage: number }>();
  for (const s of audienceSessions(db, siteId, audience, range.fromHour, range.toHour)) {
    if (!inSegment(s, f) || (f.path !== undefined && s.entry_path !== f.path)) continue;
    const e = entries.get(s.entry_path) ?? { sessions: 0, engaged: 0, multiPage: 0 };
    e.sessions += 1;
    e.engaged += s.engaged;
    if (s.pageviews >= 2) e.multiPage += 1;
    entries.set(s.entry_path, e);
  }
  for (const [path, e] of entries) {
    const p = page(path);
    p.entries = e.sessions;
    p.bounceRate = percent(e.sessions - e.engaged, e.sessions);
    p.singlePageRate = percent(e.sessions - e.multiPage, e.sessions);
  }

  const nps = new Map<string, Distribution>();
  for (const a of readAudienceAnswers(db, siteId, f, audience, range.fromHour, range.toHour)) {
    page(a.path).responses += a.responses;
    if (a.kind !== 'nps') continue;
    if (!nps.has(a.path)) nps.set(a.path, new Map());
    addToDistribution(nps.get(a.path)!, a.score, a.responses, a.comments);
  }
  for (const [path, d] of nps) page(path).nps = headlineScore('nps', d);
}
