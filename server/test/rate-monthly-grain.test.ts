import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { afterBackfill, backfillStatements, nonZeroRows, sortedRows } from './helpers/backfill-check.js';
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
  const rows = (table: string, siteId: string, counters: readonly string[]) =>
    nonZeroRows(db(), table, siteId, counters);
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
    return sortedRows([...out.values()].filter((r) => counters.some((c) => r[c] !== 0)));
  }

  it('is the daily table summed by UTC month, as written and as backfilled', async () => {
    const statements = backfillStatements('_rate_monthly_grain.sql');
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
        // Every site's rows go: the backfill rebuilds them all, from every site's daily rows.
        const rebuilt = afterBackfill(
          db(),
          TABLES.map((x) => `${x.name}_monthly`),
          statements,
          () => TABLES.map((x) => rows(`${x.name}_monthly`, site.siteId, x.counters)),
        );
        for (const [i, x] of TABLES.entries()) expect(rebuilt[i], x.name).toEqual(written[i]);
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
