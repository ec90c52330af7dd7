import { afterAll, beforeAll } from 'vitest';
import { migratePostgres } from '../../src/db/postgres/migrate-postgres.js';
import { startPostgres, type PostgresServer } from './postgres-server.js';
import { createTestApp, type TestApp } from './test-app.js';

export type Engine = 'sqlite' | 'postgres';
/** Both engines, for `describe.each(ENGINES)`: the same assertions hold on each. */
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/** The migrated database every app's fresh one is copied from (CREATE DATABASE … TEMPLATE). */
const TEMPLATE = 'loupe_template';

export interface EngineApps {
  /** A fresh app on a fresh database of `engine`, as createTestApp gives on SQLite. */
  create(engine: Engine, env?: Record<string, string>, options?: Parameters<typeof createTestApp>[1]): Promise<TestApp>;
}

/** Starting the server and migrating the template: a few seconds, more on a busy machine. */
const START_TIMEOUT_MS = 60_000;

/**
 * Apps on either engine for one test file. Call at the file's top level: it starts the file's
 * PostgreSQL server before the file's tests (a few seconds, once) and stops it after them. Each
 * app gets its own database, copied from a template migrated once, so a test sees an empty
 * database on PostgreSQL as it does on SQLite, without paying for the migrations per app.
 */
export function engineApps(): EngineApps {
  let server: PostgresServer | undefined;
  let databases = 0;
  beforeAll(async () => {
    server = await startPostgres({ database: TEMPLATE });
    await migratePostgres(server.url);
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
  });
  return {
    async create(engine, env = {}, options = {}) {
      if (engine === 'sqlite') return createTestApp(env, options);
      const s = server;
      if (s === undefined) throw new Error('engineApps(): the PostgreSQL server did not start');
      databases += 1;
      const name = `loupe_${databases}`;
      await s.createDatabase(name, TEMPLATE);
      return createTestApp(env, { ...options, postgresUrl: s.urlOf(name) });
    },
  };
}
