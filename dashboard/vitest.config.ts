import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'dashboard',
    // expect.poll waits up to 10 s, not 1 s (widget/vitest.config.ts says why).
    expect: { poll: { timeout: 10_000 } },
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Browser tests against a real server: logging in, seeding and Chromium take longer than 5 s.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    passWithNoTests: true,
    // Four files at a time, in the root run's first group (the root vitest.config.ts says why).
    maxWorkers: 4,
  },
});
