import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketCounts } from '../src/analytics/bucket-counts.js';
import { summarizeVital } from '../src/analytics/vital-summary.js';
import { vitalBucket } from '../src/lib/vital-histogram.js';

const exactP75 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.ceil(0.75 * v.length) - 1]!;

describe('Web Vitals p75 from histogram buckets', () => {
  it('stays within 2 % (plus rounding) of the exact nearest-rank p75 for any sample', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('LCP', 'INP', 'CLS', 'TTFB'),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3000 }),
        fc.double({ min: 0.01, max: 60_000, noNaN: true }),
        (name, unit, scale) => {
          const values = unit.map((u) => (name === 'CLS' ? Math.round(u * scale) / 1000 / 60 : Math.round(u * scale)));
          const counts = new BucketCounts();
          for (const v of values) counts.add(vitalBucket(v), 1);
          const got = summarizeVital(name, counts)!;
          const exact = exactP75(values);
          expect(got.samples).toBe(values.length);
          const rounding = name === 'CLS' ? 0.0005 : 0.5;
          expect(Math.abs(got.p75 - exact)).toBeLessThanOrEqual(0.02 * exact + rounding);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rates the p75 with the web.dev thresholds', () => {
    const counts = (v: number) => {
      const c = new BucketCounts();
      c.add(vitalBucket(v), 10);
      return c;
    };
    expect(summarizeVital('LCP', counts(1200))!.rating).toBe('good');
    expect(summarizeVital('LCP', counts(3000))!.rating).toBe('needs-improvement');
    expect(summarizeVital('INP', counts(900))!.rating).toBe('poor');
    expect(summarizeVital('CLS', counts(0))).toMatchObject({ p75: 0, rating: 'good' });
    expect(summarizeVital('LCP', new BucketCounts())).toBeNull();
  });
});
