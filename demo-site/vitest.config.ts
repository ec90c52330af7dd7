import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'demo-site', include: ['test/**/*.test.ts'], passWithNoTests: true },
});
