import { defineConfig } from 'vitest/config';

// One run covers every package; each package's own vitest.config.ts describes its tests.
export default defineConfig({
  test: {
    // Two groups, one after the other (`sequence.groupOrder` in each package's config; Vitest runs
    // projects with different `maxWorkers` only in different groups):
    // - first the browser packages (widget, dashboard, demo-site, and the scripts package's
    //   Chromium files: scripts-browser), four files at a time: a file
    //   there mostly waits (on Chromium, the real server's 3 s batching) and uses about 0.4 of a
    //   core, with its Chromium and server, so two at a time left CI's second core half idle;
    // - then the rest (server, server-pg, scripts, shared), two at a time: Vitest's default on
    //   2 cores is 1 worker (cores − 1), and most of these files keep a core busy.
    // Within a group Vitest starts the larger files first; the order of CI's durations, tried,
    // changed nothing (a simulation over CI's file durations), so no list of slow files here.
    maxWorkers: 2,
    projects: [
      ...['shared', 'server', 'widget', 'dashboard', 'scripts', 'demo-site'].map((p) => `${p}/vitest.config.ts`),
      // The server's ingest and read-API suites again, on PostgreSQL.
      'server/vitest.postgres.config.ts',
      'scripts/vitest.browser.config.ts',
    ],
  },
});
