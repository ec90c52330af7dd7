// Web Vitals are stored as log-bucketed histograms (the DDSketch idea: bucket i covers
// (γ^(i-1), γ^i]), because p75 is not additive but bucket counts are. Any range, page or device
// grouping sums its buckets and reads the percentile with a bounded relative error.

/** Relative error of a percentile read back from the buckets. */
export const VITAL_RELATIVE_ACCURACY = 0.02;
const GAMMA = (1 + VITAL_RELATIVE_ACCURACY) / (1 - VITAL_RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** CLS is often exactly 0 and tiny values carry no meaning; they share one bucket valued 0. */
const MIN_VALUE = 1e-4;
export const ZERO_BUCKET = -10_000;

export function vitalBucket(value: number): number {
  return value <= MIN_VALUE ? ZERO_BUCKET : Math.ceil(Math.log(value) / LOG_GAMMA);
}

/** The value a bucket stands for: the point with equal relative error to both of its bounds. */
export function vitalBucketValue(bucket: number): number {
  return bucket === ZERO_BUCKET ? 0 : (2 * GAMMA ** bucket) / (GAMMA + 1);
}

/** Percentile `p` (0–1) of summed bucket counts; undefined when there are no samples. */
export function percentileFromBuckets(
  buckets: ReadonlyArray<{ bucket: number; samples: number }>,
  p: number,
): number | undefined {
  const sorted = [...buckets].filter((b) => b.samples > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((n, b) => n + b.samples, 0);
  if (total === 0) return undefined;
  // Nearest-rank percentile, as web-vitals' CrUX p75 uses.
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const b of sorted) {
    seen += b.samples;
    if (seen >= rank) return vitalBucketValue(b.bucket);
  }
  return vitalBucketValue(sorted[sorted.length - 1]!.bucket);
}
