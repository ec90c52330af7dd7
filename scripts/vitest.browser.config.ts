import { defineConfig } from 'vitest/config';

/**
 * The scripts package's files that drive Chromium: in the root run's first group, beside the other
 * browser files, four at a time (the root vitest.config.ts says why). Like them, they mostly wait
 * on the browser and the built server; in the second group, two at a time among files that keep a
 * core busy, they ran last and alone.
 */
export const BROWSER_FILES = ['test/bench-widget.test.ts', 'test/docs-browser.test.ts'];

export default defineConfig({
  test: {
    name: 'scripts-browser',
    include: BROWSER_FILES,
    maxWorkers: 4,
  },
});
