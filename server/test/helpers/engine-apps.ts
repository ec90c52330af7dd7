import { createTestApp, type TestApp } from './test-app.js';

export type Engine = 'sqlite' | 'postgres';
/** Both engines, for `describe.each(ENGINES)`: the same assertions hold on each. */
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

export interface EngineApps {
  /** A fresh app on a fresh database of `engine`, as createTestApp gives on SQLite. */
  create(engine: Engine, env?: Record<string, string>, options?: Parameters<typeof createTestApp>[1]): Promise<TestApp>;
}

/**
 * Apps on either engine. On PostgreSQL each app gets its own copy of the run's migrated template,
 * on the one server the project's globalSetup (postgres-template.ts) starts for the whole run, so a
 * test sees an empty database there as it does on SQLite, without a server start per file or the
 * migrations per app.
 */
export function engineApps(): EngineApps {
  return {
    create: (engine, env = {}, options = {}) => createTestApp(env, { ...options, engine }),
  };
}
