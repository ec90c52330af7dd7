import type { AudienceFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import {
  audiencePathTotals,
  type EntryTotals,
  type PathFilters,
  type PathGroup,
  type VisitTotals,
} from '../../analytics/audience-path-totals.js';
import { type AudienceWalk, scaleOf } from '../../analytics/audience-sample.js';
import { percent } from '../../analytics/score-math.js';
import { sumPerBucket } from '../../analytics/series-buckets.js';
import type { TrafficFigures } from './traffic-figures.js';

// audience-traffic.ts under a path filter (what each figure means: its header): sessions and page
// views are the page's visits, bounce and conversion of the sessions that entered on it, each
// part summed per group by the database in one walk (analytics/audience-path-totals.ts).

/** The traffic figures of a group's entries and visits (undefined: none), counts times `scale`. */
function pathFigures(e: EntryTotals | undefined, v: VisitTotals | undefined, scale: number): TrafficFigures {
  const started = e?.sessions ?? 0;
  return {
    // Time on the page is not kept per visit, and visitors are not counted under a path.
    visitors: null,
    sessions: (v?.visits ?? 0) * scale,
    pageviews: (v?.pageviews ?? 0) * scale,
    bounceRate: percent(started - (e?.engaged ?? 0), started),
    avgEngagementMs: null,
    conversionRate: percent(e?.converted ?? 0, started),
    returningVisitorRate: null,
    startedSessions: started * scale,
  };
}

/**
 * The traffic figures of [from, to) under a path filter per group value (grouped by a segment
 * column or a trait; '' when not grouped), with, when `goals`, the conversions per goal of the
 * sessions that entered on the page (scaled).
 */
export function readAudiencePathTraffic(
  db: Database.Database,
  siteId: string,
  f: PathFilters,
  audience: AudienceFilters,
  from: number,
  to: number,
  group: Exclude<PathGroup, { column: 'hour' }>,
  walk: AudienceWalk,
  goals = false,
): { traffic: Map<string, TrafficFigures>; goals: Map<string, number> } {
  const scale = scaleOf(walk);
  const read = audiencePathTotals(db, siteId, audience, f, from, to, group, walk, goals);
  const keys = group === undefined ? [''] : new Set([...read.entries.keys(), ...read.visits.keys()]);
  const traffic = new Map<string, TrafficFigures>();
  for (const key of keys) traffic.set(key, pathFigures(read.entries.get(key), read.visits.get(key), scale));
  return { traffic, goals: new Map([...read.goals].map(([name, n]) => [name, n * scale])) };
}

/**
 * The traffic figures of each bucket of a series under a path filter: entries summed per start
 * hour and visits per hour by the database in one walk of the whole range, added up per bucket
 * here (the buckets are local-calendar spans, not an SQL expression; every figure is a sum).
 */
export function readAudiencePathSeries(
  db: Database.Database,
  siteId: string,
  f: PathFilters,
  audience: AudienceFilters,
  buckets: readonly { start: number; end: number }[],
  walk: AudienceWalk,
): TrafficFigures[] {
  const [from, to] = [buckets[0]!.start, buckets.at(-1)!.end];
  const read = audiencePathTotals(db, siteId, audience, f, from, to, { column: 'hour' }, walk);
  const byHour = <T>(m: Map<string, T>) => [...m].map(([hour, sums]) => [Number(hour), sums] as const);
  const entries = sumPerBucket(buckets, byHour(read.entries), ['sessions', 'engaged', 'converted']);
  const visits = sumPerBucket(buckets, byHour(read.visits), ['visits', 'pageviews']);
  return buckets.map((_, i) => pathFigures(entries[i], visits[i], scaleOf(walk)));
}
