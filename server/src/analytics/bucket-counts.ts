import { ZERO_BUCKET } from '../lib/vital-histogram.js';

// Summed histogram buckets, dense: Web Vitals buckets (lib/vital-histogram.ts) span about −230…380
// for every value a vital event may carry, so an array beats a Map by an order of magnitude when a
// range sums thousands of tier rows. Anything outside falls back to a Map.

const OFFSET = 512;
const SIZE = 1024;

export class BucketCounts {
  private readonly dense = new Float64Array(SIZE);
  private zero = 0;
  private readonly sparse = new Map<number, number>();

  add(bucket: number, n: number): void {
    if (bucket === ZERO_BUCKET) this.zero += n;
    else {
      const i = bucket + OFFSET;
      if (i >= 0 && i < SIZE) this.dense[i]! += n;
      else this.sparse.set(bucket, (this.sparse.get(bucket) ?? 0) + n);
    }
  }

  /** Adds a tier row's JSON object {bucket: samples}. */
  addJson(json: string, sign: number): void {
    const h = JSON.parse(json) as Record<string, number>;
    for (const k in h) this.add(Number(k), sign * h[k]!);
  }

  /** Non-empty buckets, ascending. */
  entries(): { bucket: number; samples: number }[] {
    const out: { bucket: number; samples: number }[] = [];
    if (this.zero !== 0) out.push({ bucket: ZERO_BUCKET, samples: this.zero });
    for (const [bucket, samples] of this.sparse) if (bucket < -OFFSET && samples !== 0) out.push({ bucket, samples });
    for (let i = 0; i < SIZE; i++) if (this.dense[i] !== 0) out.push({ bucket: i - OFFSET, samples: this.dense[i]! });
    for (const [bucket, samples] of this.sparse) if (bucket >= -OFFSET && samples !== 0) out.push({ bucket, samples });
    return out.sort((a, b) => a.bucket - b.bucket);
  }
}
