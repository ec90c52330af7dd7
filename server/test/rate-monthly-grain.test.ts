import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetEvents, monthsDatasetArb } from './helpers/random-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The rates' monthly tables (db/schema/rate-rollups.ts): what the derivations write is the daily
// table summed by UTC calendar month, and the migration's backfill rebuilds exactly that.

const TABLES = [
  { name: 'error_rate', keys: ['device', 'browser', 'language', 'release'], counters: ['sessions', 'error_sessions'] },
  { name: 'page_error', keys: ['path', 'device', 'browser', 'language'], counters: ['visits', 'error_visits'] },
  { name: 'engagement', keys: ['device', 'browser', 'language', 'bucket'], counters: ['sessions', 'engaged_ms'] },
  { name: 'plain_click', keys: ['path', 'selector', 'device'], counters: ['events'] },
] as const;

type Row = Record<string, string | number>;

const migrations = new URL('../drizzle/', import.meta.url);
/** The backfill statements appended to the migration that adds the monthly tables. */
function backfill(): string[] {
  const file = readdirSync(migrations).find((f) => f.endsWith('_rate_monthly_grain.sql'))!;
  return readFileSync(new URL(file, migrations), 'utf8')
    .split('--> statement-breakpoint')
    .filter((s) => s.includes('INSERT INTO'));
}

const monthOf = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

describe('the rates’ monthly grain', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  const db = () => t.app.db.$client;
  /** A table's rows of a site with some counter non-zero (a bucket a session left keeps its row at 0), sorted. */
  function rows(table: string, siteId: string, counters: readonly string[]): Row[] {
    return (db().prepare(`SELECT * FROM ${table} WHERE site_id = ?`).all(siteId) as Row[])
      .filter((r) => counters.some((c) => r[c] !== 0))
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  /** The daily rows summed by UTC month, as the monthly table should hold them. */
  function byMonth(daily: Row[], keys: readonly string[], counters: readonly string[]): Row[] {
    const out = new Map<string, Row>();
    for (const r of daily) {
      const month: Row = { ...r, hour: monthOf(r.hour as number) };
      const id = JSON.stringify(['site_id', 'hour', ...keys].map((k) => month[k]));
      const row = out.get(id);
      if (row) for (const c of counters) row[c] = (row[c] as number) + (r[c] as number);
      else out.set(id, month);
    }
    return [...out.values()]
      .filter((r) => counters.some((c) => r[c] !== 0))
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }

  it('is the daily table summed by UTC month, as written and as backfilled', async () => {
    const statements = backfill();
    expect(statements).toHaveLength(TABLES.length);
    await fc.assert(
      fc.asyncProperty(monthsDatasetArb, async (dataset) => {
        const site = createSite(t.app.db, { name: 'm', origins: [] });
        ingestDataset(t.app, site.siteId, datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId)), 4);
        const written = TABLES.map((x) => rows(`${x.name}_monthly`, site.siteId, x.counters));
        TABLES.forEach((x, i) => {
          const want = byMonth(rows(`${x.name}_daily`, site.siteId, x.counters), x.keys, x.counters);
          expect(written[i], x.name).toEqual(want);
        });
        expect(written[0]!.length).toBeGreaterThan(0);
        try {
          db().transaction(() => {
            // Every site's rows go: the backfill rebuilds them all, from every site's daily rows.
            for (const x of TABLES) db().exec(`DELETE FROM ${x.name}_monthly`);
            for (const sql of statements) db().exec(sql);
            for (const [i, x] of TABLES.entries())
              expect(rows(`${x.name}_monthly`, site.siteId, x.counters), x.name).toEqual(written[i]);
            throw new Error('rollback'); // the writer's rows stay as they were
          })();
        } catch (e) {
          if ((e as Error).message !== 'rollback') throw e;
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
