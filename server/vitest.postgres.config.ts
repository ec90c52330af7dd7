import { defineConfig } from 'vitest/config';

/**
 * The server's ingest and read-API suites once more, on PostgreSQL (the `server` project runs them
 * on SQLite). Under LOUPE_TEST_DB=postgres, createTestApp() serves each app from a fresh copy of a
 * template database on the one server test/helpers/postgres-template.ts starts for the run.
 *
 * A file joins the list once every route it calls is served on PostgreSQL
 * (src/plugins/postgres-routes.ts; the others answer 501). LOUPE_TEST_RUNS_SCALE (0.5 unless set)
 * halves the fast-check runs (test/helpers/property-runs.ts): a run costs about twice its SQLite
 * time here (1.6 times the CPU), the SQLite project already explores with every run, and what
 * differs between the engines (a spelling, a type) has failed within the first runs so far.
 */
export const POSTGRES_SUITES = [
  'test-app-engine',
  'ingest-backpressure',
  'ingest-batch-equivalence',
  'ingest-collect',
  'ingest-device',
  'ingest-error-messages',
  'ingest-privacy',
  'ingest-rollups',
  'read-breakdown-properties',
  'visitor-range-widening',
  'read-overview-properties',
  'read-pages-properties',
  'read-scores-properties',
  'read-signals-properties',
  'read-tasks-properties',
  'read-timeseries-properties',
  'read-api-validation',
  'read-journeys-properties',
  'read-rates-properties',
  'read-audience-insights-properties',
  'read-saved-funnels-properties',
  'read-band-conversion-properties',
  'filtered-walk-sampling',
  'audience-rates-sampling',
  'read-metrics-audience-properties',
  'audience-page-rate-counts',
  'audience-click-counts',
  'audience-cohort-counts.property',
  'audience-session-rate-counts',
  'audience-resolution-counts',
  'audience-score-counts',
  'audience-friction-counts',
  'read-scores-audience',
  'read-tasks',
  'task-score-counts',
  'audience-task-counts',
  'customer-traits',
  'session-traits-sample',
  'retention-people-sample',
  'audience-sampling',
  'audience-sampling-returning',
  'rollup-tiers',
  'visitor-returned-properties',
  'returning-cohort-counts.property',
];

export default defineConfig({
  test: {
    name: 'server-pg',
    include: POSTGRES_SUITES.map((name) => `test/${name}.test.ts`),
    env: { LOUPE_TEST_DB: 'postgres', LOUPE_TEST_RUNS_SCALE: process.env.LOUPE_TEST_RUNS_SCALE ?? '0.5' },
    globalSetup: ['test/helpers/postgres-template.ts'],
    // A test app's start also copies a database; a loaded machine must not fail a beforeAll on time.
    hookTimeout: 60_000,
    // As in vitest.config.ts: bounds a hang, times nothing.
    testTimeout: 30_000,
    // In the root run's second group, after the browser files (the root vitest.config.ts says why).
    sequence: { groupOrder: 1 },
  },
});
