import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cubeBackfillStatements, tierStartSql } from '../src/db/cubes/cube-backfill-sql.js';
import {
  CUBES,
  sourceWhereSql,
  tiersOf,
  tierTableName,
  type CubeSpec,
  type StoredTier,
} from '../src/db/cubes/cube-specs.js';
import { perDialect } from '../src/db/sql-dialect.js';
import { Eraser } from '../src/features/erasure/eraser.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetArb, datasetEvents } from './helpers/random-dataset.js';
import { propertyRuns } from './helpers/property-runs.js';
import { createTestApp, testDatabaseKind, type TestApp } from './helpers/test-app.js';

type Row = Record<string, unknown>;

/** A tier's rows as stored, zero rows dropped (counts can move away and leave a zero row). */
function stored(t: TestApp, cube: CubeSpec, tier: StoredTier): Row[] {
  const db = t.app.db.$client;
  const dims = cube.dims.map((d) => d.name);
  // SQLite holds `hist` as binary JSON, PostgreSQL as jsonb: both read back as JSON text.
  const hist = cube.histogram
    ? perDialect(db, { sqlite: ', json(hist) AS hist', postgres: ', hist::text AS hist' })
    : '';
  const rows = db
    .prepare(`SELECT *${hist} FROM ${tierTableName(cube, tier)} ORDER BY site_id, start, ${dims.join(', ')}`)
    .all() as Row[];
  return rows.map((r) => normalise(cube, r)).filter((r) => r !== null);
}

/** The same rows computed from the hourly sources with plain GROUP BY. */
function expected(t: TestApp, cube: CubeSpec, tier: StoredTier): Row[] {
  const db = t.app.db.$client;
  const dims = cube.dims.map((d) => d.name);
  const start = perDialect(db, { sqlite: tierStartSql('hour', tier), postgres: postgresTierStart('hour', tier) });
  if (cube.histogram) {
    const src = cube.sources[0]!.table;
    const object = perDialect(db, { sqlite: 'json_group_object', postgres: 'jsonb_object_agg' });
    const rows = db
      .prepare(
        `SELECT site_id, start, ${dims.join(', ')}, ${object}(CAST(bucket AS TEXT), n) AS hist FROM (SELECT site_id, ` +
          `${start} AS start, ${dims.join(', ')}, bucket, SUM(samples) AS n FROM ${src} GROUP BY 1, 2, ${dims.map((_, i) => i + 3).join(', ')}, bucket) AS b ` +
          `GROUP BY site_id, start, ${dims.join(', ')} ORDER BY site_id, start, ${dims.join(', ')}`,
      )
      .all() as Row[];
    return rows.map((r) => normalise(cube, r)).filter((r) => r !== null);
  }
  const counters = cube.counters.map((c) => c.name);
  const parts = cube.sources.map((s) => {
    const where = s.except ? ` WHERE ${sourceWhereSql(s, s.table)}` : '';
    return `SELECT site_id, ${start} AS start, ${dims.join(', ')}, ${counters.map((c) => (s.counters.includes(c) ? c : `0 AS ${c}`)).join(', ')} FROM ${s.table}${where}`;
  });
  const rows = db
    .prepare(
      `SELECT site_id, start, ${dims.join(', ')}, ${counters.map((c) => `SUM(${c}) AS ${c}`).join(', ')} FROM (${parts.join(' UNION ALL ')}) AS u ` +
        `GROUP BY site_id, start, ${dims.join(', ')} ORDER BY site_id, start, ${dims.join(', ')}`,
    )
    .all() as Row[];
  return rows.map((r) => normalise(cube, r)).filter((r) => r !== null);
}

/** tierStartSql's tier start in PostgreSQL's spelling (SQLite's strftime has no twin there). */
function postgresTierStart(h: string, tier: StoredTier): string {
  if (tier !== 'monthly') return tierStartSql(h, tier);
  return `(CAST(extract(epoch FROM date_trunc('month', to_timestamp(${h} / 1000) AT TIME ZONE 'UTC')) AS bigint) * 1000)`;
}

