import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { startingWith } from './src/testing/test-order.js';

// `npm run test:chaos`: the slow suites (real child processes, kill -9 loops, floods). They are
// excluded from `npm test` (scripts/vitest.config.ts) and run after it in CI (.ci/run).
const CRASH_LOOP = 'test/chaos-crash-loop.test.ts';

export default defineConfig({
  // Run from the repository root (`npm run test:chaos`), the paths are still the scripts package's.
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    testTimeout: 180_000,
    hookTimeout: 60_000,
    // The PostgreSQL kill loop first, so that the short suites run beside it rather than after it.
    sequence: { sequencer: startingWith(['chaos-postgres-instances.test.ts']) },
    projects: [
      {
        extends: true,
        // Two suites at a time: the PostgreSQL kill loop (60 s of kills, then the recomputation),
        // and beside it the short floods one after another (about 30 s together). What they assert
        // holds beside another suite: every acknowledged event once, latency ratios < 20; their
        // FIGURE lines are measured beside it too. One at a time, the run was the sum of them.
        test: { name: 'chaos', include: ['test/chaos-*.test.ts'], exclude: [CRASH_LOOP], maxWorkers: 2 },
      },
      {
        extends: true,
        // Then the SQLite crash loop alone: its restarts are timed (a quiet one must take < 5 s),
        // and beside the PostgreSQL loop a loaded machine took 6.5 s.
        test: { name: 'chaos-crash-loop', include: [CRASH_LOOP], maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
