import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, type App, type BuildAppOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';

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
 * A fresh app on a fresh temporary database, driven with inject(); never listens. Under
 * LOUPE_TEST_DB=postgres, the database is a fresh copy of the run's migrated template
 * (postgres-template.ts), dropped at close.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: Omit<BuildAppOptions, 'config' | 'logger'> & {
    /** Serve from this PostgreSQL database instead of the temporary SQLite file. */
    postgresUrl?: string;
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-app-'));
  const dbPath = path.join(dir, 'loupe.db');
  const { postgresUrl: given, ...buildOptions } = options;
  const copy = given === undefined && testDatabaseKind() === 'postgres' ? await copyTemplate() : undefined;
  const postgresUrl = given ?? copy?.url;
  try {
    const loaded = loadConfig({
      LOUPE_DB: dbPath,
      LOUPE_ADMIN_TOKEN: 'test-admin-token-0123456789',
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

let copies = 0;

/** A new database copied from the run's migrated template, and how to drop it. */
async function copyTemplate(): Promise<{ url: string; drop(): Promise<void> }> {
  const provided = inject('loupePostgres');
  if (provided === undefined) {
    // Never fall back to SQLite: the run would pass while testing nothing on PostgreSQL.
    throw new Error('LOUPE_TEST_DB=postgres needs the server-pg project (server/vitest.postgres.config.ts)');
  }
  const { adminUrl, template } = provided;
  copies += 1;
  const name = `loupe_t${process.pid}_${copies}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template)}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE: a connection the app left open (a failed start) must not keep the copy alive.
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
