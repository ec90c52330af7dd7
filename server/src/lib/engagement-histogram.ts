// Session engagement is kept as a log-bucketed histogram (the same idea as lib/vital-histogram.ts)
// because a median is not additive but bucket counts are: the median engaged time of any range and
// segment is read from summed counts. 5 % relative accuracy is plenty for "about 40 s" and keeps a
// session's possible buckets (1 ms to 24 h) to about 170.

export const ENGAGEMENT_RELATIVE_ACCURACY = 0.05;
const GAMMA = (1 + ENGAGEMENT_RELATIVE_ACCURACY) / (1 - ENGAGEMENT_RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Sessions that never engaged (0 ms) share one bucket valued 0. */
export const ZERO_ENGAGEMENT_BUCKET = -1;

export function engagementBucket(ms: number): number {
  return ms < 1 ? ZERO_ENGAGEMENT_BUCKET : Math.max(0, Math.ceil(Math.log(ms) / LOG_GAMMA));
}

/** The value a bucket stands for: the point with equal relative error to both of its bounds. */
export function engagementBucketValue(bucket: number): number {
  return bucket === ZERO_ENGAGEMENT_BUCKET ? 0 : (2 * GAMMA ** bucket) / (GAMMA + 1);
}

/** Median (nearest rank, the lower middle for an even count) of summed bucket counts; null without sessions. */
export function medianFromBuckets(buckets: ReadonlyMap<number, number>): number | null {
  const sorted = [...buckets].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((n, [, c]) => n + c, 0);
  if (total === 0) return null;
  const rank = Math.ceil(total / 2);
  let seen = 0;
  for (const [bucket, n] of sorted) {
    seen += n;
    if (seen >= rank) return Math.round(engagementBucketValue(bucket));
  }
  return Math.round(engagementBucketValue(sorted[sorted.length - 1]![0]));
}
