import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { expectApprox } from './helpers/approx.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetArb, datasetEvents } from './helpers/random-dataset.js';
import { definedOnly, filtersArb } from './helpers/reference/filters-arb.js';
import { loadRaw } from './helpers/reference/raw-rows.js';
import { localDateOffset, refRangeHours } from './helpers/reference/reference-range.js';
import { refTraffic } from './helpers/reference/reference-traffic.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { propertyRuns } from './helpers/property-runs.js';

/** The first local date of the month `months` away from the local month of an instant. */
function monthStart(t: number, months: number, tz: string): string {
  const [y, m] = localDateOffset(t, 0, tz).split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + months, 1)).toISOString().slice(0, 10);
}

const SORTS = ['visitors', 'sessions', 'pageviews', 'bounceRate', 'avgEngagementMs', 'conversionRate'] as const;

describe('GET /v1/metrics/breakdown against a reference computation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('matches every row for random data, zones, dimensions, filters and sort orders', async () => {
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        fc.constantFrom('UTC', 'America/New_York', 'Europe/Copenhagen', 'Asia/Kolkata'),
        fc.constantFrom('device', 'browser', 'language', 'entryPage'),
        filtersArb,
        fc.constantFrom(...SORTS),
        fc.constantFrom('asc', 'desc'),
        fc.integer({ min: -4, max: 2 }),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        async (dataset, tz, by, filters, sort, order, fromOff, span, months) => {
          const site = createSite(t.app.db, { name: 'b', origins: [] });
          ingestDataset(t.app, site.siteId, datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId)));
          // A few days around the data, or whole local months around it (whole UTC months inside).
          const from = months ? monthStart(dataset.anchor, -1, tz) : localDateOffset(dataset.anchor, fromOff, tz);
          const to = months
            ? localDateOffset(Date.parse(`${monthStart(dataset.anchor, 2, tz)}T12:00:00Z`), -1, 'UTC')
            : localDateOffset(dataset.anchor, fromOff + span, tz);
          const qs = new URLSearchParams({ tz, from, to, by, sort, order, ...definedOnly(filters) });
          const res = await t.app.inject({
            url: `/v1/metrics/breakdown?${qs}`,
            headers: { authorization: `Bearer ${site.secretKey}` },
          });
          expect(res.statusCode, res.body).toBe(200);
          const body = res.json();
          expect(body.by).toBe(by);

          const { fromHour, toHour } = refRangeHours(from, to, tz);
          const ref = refTraffic(loadRaw(t.app, site.siteId), fromHour, toHour, filters, by);
          expect(body.totalValues).toBe(ref.size);
          const byValue = (rows: { value: string }[]) => [...rows].sort((a, b) => (a.value < b.value ? -1 : 1));
          expectApprox(byValue(body.rows), byValue([...ref].map(([value, f]) => ({ value, ...f }))));
          // Sorted by the key, rows without a value last.
          const keys = body.rows.map((r: Record<string, number | null>) => r[sort]);
          const present = keys.filter((k: number | null) => k !== null);
          expect(present).toEqual([...present].sort((a, b) => (order === 'asc' ? a - b : b - a)));
          expect(keys.slice(present.length).every((k: number | null) => k === null)).toBe(true);
        },
      ),
      { numRuns: propertyRuns(50) },
    );
  }, 120_000);
});
