import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'scripts',
    include: ['test/**/*.test.ts'],
    // The slow chaos suites run in `npm run test:chaos` (vitest.chaos.config.ts), not in `npm test`.
    exclude: [...configDefaults.exclude, 'test/chaos-*.test.ts'],
  },
});
