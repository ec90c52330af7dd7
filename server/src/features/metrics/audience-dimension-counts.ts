import type { AudienceFilters, BreakdownDimension, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { readAudienceDimensionVisitors } from '../../analytics/audience-visitor-counts.js';
import { audienceCountFilters } from '../../analytics/audience-sessions.js';
import { readGrainBuckets } from '../../analytics/grain-reader.js';
import { planSpans } from '../../analytics/tier-plan.js';
import { audienceCountsSessions, countedFigures } from './audience-traffic-counts.js';
import type { TrafficFigures } from './traffic-figures.js';

// A breakdown by browser, language or entry page under an audience from the counts kept by who
// the session is (db/schema/audience-dimension-rates.ts): sums by value from
// audience_dimension_rates by UTC month, day and edge hour, in one statement per tier whatever the
// number of values, and distinct visitors by value from audience_dimension_sketches, instead of
// grouping every session of the range. The sessions' read (audience-traffic.ts) puts each session
// under its value in the hour it started, as the counts do, so the rows are the same; visitors
// are exact while a value's sketches stay sets, within HyperLogLog's ~1.6 % past that, as in the
// breakdown by a trait. An entry page's row has no visitors there, so none are kept for it. Entry
// paths are unbounded, but so are the rows either read groups: no cap on values is needed, as
// a breakdown by trait needs one for its read per value (audience-trait-counts.ts).

/** The dimensions the counts hold. */
export type CountedDimension = Exclude<BreakdownDimension, 'device'>;

/** Whether the counts hold a breakdown by `by` under `a`: at most one trait, no filter but the device. */
export const dimensionCountsHold = (by: string, f: SegmentFilters, a: AudienceFilters): by is CountedDimension =>
  (by === 'browser' || by === 'language' || by === 'entryPage') && audienceCountsSessions(f, a);

const TIERS = {
  hourly: 'audience_dimension_rates',
  daily: 'audience_dimension_rates_daily',
  monthly: 'audience_dimension_rates_monthly',
} as const;

/** The audience's traffic figures of [from, to) per value of `dim` (dimensionCountsHold must hold). */
export function readAudienceDimensionCounts(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  a: AudienceFilters,
  dim: CountedDimension,
  from: number,
  to: number,
): Map<string, TrafficFigures> {
  const cell = audienceCountFilters(a);
  const [sums] = readGrainBuckets(
    db,
    {
      ...TIERS,
      siteId,
      filters: { ...cell, dim, device: f.device },
      groupBy: ['value'],
      sums: ['sessions', 'engaged', 'converted', 'pageviews', 'engaged_ms'],
    },
    [planSpans(from, to)],
  );
  const visitors =
    dim === 'entryPage'
      ? undefined
      : readAudienceDimensionVisitors(
          db,
          siteId,
          { traitKey: cell.trait_key, traitValue: cell.trait_value, returning: cell['"returning"'], device: f.device },
          dim,
          from,
          to,
        );
  const out = new Map<string, TrafficFigures>();
  for (const { group, sums: counts } of sums!.values()) {
    const value = String(group[0]);
    // A value whose sessions all moved away reads as zeros, as no row of the sessions' read.
    if (counts[0] === 0) continue;
    out.set(
      value,
      countedFigures(counts, visitors === undefined ? null : (visitors.get(value) ?? { visitors: 0, returning: 0 })),
    );
  }
  return out;
}
