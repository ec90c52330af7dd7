import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { startingWith } from './src/testing/test-order.js';

// `npm run test:chaos`: the slow suites (real child processes, kill -9 loops, floods). They are
// excluded from `npm test` (scripts/vitest.config.ts) and run after it in CI (.ci/run).
export default defineConfig({
  // Run from the repository root (`npm run test:chaos`), the paths are still the scripts package's.
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'chaos',
    include: ['test/chaos-*.test.ts'],
    // Two suites at a time. Most of each one's time is fixed (60 s of kills, floods of a set size),
    // and what they assert holds beside another suite: every acknowledged event once, bounds loose
    // enough for a shared machine (restart < 15 s, a quiet one < 5 s, latency ratio < 20); their
    // FIGURE lines are measured beside it too. One at a time, the run was the sum of them (238 s in
    // CI); the two 60 s kill loops start first, side by side, and the short suites follow the SQLite
    // one (about 90 s together), so the run is about as long as the PostgreSQL one alone.
    maxWorkers: 2,
    sequence: { sequencer: startingWith(['chaos-postgres-instances.test.ts', 'chaos-crash-loop.test.ts']) },
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
