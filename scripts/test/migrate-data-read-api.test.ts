import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  type App,
  buildApp,
  type Config,
  createSite,
  loadConfig,
  migrateDatabase,
  openDatabase,
  openPostgres,
} from '@loupe/server';
import { type FreshDatabase, freshPostgresDatabase } from '@loupe/server/testing/postgres-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPARED_ROUTES,
  compareReadApi,
  readApiSample,
  type SiteToCompare,
} from '../src/migrate-data/compare-read-api.js';
import { EXIT, runMigrateDataCli } from '../src/migrate-data/run-migrate-data-cli.js';
import { runSeed } from '../src/seed/run-seed.js';
import { runInProcess } from './helpers/cli-run.js';

// The copy's promise to a user: every read API answers the same from the PostgreSQL copy as from
// the SQLite file. Two seeded sites, copied with `npm run -s migrate-data`, then both databases
// served and asked the same questions (compare-read-api.ts); a tampered copy must be caught.

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('migrate-data: the read API answers the same before and after', { timeout: 180_000 }, () => {
  let database: FreshDatabase;
  let dir: string;
  let before: App;
  let after: App;
  const sites: SiteToCompare[] = [];

  beforeAll(async () => {
    database = await freshPostgresDatabase({ schema: 'empty' });
    dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-migrate-read-api-'));
    const source = path.join(dir, 'loupe.db');
    const db = openDatabase(source);
    migrateDatabase(db);
    for (const [name, seed] of [
      ['Shoes', 11],
      ['Books', 12],
    ] as const) {
      const site = createSite(db, { name, origins: [`https://${name.toLowerCase()}.example`] });
      runSeed(db, { siteId: site.siteId, responses: 80, events: 1_500, days: 40, seed });
      const span = db.$client
        .prepare('SELECT min(ts) AS first, max(ts) AS last FROM events WHERE site_id = ?')
        .get(site.siteId) as { first: number; last: number };
      sites.push({
        siteId: site.siteId,
        headers: { authorization: `Bearer ${site.secretKey}` },
        firstDay: day(span.first),
        lastDay: day(span.last),
      });
    }
    db.$client.close();

    const copied = await runInProcess(runMigrateDataCli, ['--from', source, '--to', database.url], {});
    expect(copied.code, copied.stderr).toBe(EXIT.copied);

    // Both servers as production builds them; the SQLite one on the source file itself.
    const config = loadConfig({ LOUPE_DB: source, LOUPE_LOG_LEVEL: 'silent' });
    const onPostgres: Config = { ...config, database: { kind: 'postgres', url: database.url, poolSize: 1 } };
    before = await buildApp({ config, logger: false });
    after = await buildApp({ config: onPostgres, logger: false });
    await Promise.all([before.ready(), after.ready()]);
  }, 180_000);
  afterAll(async () => {
    await before?.close();
    await after?.close();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('asks every read route served on PostgreSQL, for every site, and gets equal answers', async () => {
    const result = await compareReadApi(before, after, sites);
    expect(result.unanswered.map((a) => `${a.url}: ${a.before.status} ${a.before.body}`)).toEqual([]);
    expect(result.differ.map((a) => a.url)).toEqual([]);
    expect(result.compared).toBe(sites.reduce((n, s) => n + readApiSample(s).length, 0));
    // The sample covers each route, and the seeded data reached the answers (not empty lists).
    for (const route of COMPARED_ROUTES) expect(readApiSample(sites[0]!).some((u) => u.startsWith(route))).toBe(true);
    const listed = await before.inject({
      url: readApiSample(sites[0]!).find((u) => u.startsWith('/v1/responses?'))!,
      headers: sites[0]!.headers,
    });
    expect(listed.json<{ responses: unknown[] }>().responses.length).toBeGreaterThan(0);
  });

  it('reports the answers of a tampered copy, for the tampered site only', async () => {
    const [shoes, books] = sites as [SiteToCompare, SiteToCompare];
    const pool = openPostgres({ url: database.url, poolSize: 1, onIdleError: () => {} }).$client;
    try {
      const changed = await pool.query(
        "UPDATE responses SET comment = 'tampered' WHERE site_id = $1 AND comment IS NOT NULL",
        [shoes.siteId],
      );
      expect(changed.rowCount).toBeGreaterThan(0);
      const result = await compareReadApi(before, after, sites);
      const differ = result.differ.map((a) => `${a.siteId} ${a.url.split('?')[0]}`);
      expect(differ).toContain(`${shoes.siteId} /v1/responses`);
      expect(differ.filter((d) => d.startsWith(books.siteId))).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});
