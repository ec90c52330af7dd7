import type { AudienceFilters, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { type AudienceTotals, audienceSessionTotals } from '../../analytics/audience-sessions.js';
import { type AudienceWalk, audienceWalk, scaleOf } from '../../analytics/audience-sample.js';
import { audienceTotalsAndGoals } from '../../analytics/audience-totals-and-goals.js';
import { percent } from '../../analytics/score-math.js';
import { sumPerBucket } from '../../analytics/series-buckets.js';
import { readAudiencePathSeries, readAudiencePathTraffic } from './audience-path-traffic.js';
import { audienceCountsSessions, readAudienceTrafficCounts } from './audience-traffic-counts.js';
import type { TrafficFigures, TrafficGroup } from './traffic-figures.js';

// The traffic figures of traffic-figures.ts for an audience (trait filters, new vs returning, or a
// grouping by trait): the rollups know no customers, so these are counted from the audience's
// sessions and page visits (analytics/audience-sessions.ts). The same definitions, with what
// sessions and visits keep in place of the rollups' event-hour counters:
// - Every figure of a session counts in the hour it started, page views included (the rollups put
//   a page view in its own hour); a visit's page views in the hour of its first view.
// - Visitors are exact: distinct visitor ids of the sessions (a session without one, under Do Not
//   Track or GPC, is a visitor of its own); returning visitors are those with a returning session.
// - Under a path filter: sessions and page views are the page's visits, bounce and conversion of
//   the sessions that entered on it, as without an audience; time on the page is not kept per
//   visit, so engagement is null there (and visitors, as without an audience). By entry page
//   under a path, the row of the page is its entries' whole sessions. (audience-path-traffic.ts.)
// - A grouping by trait puts each session under its value of the trait; sessions without the
//   trait are in no row.
// - Read at a sample level (`walk`, analytics/audience-sample.ts), each session of the sample
//   stands for 2^level: counts (sessions, page views) are the sample's scaled, rates and means the
//   sample's own, and the visitors null (with the returning visitors' rate): distinct visitors
//   cannot be scaled from a sample of sessions, a visitor with several sessions being counted once
//   in the whole and about once per 2^level of its sessions in the sample.

/** The session columns a segment filter narrows (the path is a visit's or an entry's, not a column). */
const segmentOf = (f: SegmentFilters) => ({ device: f.device, browser: f.browser, language: f.language });

/** A grouping of an audience read: a breakdown dimension, or a trait by name. */
export type AudienceGroup = { dim: TrafficGroup } | { trait: string };

/** The traffic figures of [from, to) for an audience, per group value ('' when not grouped). */
export function readAudienceTraffic(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  audience: AudienceFilters,
  from: number,
  to: number,
  group?: AudienceGroup,
  walk: AudienceWalk = audienceWalk(db, siteId, audience, from, to),
): Map<string, TrafficFigures> {
  // By entry page under a path, the rows are the sessions that entered on it: whole sessions.
  if (f.path === undefined || (group && 'dim' in group && group.dim === 'entryPage'))
    return fromTotals(db, siteId, f, audience, from, to, group, walk);
  const by =
    group === undefined
      ? undefined
      : 'trait' in group
        ? group
        : { column: group.dim as Exclude<TrafficGroup, 'entryPage'> };
  return readAudiencePathTraffic(db, siteId, { ...f, path: f.path }, audience, from, to, by, walk).traffic;
}

/**
 * Without a path filter (or by entry page under one) every figure is of whole sessions: summed by
 * the database, per group.
 */
function fromTotals(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  audience: AudienceFilters,
  from: number,
  to: number,
  group: AudienceGroup | undefined,
  walk: AudienceWalk,
): Map<string, TrafficFigures> {
  const scale = scaleOf(walk);
  const by =
    group === undefined
      ? undefined
      : 'trait' in group
        ? { trait: group.trait }
        : { column: group.dim === 'entryPage' ? ('entry_path' as const) : group.dim };
  const entryRow = group !== undefined && 'dim' in group && group.dim === 'entryPage';
  // Under a path (by entry page only), the sessions that entered on it.
  const segment = f.path === undefined ? segmentOf(f) : { ...segmentOf(f), entry_path: f.path };
  const rows = audienceSessionTotals(db, siteId, audience, from, to, segment, by, walk);
  const out = new Map<string, TrafficFigures>();
  if (group === undefined) out.set('', figuresOfTotals(rows[0], scale, entryRow));
  else for (const t of rows) out.set(t.key, figuresOfTotals(t, scale, entryRow));
  return out;
}

/** The traffic figures of a group's session totals (undefined: none), counts times `scale`. */
function figuresOfTotals(t: Omit<AudienceTotals, 'key'> | undefined, scale: number, entryRow: boolean): TrafficFigures {
  const n = t?.sessions ?? 0;
  const visitors = !entryRow && scale === 1;
  return {
    visitors: visitors ? (t?.visitors ?? 0) : null,
    sessions: n * scale,
    pageviews: (t?.pageviews ?? 0) * scale,
    bounceRate: percent(n - (t?.engaged ?? 0), n),
    avgEngagementMs: n > 0 ? Math.round(t!.engaged_ms / n) : null,
    conversionRate: percent(t?.converted ?? 0, n),
    returningVisitorRate: visitors ? percent(t?.returning_visitors ?? 0, t?.visitors ?? 0) : null,
    startedSessions: n * scale,
  };
}

/**
 * The overview's traffic figures of [from, to) for an audience, with the conversions per goal of
 * the same sessions (scaled; under a path filter, of the sessions that entered on the page), from
 * one walk of its sessions (analytics/audience-totals-and-goals.ts, audience-path-totals.ts).
 */
export function readAudienceTrafficAndGoals(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  audience: AudienceFilters,
  from: number,
  to: number,
  walk: AudienceWalk,
): { traffic: TrafficFigures; goals: Map<string, number> } {
  if (f.path !== undefined) {
    const read = readAudiencePathTraffic(db, siteId, { ...f, path: f.path }, audience, from, to, undefined, walk, true);
    return { traffic: read.traffic.get('')!, goals: read.goals };
  }
  const scale = scaleOf(walk);
  const segment = segmentOf(f);
  const read = audienceTotalsAndGoals(db, siteId, audience, from, to, segment, walk);
  const goals = new Map([...read.goals].map(([name, n]) => [name, n * scale]));
  return { traffic: figuresOfTotals(read.totals, scale, false), goals };
}

/**
 * The audience's traffic figures of each bucket of a series: from the counts by who the session
 * is when they hold the question (audience-traffic-counts.ts); else under a path filter one read
 * of the whole range summed per hour, added up per bucket (audience-path-traffic.ts), and without
 * one, one summing query per bucket (up to 366): the buckets are local-calendar spans, not an SQL
 * expression, and distinct visitors cannot be added up from finer groups.
 */
export function readAudienceTrafficSeries(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  audience: AudienceFilters,
  buckets: readonly { start: number; end: number }[],
  walk?: AudienceWalk,
): TrafficFigures[] {
  if (buckets.length === 0) return [];
  if (audienceCountsSessions(f, audience))
    return readAudienceTrafficCounts(db, siteId, f, audience, buckets).map((b) => b.traffic);
  const [from, to] = [buckets[0]!.start, buckets.at(-1)!.end];
  // One walk for every bucket: the same sample (and the same leading trait) throughout.
  const w = walk ?? audienceWalk(db, siteId, audience, from, to);
  // Without a path, each bucket's sessions are summed by SQLite (its distinct visitors too); a
  // sample has no visitors, so its sums per start hour are read in one walk and added up here.
  if (f.path === undefined && scaleOf(w) > 1) return sampleSeries(db, siteId, f, audience, buckets, w);
  if (f.path === undefined)
    return buckets.map((b) => fromTotals(db, siteId, f, audience, b.start, b.end, undefined, w).get('')!);
  return readAudiencePathSeries(db, siteId, { ...f, path: f.path }, audience, buckets, w);
}

/**
 * readAudienceTrafficSeries without a path, read at a sample level: the sample's sessions summed
 * per start hour by SQLite in one walk of the whole range (a statement per bucket walked the
 * sample in as many pieces, each planned on PostgreSQL), added up per bucket. Every figure but the
 * visitors (none from a sample) is a sum, so the buckets' are the hours'.
 */
function sampleSeries(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  audience: AudienceFilters,
  buckets: readonly { start: number; end: number }[],
  walk: AudienceWalk,
): TrafficFigures[] {
  const [from, to] = [buckets[0]!.start, buckets.at(-1)!.end];
  const segment = segmentOf(f);
  const hours = audienceSessionTotals(db, siteId, audience, from, to, segment, { column: 'hour' }, walk);
  const sums = sumPerBucket(
    buckets,
    hours.map((h) => [Number(h.key), h] as const),
    ['sessions', 'engaged', 'converted', 'pageviews', 'engaged_ms'],
  );
  const scale = scaleOf(walk);
  return sums.map((t) =>
    figuresOfTotals(t.sessions > 0 ? { ...t, visitors: 0, returning_visitors: 0 } : undefined, scale, false),
  );
}
