import { VITAL_THRESHOLDS, type VITAL_NAMES, type VITAL_RATINGS } from '@loupe/shared';
import { percentileFromBuckets } from '../lib/vital-histogram.js';
import type { BucketCounts } from './bucket-counts.js';

type VitalName = (typeof VITAL_NAMES)[number];

export interface VitalSummary {
  p75: number;
  rating: (typeof VITAL_RATINGS)[number];
  samples: number;
}

/** web.dev: good up to the first threshold, poor above the second. */
export function vitalRating(name: VitalName, value: number): VitalSummary['rating'] {
  const [good, poor] = VITAL_THRESHOLDS[name];
  return value <= good ? 'good' : value <= poor ? 'needs-improvement' : 'poor';
}

/** p75 (nearest rank, as CrUX) of summed histogram buckets; null without samples. */
export function summarizeVital(name: VitalName, buckets: BucketCounts): VitalSummary | null {
  const list = buckets.entries();
  const samples = list.reduce((n, b) => n + b.samples, 0);
  const p75 = percentileFromBuckets(list, 0.75);
  if (p75 === undefined || samples <= 0) return null;
  // CLS is unitless (3 decimals); the others are milliseconds (whole).
  const value = name === 'CLS' ? Math.round(p75 * 1000) / 1000 : Math.round(p75);
  return { p75: value, rating: vitalRating(name, value), samples };
}
