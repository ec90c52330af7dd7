import { describe, expect, it } from 'vitest';
import { benchWriter } from '../src/bench/bench-writer.js';

// `npm run bench:ingest` is too slow for the suite; its writer half, on a few rows, runs against
// today's schema here, so a migration that breaks its assumptions fails a test, not the benchmark.
describe('bench:ingest writer, on a few rows', () => {
  it('runs every variant on a freshly migrated database and reports positive rates', { timeout: 60_000 }, async () => {
    const r = await benchWriter('v4', 20, 1);
    expect(r).toMatchObject({ ids: 'v4', rows: 200, repeats: 1 });
    for (const rate of [r.raw, r.rawSameWork, r.store, r.writer]) expect(rate).toBeGreaterThan(0);
  });
});
