import { configDefaults, defineConfig } from 'vitest/config';
import { BROWSER_FILES } from './vitest.browser.config.js';

export default defineConfig({
  test: {
    name: 'scripts',
    include: ['test/**/*.test.ts'],
    // The slow chaos suites run in `npm run test:chaos` (vitest.chaos.config.ts), not in `npm test`;
    // the Chromium files in the `scripts-browser` project (vitest.browser.config.ts).
    exclude: [...configDefaults.exclude, 'test/chaos-*.test.ts', ...BROWSER_FILES],
    // One PostgreSQL for the run: each PostgreSQL test takes a fresh database on it (postgres-database.ts).
    globalSetup: ['../server/test/helpers/postgres-template.ts'],
    // In the root run's second group, after the browser files (the root vitest.config.ts says why).
    sequence: { groupOrder: 1 },
  },
});
