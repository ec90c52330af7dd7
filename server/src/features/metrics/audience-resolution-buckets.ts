import type { AudienceFilters, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { readGrains } from '../../analytics/grain-reader.js';
import { planSpans } from '../../analytics/tier-plan.js';
import { audienceCountFilters } from '../../analytics/audience-sessions.js';

// The overview's resolutions of an audience from the counts kept by who answered
// (db/schema/audience-resolutions.ts): per time-to-resolve bucket (and −2, the resolved complaints
// given in the range), summed over UTC months, days and edge hours. The same buckets as reading the
// audience's resolved answers: the answer's traits, its session's returning flag, its device.

/** The counts by bucket of the audience's resolutions in [from, to) (audienceCountsSessions must hold). */
export function readAudienceResolutionBuckets(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  a: AudienceFilters,
  from: number,
  to: number,
): Map<number, number> {
  const groups = readGrains(
    db,
    {
      hourly: 'audience_resolutions',
      daily: 'audience_resolutions_daily',
      monthly: 'audience_resolutions_monthly',
      siteId,
      filters: { ...audienceCountFilters(a), device: f.device },
      groupBy: ['bucket'],
      sums: ['answers'],
    },
    planSpans(from, to),
  );
  const out = new Map<number, number>();
  for (const { group, sums } of groups.values()) {
    // A bucket whose answers all moved away (reopened, another flag) reads as 0: leave it out.
    if (sums[0] !== 0) out.set(Number(group[0]), sums[0]!);
  }
  return out;
}
