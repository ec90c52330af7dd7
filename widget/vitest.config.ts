import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Unit tests run the source directly: keep the dev-only warnings, as the dev build does.
  define: { __DEV__: 'true', __VITALS_CHUNK__: '"chunks/vitals.js"', __PROMPT_CHUNK__: '"chunks/prompt.js"' },
  test: {
    name: 'widget',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Four files at a time, in the root run's first group (the root vitest.config.ts says why).
    maxWorkers: 4,
  },
});