function normalise(cube: CubeSpec, r: Row): Row | null {
  if (cube.histogram) {
    const hist = Object.fromEntries(
      Object.entries(JSON.parse(String(r.hist)) as Record<string, number>).filter(([, n]) => n !== 0),
    );
    return Object.keys(hist).length ? { ...r, hist } : null;
  }
  const counters = cube.counters.map((c) => Number(r[c.name]));
  return counters.some((n) => Math.abs(n) > 1e-9)
    ? { ...r, ...Object.fromEntries(cube.counters.map((c, i) => [c.name, Math.round(counters[i]! * 1e6) / 1e6])) }
    : null;
}

function expectTiersMatch(t: TestApp): void {
  for (const cube of Object.values(CUBES))
    for (const tier of tiersOf(cube))
      expect(stored(t, cube, tier), `${cube.name} ${tier}`).toEqual(expected(t, cube, tier));
}

const MIGRATIONS = path.join(import.meta.dirname, '../drizzle');

/**
 * The migrations that created the tiers with triggers, as committed. Applied migrations are never
 * edited (a database that ran one would not run it again), so they no longer follow the specs:
 * a change to a cube is a new migration plus the spec and its tier upkeep (cube-tier-deltas.ts).
 */
const TRIGGER_MIGRATIONS = {
  '0004_rollup_tiers.sql': '72d29c7ed7858dbcf47d0cd060a27b211a36aa9fc60a86f19e3a021cc56678d9',
  '0007_hourly_tier_triggers.sql': '417abc296959d7258e524e9382f2810eb91353e38cbf164c7fcb08ed13232739',
  '0008_jsonb_histograms.sql': 'ed81d0acebf46d4ef4b670940ae2611597698f0a5c30ca96e8d07ad131b3ab83',
  '0013_segment_tiers.sql': 'be20a43795a39aa626dda2de74fdf9347df44c1c1eddb4949454c57688fd477d',
};
const readMigration = (file: string) => readFileSync(path.join(MIGRATIONS, file), 'utf8');

const allTiers = () => Object.values(CUBES).flatMap((cube) => tiersOf(cube).map((tier) => ({ cube, tier })));

