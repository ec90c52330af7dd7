import type { AudienceFilters, SavedFunnelResult, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { planSpans, type Tier } from '../../analytics/tier-plan.js';
import { medianFromBuckets } from '../../lib/engagement-histogram.js';
import { COMPLETE_STEP } from '../ingest/derive/saved-funnel-deltas.js';
import { cachedStatement } from './cached-statement.js';
import { type FunnelSampling, readFunnel } from './funnel-store.js';
import { percent } from './funnel-walk.js';
import { type SavedFunnelRow, storedFunnelSteps, toSavedFunnel } from './saved-funnel-store.js';

const TABLES: Record<Tier, string> = {
  hour: 'saved_funnel_counts',
  daily: 'saved_funnel_counts_daily',
  monthly: 'saved_funnel_counts_monthly',
};

/** Whether the question names sessions the counts do not tell apart (they are kept for all of the site's sessions). */
const narrowed = (filters: SegmentFilters, audience: AudienceFilters) =>
  filters.device !== undefined ||
  filters.browser !== undefined ||
  filters.language !== undefined ||
  filters.path !== undefined ||
  audience.traits.length > 0 ||
  audience.returning !== undefined;

/**
 * A saved funnel over the range. Without filters, once counted, it sums the counts kept at ingest:
 * whole UTC months, days and edge hours of the range (tier-plan.ts), so any range reads a bounded
 * number of rows whatever the traffic. With a filter it walks the sessions as GET /v1/funnels does,
 * with `sampling` (a sample past its threshold unless exact): the counts cannot answer it, and an
 * exact walk of a busy range costs a second. While still being counted, without a filter, it walks
 * them all, so that its answer is the one the counts will give.
 */
export function readSavedFunnel(
  db: Database.Database,
  funnel: SavedFunnelRow,
  filters: SegmentFilters,
  audience: AudienceFilters,
  range: QueryRange,
  sampling: FunnelSampling,
): SavedFunnelResult {
  const asked = JSON.parse(funnel.steps) as string[];
  const steps = storedFunnelSteps(funnel.steps);
  const filtered = narrowed(filters, audience);
  if (funnel.backfillCursor !== null || filtered) {
    const walk = filtered ? sampling : { exact: true, threshold: 0 };
    return {
      ...readFunnel(db, funnel.siteId, steps, asked, filters, audience, range, walk),
      funnel: toSavedFunnel(funnel),
      answeredFrom: 'sessions',
    };
  }
  // step → bucket → sessions (step COMPLETE_STEP: time from step 1 to the last).
  const counts = new Map<number, Map<number, number>>();
  for (const span of planSpans(range.fromHour, range.toHour)) {
    const rows = cachedStatement(
      db,
      `SELECT step, bucket, SUM(sessions) FROM ${TABLES[span.tier]} ` +
        'WHERE site_id = ? AND funnel_id = ? AND generation = ? AND hour >= ? AND hour < ? GROUP BY step, bucket',
    )
      .raw()
      .all(funnel.siteId, funnel.id, funnel.generation, span.start, span.end) as [number, number, number][];
    for (const [step, bucket, n] of rows) {
      let m = counts.get(step);
      if (!m) {
        m = new Map();
        counts.set(step, m);
      }
      m.set(bucket, (m.get(bucket) ?? 0) + span.sign * n);
    }
  }
  const total = (step: number) => {
    let n = 0;
    for (const c of counts.get(step)?.values() ?? []) n += c;
    return n;
  };
  const entered = asked.map((_, k) => total(k));
  const first = entered[0] ?? 0;
  return {
    range: rangeEcho(range),
    steps: asked.map((step, k) => {
      const last = k === asked.length - 1;
      const converted = last ? 0 : entered[k + 1]!;
      return {
        step,
        entered: entered[k]!,
        converted,
        dropOff: last ? 0 : entered[k]! - converted,
        conversionRate: last ? null : percent(converted, entered[k]!),
        fromStartRate: percent(entered[k]!, first),
        medianMsToNext: last ? null : medianFromBuckets(counts.get(k + 1) ?? new Map()),
      };
    }),
    completionRate: percent(entered[asked.length - 1] ?? 0, first),
    medianMsToComplete: medianFromBuckets(counts.get(COMPLETE_STEP) ?? new Map()),
    funnel: toSavedFunnel(funnel),
    answeredFrom: 'counts',
  };
}
