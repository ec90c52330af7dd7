import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type App, type BuildAppOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { freshPostgresDatabase } from './postgres-database.js';

export interface TestApp {
  app: App;
  dbPath: string;
  close(): Promise<void>;
}

/**
 * Which engine createTestApp() serves from when the test names none: `postgres` in the server-pg
 * project (server/vitest.postgres.config.ts sets LOUPE_TEST_DB), SQLite otherwise.
 */
export function testDatabaseKind(): 'sqlite' | 'postgres' {
  return process.env.LOUPE_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * A fresh app on a fresh temporary database, driven with inject(); never listens. On PostgreSQL
 * (`engine: 'postgres'`, or LOUPE_TEST_DB=postgres), the database is a fresh copy of the run's
 * migrated template on the run's one server (postgres-database.ts), dropped at close.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: Omit<BuildAppOptions, 'config' | 'logger'> & {
    /** Serve from this PostgreSQL database (the caller's to drop) instead of a fresh one. */
    postgresUrl?: string;
    /** The engine of the fresh database when no postgresUrl is given; default testDatabaseKind(). */
    engine?: 'sqlite' | 'postgres';
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-app-'));
  const dbPath = path.join(dir, 'loupe.db');
  const { postgresUrl: given, engine = testDatabaseKind(), ...buildOptions } = options;
  const copy = given === undefined && engine === 'postgres' ? await freshPostgresDatabase() : undefined;
  const postgresUrl = given ?? copy?.url;
  try {
    const loaded = loadConfig({
      LOUPE_DB: dbPath,
      LOUPE_ADMIN_TOKEN: 'test-admin-token-0123456789',
      // On PostgreSQL the writer runs in a child process, whose start costs each app ~0.6 s of CPU;
      // the suites here test what a commit stores, which is the same code in or out of that process.
      // The process itself is tested where it matters (postgres-writer-faults asks for it).
      ...(postgresUrl === undefined ? {} : { LOUPE_WRITER_THREAD: 'false' }),
      ...env,
    });
    const config: Config =
      postgresUrl === undefined ? loaded : { ...loaded, database: { kind: 'postgres', url: postgresUrl, poolSize: 1 } };
    const app = await buildApp({ config, logger: false, ...buildOptions });
    await app.ready();
    return {
      app,
      dbPath,
      async close() {
        try {
          await app.close();
        } finally {
          rmSync(dir, { recursive: true, force: true });
          await copy?.drop();
        }
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    await copy?.drop();
    throw error;
  }
}
