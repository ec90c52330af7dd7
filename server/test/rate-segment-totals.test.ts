import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { afterBackfill, backfillStatements, nonZeroRows, sortedRows } from './helpers/backfill-check.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { type Dataset, datasetArb, datasetEvents, monthsDatasetArb } from './helpers/random-dataset.js';
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

const plainClick = {
  gapSec: 0,
  path: '/',
  what: { type: 'click', kind: 'click', selector: '#a', count: 3 },
} as const satisfies Dataset['sessions'][number]['steps'][number];
/** Two sessions or more within one hour, each opening with the same plain click. */
const crowdedDatasetArb: fc.Arbitrary<Dataset> = datasetArb
  .filter((d) => d.sessions.length > 1)
  .map((d) => ({
    ...d,
    sessions: d.sessions.map((s) => ({
      ...s,
      offsetMin: ((s.offsetMin % 60) + 60) % 60,
      steps: [plainClick, ...s.steps],
    })),
  }));

describe('the rates without the visitor segment', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  const db = () => t.app.db.$client;
  const rows = (table: string, siteId: string, counters: readonly string[]) =>
    nonZeroRows(db(), table, siteId, counters);
  /** Tables where some row summed two segments or more (else a backfill's sum() went untested). */
  const merged = new Set<string>();
  /** The segmented rows summed over the segment, as the table without it should hold them. */
  function summed(table: string, segmented: Row[], keys: readonly string[], counters: readonly string[]): Row[] {
    const out = new Map<string, Row>();
    for (const r of segmented) {
      const row: Row = Object.fromEntries(['site_id', 'hour', ...keys, ...counters].map((k) => [k, r[k]!]));
      const id = JSON.stringify(['site_id', 'hour', ...keys].map((k) => r[k]));
      const seen = out.get(id);
      if (seen) {
        merged.add(table);
        for (const c of counters) seen[c] = (seen[c] as number) + (r[c] as number);
      } else out.set(id, row);
    }
    return sortedRows([...out.values()].filter((r) => counters.some((c) => r[c] !== 0)));
  }

  it('is the segmented table summed over device, browser and language, as written and as backfilled', async () => {
    const statements = backfillStatements('_rate_segment_totals.sql');
    expect(statements).toHaveLength(TABLES.length);
    const exercised = new Set<string>();
    // Days (sessions sharing hours, so segments meet in one row) and months (the monthly grain).
    const datasets = fc.oneof(datasetArb, monthsDatasetArb);
    const check = async (dataset: Dataset) => {
      const site = createSite(t.app.db, { name: 'm', origins: [] });
      ingestDataset(t.app, site.siteId, datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId)), 4);
      const written = TABLES.map((x) => rows(x.total, site.siteId, x.counters));
      TABLES.forEach((x, i) => {
        expect(written[i], x.total).toEqual(
          summed(x.total, rows(x.segmented, site.siteId, x.counters), x.keys, x.counters),
        );
      });
      for (const [i, x] of TABLES.entries()) if (written[i]!.length > 0) exercised.add(x.total);
      const rebuilt = afterBackfill(
        db(),
        TABLES.map((x) => x.total),
        statements,
        () => TABLES.map((x) => rows(x.total, site.siteId, x.counters)),
      );
      for (const [i, x] of TABLES.entries()) expect(rebuilt[i], x.total).toEqual(written[i]);
    };
    await fc.assert(fc.asyncProperty(datasets, check), { numRuns: 25 });
    // Two segments in one hour of one page are rare in small random data (125 datasets once held
    // no two plain clicks on one element of one page in a day from two segments). So more datasets,
    // checked the same way, crowd their sessions into one hour and open each with a plain click on
    // one element, until a sum over segments was seen in every family (at most 100 more).
    const unmerged = () => FAMILIES.filter((f) => !TABLES.some((x) => x.name === f.name && merged.has(x.total)));
    for (const dataset of fc.sample(crowdedDatasetArb, 100)) {
      if (unmerged().length === 0) break;
      await check(dataset);
    }
    // Random data that never reached a table would prove nothing about it.
    expect([...exercised].sort()).toEqual(TABLES.map((x) => x.total).sort());
    // Each family's statements share one shape, so a sum over segments seen at some grain of every
    // family is asked for.
    expect(unmerged()).toEqual([]);
  }, 120_000);
});
