import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  copySqliteToPostgres,
  createSite,
  loadConfig,
  migrateDatabase,
  openDatabase,
  rotateSecret,
} from '@loupe/server';
import { type FreshDatabase, freshPostgresDatabase } from '@loupe/server/testing/postgres-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresTwin } from '../src/bench/query-on-postgres.js';

// `bench-query --postgres-url` serves a copy made before with `npm run migrate-data`, after giving
// the file's site a new secret key: the copy must take the same key, and stay equal to the file, so
// that migrate-data run again after the bench (it only verifies a finished copy) finds no difference.

describe('openPostgresTwin on a copy made before', { timeout: 120_000 }, () => {
  let database: FreshDatabase;
  let dir: string;

  beforeAll(async () => {
    database = await freshPostgresDatabase({ schema: 'empty' });
    dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-bench-query-twin-'));
  }, 60_000);
  afterAll(async () => {
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it("serves the file's new secret key and leaves the copy equal to the file", async () => {
    const source = path.join(dir, 'loupe.db');
    const db = openDatabase(source);
    migrateDatabase(db);
    const { siteId } = createSite(db, { name: 'Shop', origins: ['https://shop.example'] });
    db.$client.close();
    expect((await copySqliteToPostgres({ from: source, to: database.url })).mismatches).toEqual([]);

    // What the bench does to the file before it serves the copy.
    const file = openDatabase(source);
    const rotated = rotateSecret(file, siteId);
    file.$client.close();
    const twin = await openPostgresTwin(source, loadConfig({ LOUPE_DB: source, LOUPE_LOG_LEVEL: 'silent' }), {
      url: database.url,
      siteId,
    });
    try {
      const res = await twin.app.inject({
        url: '/v1/site',
        headers: { authorization: `Bearer ${rotated!.secretKey}` },
      });
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      await twin.close();
    }

    const again = await copySqliteToPostgres({ from: source, to: database.url });
    expect(again.copied).toBe(0);
    expect(again.mismatches.map((m) => m.table)).toEqual([]);
  });
});
