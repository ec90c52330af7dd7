import type { AudienceFilters, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { readAudienceVisitorBuckets } from '../../analytics/audience-visitor-counts.js';
import { readGrainBuckets } from '../../analytics/grain-reader.js';
import { percent } from '../../analytics/score-math.js';
import { planSpans } from '../../analytics/tier-plan.js';
import type { TrafficFigures } from './traffic-figures.js';
import { audienceCountFilters } from '../../analytics/audience-sessions.js';

// The traffic figures and goal conversions of an audience from the counts kept by who the session
// is (db/schema/audience-session-rates.ts): sums from audience_session_rates by UTC month, day and
// edge hour, distinct visitors from the audience's visitor sketches. The same figures as summing
// the audience's sessions (audience-traffic.ts), each session in the hour it started; visitors
// are exact while a range's sketches stay sets, within HyperLogLog's error past that (as without
// an audience: analytics/visitor-counts.ts).

/** Whether the counts hold the question: at most one trait, no filter but the device. */
export const audienceCountsSessions = (f: SegmentFilters, a: AudienceFilters): boolean =>
  a.traits.length <= 1 && f.path === undefined && f.browser === undefined && f.language === undefined;

const TIERS = {
  hourly: 'audience_session_rates',
  daily: 'audience_session_rates_daily',
  monthly: 'audience_session_rates_monthly',
} as const;

export interface AudienceBucketCounts {
  traffic: TrafficFigures;
  /** Sessions that reached each goal. */
  goals: Map<string, number>;
}

/** Each bucket's traffic figures and goals of the audience (audienceCountsSessions must hold). */
export function readAudienceTrafficCounts(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  a: AudienceFilters,
  buckets: readonly { start: number; end: number }[],
): AudienceBucketCounts[] {
  const cell = audienceCountFilters(a);
  const sums = readGrainBuckets(
    db,
    {
      ...TIERS,
      siteId,
      filters: { ...cell, device: f.device },
      groupBy: ['goal'],
      sums: ['sessions', 'engaged', 'converted', 'pageviews', 'engaged_ms'],
    },
    buckets.map((b) => planSpans(b.start, b.end)),
  );
  const visitors = readAudienceVisitorBuckets(
    db,
    siteId,
    { traitKey: cell.trait_key, traitValue: cell.trait_value, returning: cell['"returning"'], device: f.device },
    buckets,
  );
  return buckets.map((_, i) => {
    const goals = new Map<string, number>();
    let all = [0, 0, 0, 0, 0];
    for (const { group, sums: counts } of sums[i]!.values()) {
      const goal = String(group[0]);
      if (goal === '') all = counts;
      // A goal whose sessions all moved away reads as 0: no conversion, so no row.
      else if (counts[0] !== 0) goals.set(goal, counts[0]!);
    }
    return { traffic: countedFigures(all, visitors[i]!), goals };
  });
}

/**
 * The traffic figures of the counts by who the session is: [sessions, engaged, converted, page
 * views, engaged ms] summed, and the distinct and returning visitors (null: the row keeps none).
 */
export function countedFigures(
  sums: readonly number[],
  v: { visitors: number; returning: number } | null,
): TrafficFigures {
  const [n, engaged, converted, pageviews, engagedMs] = sums as [number, number, number, number, number];
  return {
    visitors: v === null ? null : v.visitors,
    sessions: n,
    pageviews,
    bounceRate: percent(n - engaged, n),
    avgEngagementMs: n > 0 ? Math.round(engagedMs / n) : null,
    conversionRate: percent(converted, n),
    returningVisitorRate: v === null ? null : percent(v.returning, v.visitors),
    startedSessions: n,
  };
}
