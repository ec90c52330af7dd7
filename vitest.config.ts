import { defineConfig } from 'vitest/config';

// One run covers every package; each package's own vitest.config.ts describes its tests.
export default defineConfig({
  test: {
    projects: ['shared', 'server', 'widget', 'dashboard', 'scripts', 'demo-site'].map((p) => `${p}/vitest.config.ts`),
  },
});
