import { defineConfig } from 'vitest/config';

export default defineConfig({
  // End-to-end in real Chromium against `npm start`: the read API is polled for up to 20 s while
  // the widget's batches arrive, so no test here fits Vitest's 5 s default.
  test: {
    name: 'demo-site',
    // expect.poll waits up to 10 s, not 1 s (widget/vitest.config.ts says why).
    expect: { poll: { timeout: 10_000 } },
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // Beside the other browser files, in the root run's first group (the root vitest.config.ts).
    maxWorkers: 4,
  },
});
