import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadDatabaseConfig } from '../src/config.js';
import { redactedUrl } from '../src/db/database-config.js';
import { openServerDatabase } from '../src/db/open-server-database.js';

// LOUPE_DB / DATABASE_URL / LOUPE_PG_POOL / LOUPE_SQLITE_CACHE_MB: SQLite paths and file: URLs, PostgreSQL URLs, and the
// server's refusal to start on PostgreSQL until it can serve from it.

const PG = 'postgres://loupe:s3cret@db.internal:5432/loupe';

describe('the database configuration', () => {
  it('reads a path, a file: URL (absolute or relative) and :memory: as SQLite', () => {
    const abs = path.resolve('/var/lib/loupe/loupe.db');
    expect(loadDatabaseConfig({})).toEqual({ kind: 'sqlite', path: path.resolve('./data/loupe.db'), cacheMb: 128 });
    expect(loadDatabaseConfig({ LOUPE_DB: 'x/loupe.db' })).toEqual({
      kind: 'sqlite',
      path: path.resolve('x/loupe.db'),
      cacheMb: 128,
    });
    expect(loadDatabaseConfig({ LOUPE_DB: pathToFileURL(abs).href })).toEqual({
      kind: 'sqlite',
      path: abs,
      cacheMb: 128,
    });
    expect(loadDatabaseConfig({ LOUPE_DB: 'file:./x/loupe.db' })).toEqual({
      kind: 'sqlite',
      path: path.resolve('x/loupe.db'),
      cacheMb: 128,
    });
    expect(loadDatabaseConfig({ LOUPE_DB: ':memory:' })).toEqual({ kind: 'sqlite', path: ':memory:', cacheMb: 128 });
    // The server's own dbPath is the same path.
    expect(loadConfig({ LOUPE_DB: 'file:./x/loupe.db' }).dbPath).toBe(path.resolve('x/loupe.db'));
    expect(loadConfig({ DATABASE_URL: pathToFileURL(abs).href }).dbPath).toBe(abs);
  });

  it('reads postgres:// and postgresql:// URLs as PostgreSQL, with the pool size (default 10)', () => {
    expect(loadDatabaseConfig({ LOUPE_DB: PG })).toEqual({ kind: 'postgres', url: PG, poolSize: 10 });
    const socket = 'postgresql:///loupe?host=/var/run/postgresql';
    expect(loadDatabaseConfig({ DATABASE_URL: socket, LOUPE_PG_POOL: '25' })).toEqual({
      kind: 'postgres',
      url: socket,
      poolSize: 25,
    });
  });

  it('prefers LOUPE_DB over DATABASE_URL, and reads an empty value as unset', () => {
    expect(loadDatabaseConfig({ LOUPE_DB: 'a.db', DATABASE_URL: PG })).toMatchObject({ kind: 'sqlite' });
    expect(loadDatabaseConfig({ LOUPE_DB: '', DATABASE_URL: PG })).toMatchObject({ kind: 'postgres' });
    expect(loadDatabaseConfig({ LOUPE_DB: '', DATABASE_URL: '' })).toMatchObject({ kind: 'sqlite' });
  });

  it('bounds the pool from 1 to 100 connections, digits only', () => {
    expect(loadDatabaseConfig({ LOUPE_DB: PG, LOUPE_PG_POOL: '1' })).toMatchObject({ poolSize: 1 });
    expect(loadDatabaseConfig({ LOUPE_DB: PG, LOUPE_PG_POOL: '100' })).toMatchObject({ poolSize: 100 });
    for (const LOUPE_PG_POOL of ['0', '101', '-1', '1e1', 'ten', '']) {
      expect(() => loadDatabaseConfig({ LOUPE_DB: PG, LOUPE_PG_POOL }), LOUPE_PG_POOL).toThrow(
        /LOUPE_PG_POOL: must be a whole decimal number from 1 to 100/,
      );
    }
    // The server's configuration checks it too (a pool size is set before PostgreSQL can serve).
    expect(() => loadConfig({ LOUPE_PG_POOL: '0' })).toThrow(/LOUPE_PG_POOL/);
  });

  it('gives the requests’ SQLite connection a page cache of LOUPE_SQLITE_CACHE_MB, 128 MiB unless told, 2 MiB to 64 GiB', async () => {
    expect(loadDatabaseConfig({ LOUPE_SQLITE_CACHE_MB: '2' })).toMatchObject({ kind: 'sqlite', cacheMb: 2 });
    for (const LOUPE_SQLITE_CACHE_MB of ['1', '65537', '-5', '64.5', 'lots', '']) {
      expect(() => loadDatabaseConfig({ LOUPE_SQLITE_CACHE_MB }), LOUPE_SQLITE_CACHE_MB).toThrow(
        /LOUPE_SQLITE_CACHE_MB: must be a whole decimal number from 2 to 65536/,
      );
    }
    // What the opened connection holds: SQLite's size in KiB, negative (its default, -2000, unset).
    const cacheOf = async (env: Record<string, string>) => {
      const db = await openServerDatabase(loadDatabaseConfig({ LOUPE_DB: ':memory:', ...env }));
      try {
        return db.$client.pragma('cache_size', { simple: true });
      } finally {
        db.$client.close();
      }
    };
    expect(await cacheOf({})).toBe(-128 * 1024);
    expect(await cacheOf({ LOUPE_SQLITE_CACHE_MB: '16' })).toBe(-16 * 1024);
  });

  it("takes the PostgreSQL writer's lock timeout, 5 s unless told, from 1 ms to 60 s", () => {
    expect(loadConfig({}).writer.lockTimeoutMs).toBe(5_000);
    expect(loadConfig({ LOUPE_PG_WRITER_LOCK_TIMEOUT_MS: '250' }).writer.lockTimeoutMs).toBe(250);
    for (const LOUPE_PG_WRITER_LOCK_TIMEOUT_MS of ['0', '60001', '5s', '']) {
      expect(() => loadConfig({ LOUPE_PG_WRITER_LOCK_TIMEOUT_MS }), LOUPE_PG_WRITER_LOCK_TIMEOUT_MS).toThrow(
        /LOUPE_PG_WRITER_LOCK_TIMEOUT_MS: must be a whole decimal number from 1 to 60000/,
      );
    }
  });

  it('names the variable of a malformed URL, without repeating the URL (it may hold a password)', () => {
    const bad: [string, RegExp][] = [
      ['postgres://loupe:s3cret@db.internal:99999/loupe', /not a valid PostgreSQL URL/],
      ['postgres:loupe:s3cret@db.internal/loupe', /not a valid PostgreSQL URL/],
      ['postgresql:///loupe?password=s3cret', /names no server/],
      ['mysql://loupe:s3cret@db.internal/loupe', /scheme mysql: is not supported/],
      ['file://elsewhere/s3cret/loupe.db', /not a file URL of this machine/],
      ['file:./s3cret.db?mode=ro', /takes no query/],
      ['file:', /needs a path/],
    ];
    for (const [value, reason] of bad) {
      for (const variable of ['LOUPE_DB', 'DATABASE_URL']) {
        const load = () => loadDatabaseConfig({ [variable]: value });
        expect(load, value).toThrow(ConfigError);
        expect(load, value).toThrow(new RegExp(`${variable}: .*${reason.source}`));
        expect(load, value).not.toThrow(/s3cret/);
        expect(() => loadConfig({ [variable]: value }), value).toThrow(new RegExp(`${variable}: .*${reason.source}`));
      }
    }
  });

  it('configures the server on PostgreSQL only with LOUPE_ENCRYPTION_KEY, which every instance must share', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    for (const variable of ['LOUPE_DB', 'DATABASE_URL']) {
      const config = loadConfig({ [variable]: PG, LOUPE_ENCRYPTION_KEY: key });
      expect(config.database).toEqual({ kind: 'postgres', url: PG, poolSize: 10 });
      // No file of its own on PostgreSQL: nothing may be written next to a database that has no file.
      expect(config.dbPath).toBe(':memory:');
      const load = () => loadConfig({ [variable]: PG });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(/LOUPE_ENCRYPTION_KEY: must be set when the database is PostgreSQL/);
      expect(load).not.toThrow(/s3cret/);
    }
    // Reported with every other problem at once.
    expect(() => loadConfig({ LOUPE_DB: PG, PORT: 'x' })).toThrow(/PORT: [\s\S]*LOUPE_ENCRYPTION_KEY: /);
  });

  it('redacts the password of a URL for messages', () => {
    expect(redactedUrl(PG)).toBe('postgres://loupe:***@db.internal:5432/loupe');
    expect(redactedUrl('postgres://db.internal/loupe?password=s3cret&sslmode=require')).toBe(
      'postgres://db.internal/loupe?password=***&sslmode=require',
    );
  });
});
