import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Unit tests run the source directly: keep the dev-only warnings, as the dev build does.
  define: { __DEV__: 'true', __VITALS_CHUNK__: '"chunks/vitals.js"', __PROMPT_CHUNK__: '"chunks/prompt.js"' },
  test: {
    name: 'widget',
    // expect.poll's 1 s default is shorter than one Playwright call can take when CI's two cores
    // carry four browser files (load averages of 5 to 11): a view that was right failed its wait.
    expect: { poll: { timeout: 10_000 } },
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Four files at a time, in the root run's first group (the root vitest.config.ts says why).
    maxWorkers: 4,
  },
});
