import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'server',
    include: ['test/**/*.test.ts'],
    // One PostgreSQL for the run, for the files that test on both engines (test/helpers/engine-apps.ts).
    globalSetup: ['test/helpers/postgres-template.ts'],
    // In the root run's second group, after the browser files (the root vitest.config.ts says why).
    sequence: { groupOrder: 1 },
  },
});
