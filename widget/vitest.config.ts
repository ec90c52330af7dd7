import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Unit tests run the source directly: keep the dev-only warnings, as the dev build does.
  define: { __DEV__: 'true', __VITALS_CHUNK__: '"chunks/vitals.js"', __PROMPT_CHUNK__: '"chunks/prompt.js"' },
  test: {
    name: 'widget',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // In the root run two files at a time, as every package (the root vitest.config.ts says why).
  },
});
