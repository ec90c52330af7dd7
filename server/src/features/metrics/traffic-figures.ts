import type { SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { counterOf, FAMILIES, familyRead } from '../../analytics/cube-families.js';
import { readCube, type Aggregate, type CubeRead } from '../../analytics/cube-reader.js';
import { readCubeSeries } from '../../analytics/cube-series-reader.js';
import { percent } from '../../analytics/score-math.js';
import { planSpans } from '../../analytics/tier-plan.js';
import {
  readVisitorBuckets,
  readVisitorSeries,
  type VisitorCount,
  type VisitorDim,
} from '../../analytics/visitor-counts.js';

// The traffic figures (visitors, sessions, page views, bounce, engagement, conversion, returning
// visitors) of the overview, the time series and the breakdowns, computed one way for all three.
//
// What each figure reads, and what a filter means for it:
// - Session figures (sessions, bounce, engagement, conversion) count the sessions that started in
//   the range, from the traffic family. Device, browser and language filters narrow the sessions.
// - Page views count the views in the range, from the pages family.
// - Visitors: the sketches of the sessions' hours, overall or per segment.
// - Under a path filter, page figures are of that page (its views; sessions that viewed it and the
//   time spent on it), while bounce and conversion are of the sessions that entered on it, the only
//   sessions the rollups know a page for. Visitors are not kept per page: null.
// - A breakdown by entry page reports the sessions that entered on each page, all figures
//   included (page views are those sessions' page views); visitors are null there too.

/** A breakdown dimension as the traffic reads group by it. */
export type TrafficGroup = VisitorDim | 'entryPage';

export interface TrafficFigures {
  visitors: number | null;
  sessions: number;
  pageviews: number;
  bounceRate: number | null;
  avgEngagementMs: number | null;
  conversionRate: number | null;
  returningVisitorRate: number | null;
  /** Sessions that started (under a path filter: entered on the page): the base of conversion rates. */
  startedSessions: number;
}

const SESSION_COUNTERS = ['sessions', 'engaged_sessions', 'converted_sessions', 'pageviews', 'engaged_ms'];
const PAGE_COUNTERS = ['pageviews', 'sessions', 'engaged_ms'];

interface Reads {
  sessions: CubeRead;
  /** null for entry-page breakdowns, whose page views are their sessions'. */
  pages: CubeRead | null;
  /** Whether visitors can be answered. */
  visitors: boolean;
  byPage: boolean;
}

function readsOf(siteId: string, filters: SegmentFilters, group: TrafficGroup | undefined): Reads {
  const sessionGroup = group === undefined ? [] : [group === 'entryPage' ? 'entry_path' : group];
  const sessions = familyRead(FAMILIES.traffic, siteId, filters, {
    groupBy: sessionGroup,
    counters: SESSION_COUNTERS,
  })!;
  const entry = group === 'entryPage';
  const pages = entry
    ? null
    : familyRead(FAMILIES.pages, siteId, filters, { groupBy: sessionGroup, counters: PAGE_COUNTERS })!;
  return {
    sessions,
    pages,
    visitors: filters.path === undefined && !entry,
    byPage: filters.path !== undefined && !entry,
  };
}

function figures(
  r: Reads,
  s: Aggregate | undefined,
  p: Aggregate | undefined,
  v: VisitorCount | undefined,
): TrafficFigures {
  const started = counterOf(r.sessions, s, 'sessions');
  const engaged = counterOf(r.sessions, s, 'engaged_sessions');
  const visits = r.pages ? counterOf(r.pages, p, 'sessions') : 0;
  const sessions = r.byPage ? visits : started;
  const engagedMs = r.byPage ? counterOf(r.pages!, p, 'engaged_ms') : counterOf(r.sessions, s, 'engaged_ms');
  const visitors = r.visitors ? (v?.visitors ?? 0) : null;
  return {
    visitors,
    sessions,
    pageviews: r.pages ? counterOf(r.pages, p, 'pageviews') : counterOf(r.sessions, s, 'pageviews'),
    bounceRate: percent(started - engaged, started),
    avgEngagementMs: sessions > 0 ? Math.round(engagedMs / sessions) : null,
    conversionRate: percent(counterOf(r.sessions, s, 'converted_sessions'), started),
    returningVisitorRate: visitors === null ? null : percent(v?.returning ?? 0, visitors),
    startedSessions: started,
  };
}

const visitorFilters = (f: SegmentFilters) => ({ device: f.device, browser: f.browser, language: f.language });

/** The traffic figures of [from, to), grouped by a breakdown dimension ('' when not grouped). */
export function readTraffic(
  db: Database.Database,
  siteId: string,
  filters: SegmentFilters,
  from: number,
  to: number,
  group?: TrafficGroup,
): Map<string, TrafficFigures> {
  const r = readsOf(siteId, filters, group);
  const spans = planSpans(from, to);
  const sessions = readCube(db, r.sessions, spans);
  const pages = r.pages ? readCube(db, r.pages, spans) : new Map<string, Aggregate>();
  const visitors = r.visitors
    ? readVisitorBuckets(
        db,
        siteId,
        [{ start: from, end: to }],
        visitorFilters(filters),
        group as VisitorDim | undefined,
      )[0]!
    : new Map<string, VisitorCount>();
  const keys = group === undefined ? [''] : [...new Set([...sessions.keys(), ...pages.keys(), ...visitors.keys()])];
  const out = new Map<string, TrafficFigures>();
  for (const key of keys) out.set(key, figures(r, sessions.get(key), pages.get(key), visitors.get(key)));
  return out;
}

/** The traffic figures of each bucket of a series. */
export function readTrafficSeries(
  db: Database.Database,
  siteId: string,
  filters: SegmentFilters,
  buckets: readonly { start: number; end: number }[],
): TrafficFigures[] {
  const r = readsOf(siteId, filters, undefined);
  const sessions = readCubeSeries(db, r.sessions, buckets);
  const pages = r.pages ? readCubeSeries(db, r.pages, buckets) : undefined;
  const visitors = r.visitors ? readVisitorSeries(db, siteId, buckets, visitorFilters(filters)) : undefined;
  return buckets.map((_, i) => figures(r, sessions[i]!.get(''), pages?.[i]?.get(''), visitors?.[i]?.get('')));
}

/** Whether a figure set has any traffic (a group seen only outside the range can read as zeros). */
export const hasTraffic = (f: TrafficFigures) => f.sessions + f.pageviews + f.startedSessions + (f.visitors ?? 0) > 0;
