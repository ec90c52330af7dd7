import { defineConfig } from 'vitest/config';

export default defineConfig({
  // In the root run's second group, after the browser files (the root vitest.config.ts says why).
  test: { name: 'shared', include: ['test/**/*.test.ts'], sequence: { groupOrder: 1 } },
});