describe('rollup cube tiers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  it('the committed trigger migrations are unchanged, and none of their triggers is left', () => {
    for (const [file, sha256] of Object.entries(TRIGGER_MIGRATIONS))
      expect(createHash('sha256').update(readMigration(file)).digest('hex'), file).toBe(sha256);
    const triggers = perDialect(t.app.db.$client, {
      sqlite: "SELECT name FROM sqlite_master WHERE type = 'trigger'",
      postgres: 'SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal',
    });
    expect(t.app.db.$client.prepare(triggers).all()).toEqual([]);
  });

  it('the writer keeps them equal to the sums of their hourly sources, through erasure and retention', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(datasetArb, async (dataset) => {
        // Every answer and event is older than 8 days: retention deletes them all.
        const site = createSite(t.app.db, { name: 'tiers', origins: [], rawEventsDays: 8, responsesDays: 8 });
        const events = datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId));
        ingestDataset(t.app, site.siteId, events, 7);
        expectTiersMatch(t);
        const eraser = new Eraser({ db: t.app.db, writer: t.app.ingestWriter });
        const session = events.find((e) => e.event.type === 'pageview')?.event.sessionId;
        if (session) await eraser.erase(site.siteId, { kind: 'session', sessionId: session }, 'admin token');
        if (runs++ % 3 === 0) await t.app.retention.runOnce();
        expectTiersMatch(t);
      }),
      { numRuns: propertyRuns(15) },
    );
    // A migration adding a cube or a tier fills it from the hourly rows alone: the same tiers.
    // SQLite's migrations only (cube-backfill-sql.ts): PostgreSQL's schema began with every tier.
    if (testDatabaseKind() === 'postgres') return;
    for (const { cube, tier } of allTiers()) t.app.db.$client.exec(`DELETE FROM ${tierTableName(cube, tier)}`);
    for (const sql of cubeBackfillStatements()) t.app.db.$client.exec(sql);
    expect(t.app.db.$client.prepare('SELECT DISTINCT typeof(hist) FROM vital_page_monthly').pluck().all()).toEqual([
      'blob',
    ]);
    expectTiersMatch(t);
  }, 180_000);

  const shadow = (table: string) => `shadow_${table}`;

  /**
   * The triggers the committed migrations created (the last of each name), made to write copies of
   * the tier tables: the same ingestion then fills both, the old way and the new.
   */
  function installShadowTriggers(): void {
    const sqlite = t.app.db.$client;
    for (const { cube, tier } of allTiers()) {
      const table = tierTableName(cube, tier);
      const create = sqlite
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
        .pluck()
        .get(table);
      sqlite.exec(String(create).replace(/^CREATE TABLE [`"]?\w+[`"]?/, `CREATE TABLE ${shadow(table)}`));
    }
    const statements = Object.keys(TRIGGER_MIGRATIONS)
      .flatMap((file) => readMigration(file).split('--> statement-breakpoint'))
      .map((s) => s.replace(/^--.*\n/gm, '').trim())
      .filter((s) => /^(CREATE|DROP) TRIGGER/.test(s))
      .map((s) =>
        s.replace(/\b(INTO|UPDATE) (\w+_(?:hourly|daily|monthly))\b/g, (_, verb, table) => `${verb} ${shadow(table)}`),
      );
    for (const sql of statements) sqlite.exec(sql);
    for (const sql of statements) for (const m of sql.matchAll(/\b(?:INTO|UPDATE) shadow_(\w+)/g)) triggered.add(m[1]!);
  }
  /** The tier tables the old triggers wrote. */
  const triggered = new Set<string>();

  function rowsOf(table: string, cube: CubeSpec, siteId: string): unknown[] {
    const key = ['start', ...cube.dims.map((d) => d.name)].join(', ');
    const values = cube.histogram ? 'hex(hist) AS hist' : cube.counters.map((c) => c.name).join(', ');
    return t.app.db.$client
      .prepare(`SELECT ${key}, ${values} FROM ${table} WHERE site_id = ? ORDER BY ${key}`)
      .all(siteId);
  }

  // Last: it brings the old triggers back, writing copies of the tiers. SQLite's own history:
  // PostgreSQL never had these triggers (its tiers were the writer's from the start).
  it.skipIf(testDatabaseKind() === 'postgres')(
    'the writer’s tier rows are byte for byte what the migrations’ triggers wrote',
    async () => {
      installShadowTriggers();
      const untriggered = allTiers()
        .map(({ cube, tier }) => tierTableName(cube, tier))
        .filter((table) => !triggered.has(table));
      expect(untriggered).toEqual([
        'score_path_hourly',
        'score_path_daily',
        'score_path_monthly',
        'resolution_daily',
        'resolution_monthly',
        'resolution_client_daily',
        'resolution_client_monthly',
        'resolution_segment_daily',
        'resolution_segment_monthly',
      ]);
      await fc.assert(
        // Commits of up to a whole dataset: a tier row then gathers many hourly rows (and buckets) at once.
        fc.asyncProperty(datasetArb, fc.integer({ min: 1, max: 400 }), async (dataset, batch) => {
          const site = createSite(t.app.db, { name: 'bytes', origins: [] });
          ingestDataset(t.app, site.siteId, datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId)), batch);
          // Cubes added after the triggers were dropped (score_path, resolution) have no trigger to compare with.
          for (const { cube, tier } of allTiers().filter((x) => triggered.has(tierTableName(x.cube, x.tier)))) {
            const table = tierTableName(cube, tier);
            expect(rowsOf(table, cube, site.siteId), table).toEqual(rowsOf(shadow(table), cube, site.siteId));
          }
        }),
        { numRuns: propertyRuns(10) },
      );
    },
    180_000,
  );
});
