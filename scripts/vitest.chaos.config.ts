import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:chaos`: the slow suites (real child processes, kill -9 loops, floods). They are
// excluded from `npm test` (scripts/vitest.config.ts) and run after it in CI (.ci/run).
export default defineConfig({
  // Run from the repository root (`npm run test:chaos`), the paths are still the scripts package's.
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'chaos',
    include: ['test/chaos-*.test.ts'],
    // One suite at a time: each one loads the 2 CI cores on its own, and figures must not interfere.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
