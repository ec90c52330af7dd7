import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUBES, tiersOf, tierTableName, type CubeSpec, type StoredTier } from '../src/db/cubes/cube-specs.js';
import {
  cubeMigrationSql,
  currentBackfillStatements,
  hourlyTierMigrationSql,
  jsonbHistogramMigrationSql,
  segmentCubeMigrationSql,
  tierStartSql,
} from '../src/db/cubes/cube-trigger-sql.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetArb, datasetEvents } from './helpers/random-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

type Row = Record<string, unknown>;

/** A tier's rows as stored, zero rows dropped (counts can move away and leave a zero row). */
function stored(t: TestApp, cube: CubeSpec, tier: StoredTier): Row[] {
  const dims = cube.dims.map((d) => d.name);
  const hist = cube.histogram ? ', json(hist) AS hist' : '';
  const rows = t.app.db.$client
    .prepare(`SELECT *${hist} FROM ${tierTableName(cube, tier)} ORDER BY site_id, start, ${dims.join(', ')}`)
    .all() as Row[];
  return rows.map((r) => normalise(cube, r)).filter((r) => r !== null);
}

/** The same rows computed from the hourly sources with plain GROUP BY. */
function expected(t: TestApp, cube: CubeSpec, tier: StoredTier): Row[] {
  const dims = cube.dims.map((d) => d.name);
  if (cube.histogram) {
    const src = cube.sources[0]!.table;
    const rows = t.app.db.$client
      .prepare(
        `SELECT site_id, start, ${dims.join(', ')}, json_group_object(CAST(bucket AS TEXT), n) AS hist FROM (SELECT site_id, ` +
          `${tierStartSql('hour', tier)} AS start, ${dims.join(', ')}, bucket, SUM(samples) AS n FROM ${src} GROUP BY 1, 2, ${dims.map((_, i) => i + 3).join(', ')}, bucket) ` +
          `GROUP BY site_id, start, ${dims.join(', ')} ORDER BY site_id, start, ${dims.join(', ')}`,
      )
      .all() as Row[];
    return rows.map((r) => normalise(cube, r)).filter((r) => r !== null);
  }
  const counters = cube.counters.map((c) => c.name);
  const parts = cube.sources.map((s) => {
    const where = s.where ? ` WHERE ${s.where.replaceAll('{row}', s.table)}` : '';
    return `SELECT site_id, ${tierStartSql('hour', tier)} AS start, ${dims.join(', ')}, ${counters.map((c) => (s.counters.includes(c) ? c : `0 AS ${c}`)).join(', ')} FROM ${s.table}${where}`;
  });
  const rows = t.app.db.$client
    .prepare(
      `SELECT site_id, start, ${dims.join(', ')}, ${counters.map((c) => `SUM(${c}) AS ${c}`).join(', ')} FROM (${parts.join(' UNION ALL ')}) ` +
        `GROUP BY site_id, start, ${dims.join(', ')} ORDER BY site_id, start, ${dims.join(', ')}`,
    )
    .all() as Row[];
  return rows.map((r) => normalise(cube, r)).filter((r) => r !== null);
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

describe('rollup cube tiers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('the committed migrations are exactly what cube-trigger-sql.ts generates from the specs', () => {
    const dir = path.join(import.meta.dirname, '../drizzle');
    const read = (suffix: string) =>
      readFileSync(path.join(dir, readdirSync(dir).find((f) => f.endsWith(suffix))!), 'utf8');
    expect(read('_rollup_tiers.sql')).toBe(cubeMigrationSql());
    expect(read('_hourly_tier_triggers.sql')).toBe(hourlyTierMigrationSql());
    expect(read('_jsonb_histograms.sql')).toBe(jsonbHistogramMigrationSql());
    expect(read('_segment_tiers.sql')).toBe(segmentCubeMigrationSql());
  });

  it('stay equal to the sums of their hourly sources, through merges, deletes and a backfill', async () => {
    await fc.assert(
      fc.asyncProperty(datasetArb, async (dataset) => {
        const site = createSite(t.app.db, { name: 'tiers', origins: [] });
        ingestDataset(t.app, site.siteId, datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId)), 7);
        expectTiersMatch(t);
      }),
      { numRuns: 15 },
    );
    // Deleting hourly rows takes their counts out of the tiers too.
    t.app.db.$client.exec(
      "DELETE FROM page_rollups WHERE rowid % 3 = 0; DELETE FROM vital_rollups WHERE rowid % 2 = 0; DELETE FROM click_rollups WHERE kind = 'rage'",
    );
    expectTiersMatch(t);
    // The migration's backfill rebuilds the same tiers from the hourly rows alone.
    for (const cube of Object.values(CUBES))
      for (const tier of tiersOf(cube)) t.app.db.$client.exec(`DELETE FROM ${tierTableName(cube, tier)}`);
    for (const sql of currentBackfillStatements()) t.app.db.$client.exec(sql);
    expect(t.app.db.$client.prepare('SELECT DISTINCT typeof(hist) FROM vital_page_monthly').pluck().all()).toEqual([
      'blob',
    ]);
    expectTiersMatch(t);
  }, 120_000);
});
