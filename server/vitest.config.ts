import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'server',
    include: ['test/**/*.test.ts'],
    // A worker runs its server files one after another in the same module graph instead of a fresh
    // one per file: every file imports the whole app (Fastify, drizzle, zod, every feature), and that
    // import was most of a small file's time. Safe because the tests share nothing through it: each
    // file builds its own app on its own temporary database (createTestApp), the server's modules
    // keep only memo caches (time-zone formatters, user-agent classes), and no test mocks a module,
    // spies on a global or changes process.env; the few fake clocks are put back by their tests.
    isolate: false,
  },
});
