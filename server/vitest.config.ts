import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'server',
    include: ['test/**/*.test.ts'],
    // One PostgreSQL for the run, for the files that test on both engines (test/helpers/engine-apps.ts).
    globalSetup: ['test/helpers/postgres-template.ts'],
    // In the root run's second group, after the browser files (the root vitest.config.ts says why).
    sequence: { groupOrder: 1 },
    // A test that builds its own app (53 migrations) and ingests a few thousand rows needs 1–3 s of CPU;
    // on two cores shared with the browser suites its wall time passed vitest's default 5 s twice
    // (traits-route, retention). Nothing here is timed: this only bounds a hang.
    testTimeout: 30_000,
    // The same for a beforeAll that builds its app: under a CI run's load, createTestApp passed
    // vitest's default 10 s (read-scores-audience, beside three other files and the rest of CI).
    hookTimeout: 60_000,
  },
});
