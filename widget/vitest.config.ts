import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'widget', include: ['test/**/*.test.ts'], passWithNoTests: true },
});
