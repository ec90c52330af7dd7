import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBinaries, startPostgres, type PostgresServer } from './helpers/postgres-server.js';

// The harness the PostgreSQL suites stand on: a real server, never skipped.
// This file starts a server of its own, where the others take a database on the run's shared one:
// what it tests is the start and stop of a server (the data directory removed, a second stop harmless).

describe('PostgreSQL test harness', () => {
  let server: PostgresServer;
  let dataDirectory = '';

  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(() => server?.stop());

  it('serves an empty database on 127.0.0.1, run by a user other than root', async () => {
    expect(server.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/loupe`);
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const settings = await client.query<{ name: string; setting: string }>(
        `SELECT name, setting FROM pg_settings
         WHERE name IN ('listen_addresses', 'server_version_num', 'synchronous_commit', 'data_directory')`,
      );
      const byName = Object.fromEntries(settings.rows.map((r) => [r.name, r.setting]));
      expect(byName.listen_addresses).toBe('127.0.0.1');
      expect(Math.floor(Number(byName.server_version_num) / 10_000)).toBe(server.major);
      expect(byName.synchronous_commit).toBe('on');
      dataDirectory = byName.data_directory ?? '';
      expect(dataDirectory.startsWith(os.tmpdir())).toBe(true);

      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
      );
      expect(rows[0]?.n).toBe('0');
      // The server process's owner: the data directory's, which is never root.
      expect(statSync(dataDirectory).uid).not.toBe(0);
    } finally {
      await client.end();
    }
  });

  it('creates further databases on the same server', async () => {
    await server.createDatabase('second');
    const client = new pg.Client({ connectionString: server.urlOf('second') });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.end();
    expect(rows[0]?.db).toBe('second');
  });

  it('stops the server and removes its directory', async () => {
    expect(existsSync(dataDirectory)).toBe(true);
    await server.stop();
    expect(existsSync(path.dirname(dataDirectory))).toBe(false);
    const client = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2_000 });
    await expect(client.connect()).rejects.toThrow(/ECONNREFUSED/);
    await server.stop(); // twice is harmless (afterAll calls it again)
  });

  it('fails, naming the Debian package, when the binaries are missing', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'loupe-no-pg-'));
    try {
      expect(() => findPostgresBinaries(empty)).toThrow(/apt-get install postgresql/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
