import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetEvents, monthsDatasetArb } from './helpers/random-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The rates' tables without the visitor segment (db/schema/rate-totals.ts): what the derivations
// write is the segmented table of the same grain summed over device, browser and language, and the
// migration's backfill rebuilds exactly that.

const FAMILIES = [
  {
    name: 'error_rate',
    keys: ['release'],
    counters: ['sessions', 'error_sessions'],
    grains: ['rollups', 'daily', 'monthly'],
  },
  { name: 'page_error', keys: ['path'], counters: ['visits', 'error_visits'], grains: ['rollups', 'daily', 'monthly'] },
  {
    name: 'engagement',
    keys: ['bucket'],
    counters: ['sessions', 'engaged_ms'],
    grains: ['rollups', 'daily', 'monthly'],
  },
  { name: 'plain_click', keys: ['path', 'selector'], counters: ['events'], grains: ['daily', 'monthly'] },
] as const;
const TABLES = FAMILIES.flatMap((f) =>
  f.grains.map((g) => ({ ...f, segmented: `${f.name}_${g}`, total: `${f.name}_total_${g}` })),
);

type Row = Record<string, string | number>;

const migrations = new URL('../drizzle/', import.meta.url);
/** The backfill statements appended to the migration that adds the tables. */
function backfill(): string[] {
  const file = readdirSync(migrations).find((f) => f.endsWith('_rate_segment_totals.sql'))!;
  return readFileSync(new URL(file, migrations), 'utf8')
    .split('--> statement-breakpoint')
    .filter((s) => s.includes('INSERT INTO'));
}

const sorted = (rows: Row[]) => rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

describe('the rates without the visitor segment', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  const db = () => t.app.db.$client;
  /** A table's rows of a site with some counter non-zero (a bucket a session left keeps its row at 0). */
  function rows(table: string, siteId: string, counters: readonly string[]): Row[] {
    const all = db().prepare(`SELECT * FROM ${table} WHERE site_id = ?`).all(siteId) as Row[];
    return sorted(all.filter((r) => counters.some((c) => r[c] !== 0)));
  }
  /** The segmented rows summed over the segment, as the table without it should hold them. */
  function summed(segmented: Row[], keys: readonly string[], counters: readonly string[]): Row[] {
    const out = new Map<string, Row>();
    for (const r of segmented) {
      const row: Row = Object.fromEntries(['site_id', 'hour', ...keys, ...counters].map((k) => [k, r[k]!]));
      const id = JSON.stringify(['site_id', 'hour', ...keys].map((k) => r[k]));
      const seen = out.get(id);
      if (seen) for (const c of counters) seen[c] = (seen[c] as number) + (r[c] as number);
      else out.set(id, row);
    }
    return sorted([...out.values()].filter((r) => counters.some((c) => r[c] !== 0)));
  }

  it('is the segmented table summed over device, browser and language, as written and as backfilled', async () => {
    const statements = backfill();
    expect(statements).toHaveLength(TABLES.length);
    const exercised = new Set<string>();
    await fc.assert(
      fc.asyncProperty(monthsDatasetArb, async (dataset) => {
        const site = createSite(t.app.db, { name: 'm', origins: [] });
        ingestDataset(t.app, site.siteId, datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId)), 4);
        const written = TABLES.map((x) => rows(x.total, site.siteId, x.counters));
        TABLES.forEach((x, i) => {
          expect(written[i], x.total).toEqual(summed(rows(x.segmented, site.siteId, x.counters), x.keys, x.counters));
        });
        for (const [i, x] of TABLES.entries()) if (written[i]!.length > 0) exercised.add(x.total);
        try {
          db().transaction(() => {
            // Every site's rows go: the backfill rebuilds them all, from every site's segmented rows.
            for (const x of TABLES) db().exec(`DELETE FROM ${x.total}`);
            for (const sql of statements) db().exec(sql);
            for (const [i, x] of TABLES.entries())
              expect(rows(x.total, site.siteId, x.counters), x.total).toEqual(written[i]);
            throw new Error('rollback'); // the writer's rows stay as they were
          })();
        } catch (e) {
          if ((e as Error).message !== 'rollback') throw e;
        }
      }),
      { numRuns: 15 },
    );
    // Random data that never reached a table would prove nothing about it.
    expect([...exercised].sort()).toEqual(TABLES.map((x) => x.total).sort());
  }, 120_000);
});
