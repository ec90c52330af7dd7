import { defineConfig } from 'vitest/config';

// One run covers every package; each package's own vitest.config.ts describes its tests.
export default defineConfig({
  test: {
    // Vitest's default on 2 cores is 1 worker (cores − 1), so every package but the widget ran one
    // file at a time. Most files mostly wait (on Chromium, the real server's 3 s batching, child
    // processes), so two at a time, in one pool for every package: no package waits for another
    // to finish before the second worker has work.
    maxWorkers: 2,
    projects: [
      ...['shared', 'server', 'widget', 'dashboard', 'scripts', 'demo-site'].map((p) => `${p}/vitest.config.ts`),
      // The server's ingest and read-API suites again, on PostgreSQL.
      'server/vitest.postgres.config.ts',
    ],
  },
});
