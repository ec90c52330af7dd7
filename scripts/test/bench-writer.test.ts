import { describe, expect, it } from 'vitest';
import { benchWriter, makeGroups } from '../src/bench/bench-writer.js';
import { MEAN_BATCH_SIZE, WIDGET_BATCH_SIZES } from '../src/bench/widget-batch-sizes.js';

// `npm run bench:ingest` is too slow for the suite; its writer half, on a few rows, runs against
// today's schema here, so a migration that breaks its assumptions fails a test, not the benchmark.
describe('bench:ingest writer, on a few rows', () => {
  it('runs every variant on a freshly migrated database and reports positive rates', { timeout: 60_000 }, async () => {
    const r = await benchWriter('v4', 20, 1);
    expect(r).toMatchObject({ ids: 'v4', rows: 200, repeats: 1 });
    for (const rate of [r.raw, r.rawSameWork, r.store, r.writer]) expect(rate).toBeGreaterThan(0);
  });
});

describe('makeGroups on the widget batch sizes', () => {
  it('draws every measured size, and the same sizes on every run', () => {
    const sizes = (n: number) => makeGroups(n, 'v4', 'site_bench', 'widget').map((g) => g.length);
    const drawn = sizes(340);
    expect(new Set(drawn)).toEqual(new Set(Object.keys(WIDGET_BATCH_SIZES).map(Number)));
    // The golden-ratio sequence spreads evenly: 340 draws land within a few % of the measured mean.
    const mean = drawn.reduce((a, b) => a + b, 0) / drawn.length;
    expect(Math.abs(mean - MEAN_BATCH_SIZE) / MEAN_BATCH_SIZE).toBeLessThan(0.03);
    expect(sizes(340)).toEqual(drawn);
  });
});
