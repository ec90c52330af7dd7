import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FreshDatabase, freshPostgresDatabase } from '@loupe/server/testing/postgres-database';
import type { CliIo } from '../src/cli/cli-io.js';
import { runMigrateCli } from '../src/migrate/run-migrate-cli.js';
import { oneJsonLine, runInProcess, runScript } from './helpers/cli-run.js';

// `npm run -s migrate`: SQLite's migrations, and PostgreSQL's (the preview) with the events
// partitions around a fixed now, on a real PostgreSQL server.

const NOW = Date.UTC(2026, 11, 15);
const migrateCli = (args: string[], env: Record<string, string> = {}) =>
  runInProcess((argv: string[], io: CliIo) => runMigrateCli(argv, io, NOW), args, env);

describe('npm run migrate', { timeout: 60_000 }, () => {
  let database: FreshDatabase;
  let dir: string;
  let migrations: number;

  beforeAll(async () => {
    database = await freshPostgresDatabase({ schema: 'empty' });
    dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-migrate-cli-'));
  }, 60_000);
  afterAll(async () => {
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('migrates a PostgreSQL database and makes the months of events partitions, once', async () => {
    const url = database.url.replace('postgres@', 'postgres:unused-password@'); // trust auth ignores it
    const first = oneJsonLine(await migrateCli(['--db', url, '--months-ahead', '1'])) as Record<string, unknown>;
    migrations = first.migrations as number;
    expect(migrations).toBeGreaterThanOrEqual(3);
    expect(first).toEqual({
      database: 'postgres',
      url: database.url.replace('postgres@', 'postgres:***@'),
      applied: migrations,
      migrations,
      partitions: ['events_2026_11', 'events_2026_12', 'events_2027_01'],
    });
    // DATABASE_URL when there is no --db; nothing left to apply.
    expect(oneJsonLine(await migrateCli([], { DATABASE_URL: database.url }))).toMatchObject({ applied: 0, migrations });
  });

  it('runs as `npm run -s migrate` runs it', async () => {
    const run = await runScript('migrate-cli.ts', ['--db', database.url], { env: {} });
    expect(oneJsonLine(run)).toMatchObject({ database: 'postgres', applied: 0, migrations });
  });

  it('migrates a SQLite file as the server would at start', async () => {
    const file = path.join(dir, 'loupe.db');
    expect(oneJsonLine(await migrateCli(['--db', file]))).toEqual({ database: 'sqlite', path: file });
    const db = new Database(file, { readonly: true });
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'events'`).all();
    db.close();
    expect(tables).toEqual([{ name: 'events' }]);
  });

  it('reports a bad URL as a usage mistake without printing it, and an unreachable server as a failure', async () => {
    const bad = await migrateCli(['--db', 'postgres://loupe:s3cret@db.internal:99999/loupe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/LOUPE_DB: is not a valid PostgreSQL URL/);
    expect(bad.stderr).not.toMatch(/s3cret/);
    expect((await migrateCli(['--months-ahead', '-1'])).code).toBe(2);

    const down = await migrateCli(['--db', 'postgres://loupe:s3cret@127.0.0.1:1/loupe']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^error: cannot migrate: .*ECONNREFUSED/);
    expect(down.stderr).not.toMatch(/s3cret/);
  });
});
