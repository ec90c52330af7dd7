import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Unit tests run the source directly: keep the dev-only warnings, as the dev build does.
  define: { __DEV__: 'true', __VITALS_CHUNK__: '"chunks/vitals.js"', __PROMPT_CHUNK__: '"chunks/prompt.js"' },
  test: {
    name: 'widget',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Vitest's default on 2 cores is 1 worker. The browser tests mostly wait (on batching intervals,
    // the network, Chromium), so two files at a time halve the widget run (~500 s → ~260 s).
    maxWorkers: 2,
    // Projects with their own maxWorkers must run as their own group in the root run.
    sequence: { groupOrder: 1 },
  },
});
