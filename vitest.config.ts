import { defineConfig } from 'vitest/config';
import { startingWith } from './scripts/src/testing/test-order.js';

/**
 * The longest files of the run, longest first within each group (CI's durations): on a clean clone
 * Vitest has no durations to sort by and takes the projects in name order, so a 70 s file could
 * start last and run alone at the end of its group while the other workers sit idle.
 */
const LONGEST_FIRST = [
  'widget/test/browser/prompts-visitor.test.ts',
  'dashboard/test/browser/studio.test.ts',
  'widget/test/browser/prompts-eligibility.test.ts',
  'widget/test/browser/transport.test.ts',
  'demo-site/test/demo-shop.test.ts',
  'widget/test/browser/link-surveys.test.ts',
  'dashboard/test/browser/journeys-retention.test.ts',
  'dashboard/test/browser/accessibility-and-screenshots.test.ts',
  'widget/test/browser/vitals.test.ts',
  'widget/test/browser/hostile-network.test.ts',
  'scripts/test/bench-widget.test.ts',
  'server/test/postgres-parity.test.ts',
  'scripts/test/seed.test.ts',
  'server/test/funnels-properties.test.ts',
  'server/test/read-metrics-audience-properties.test.ts',
  'server/test/fast-parse-event.test.ts',
  'scripts/test/migrate-data-cli.test.ts',
  'scripts/test/docs-browser.test.ts',
];

// One run covers every package; each package's own vitest.config.ts describes its tests.
export default defineConfig({
  test: {
    // Two groups, one after the other (`sequence.groupOrder` in each package's config):
    // - first the browser packages (widget, dashboard, demo-site), four files at a time: a file
    //   there mostly waits (on Chromium, the real server's 3 s batching), about 0.4 of a core each;
    // - then the rest (server, server-pg, scripts, shared), two at a time: Vitest's default on
    //   2 cores is 1 worker (cores − 1), and most of these files keep a core busy, so two.
    // Vitest runs projects with different `maxWorkers` only in different groups.
    maxWorkers: 2,
    sequence: { sequencer: startingWith(LONGEST_FIRST) },
    projects: [
      ...['shared', 'server', 'widget', 'dashboard', 'scripts', 'demo-site'].map((p) => `${p}/vitest.config.ts`),
      // The server's ingest and read-API suites again, on PostgreSQL.
      'server/vitest.postgres.config.ts',
    ],
  },
});
