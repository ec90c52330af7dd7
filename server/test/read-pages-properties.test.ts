import { VITAL_THRESHOLDS } from '@loupe/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { expectApprox } from './helpers/approx.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetArb, datasetEvents } from './helpers/random-dataset.js';
import { loadRaw } from './helpers/reference/raw-rows.js';
import { definedOnly, filtersArb } from './helpers/reference/filters-arb.js';
import { localDateOffset, refRangeHours } from './helpers/reference/reference-range.js';
import { exactP75, refPages } from './helpers/reference/reference-pages.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { propertyRuns } from './helpers/property-runs.js';

/** The histogram's promise: within 2 % of the exact p75, after rounding (1 ms, 0.001 for CLS). */
function expectP75(
  name: string,
  api: { p75: number; rating: string; samples: number } | null,
  values: number[] | undefined,
) {
  if (!values?.length) return expect(api, name).toBeNull();
  expect(api, name).not.toBeNull();
  const exact = exactP75(values);
  expect(api!.samples).toBe(values.length);
  const rounding = name === 'CLS' ? 0.0005 : 0.5;
  expect(Math.abs(api!.p75 - exact), `${name} p75 ${api!.p75} vs exact ${exact}`).toBeLessThanOrEqual(
    exact * 0.02 + rounding,
  );
  const [good, poor] = VITAL_THRESHOLDS[name as keyof typeof VITAL_THRESHOLDS];
  expect(api!.rating).toBe(api!.p75 <= good ? 'good' : api!.p75 <= poor ? 'needs-improvement' : 'poor');
}

describe('GET /v1/metrics/pages against a reference computation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('matches every per-page figure for random data, zones and filters', async () => {
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        fc.constantFrom('UTC', 'America/New_York', 'Europe/Copenhagen', 'Asia/Kolkata'),
        filtersArb,
        fc.integer({ min: -4, max: 2 }),
        fc.integer({ min: 0, max: 6 }),
        async (dataset, tz, filters, fromOff, span) => {
          const site = createSite(t.app.db, { name: 'p', origins: [] });
          ingestDataset(t.app, site.siteId, datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId)));
          const from = localDateOffset(dataset.anchor, fromOff, tz);
          const to = localDateOffset(dataset.anchor, fromOff + span, tz);
          const qs = new URLSearchParams({ tz, from, to, limit: '500', ...definedOnly(filters) });
          const res = await t.app.inject({
            url: `/v1/metrics/pages?${qs}`,
            headers: { authorization: `Bearer ${site.secretKey}` },
          });
          expect(res.statusCode, res.body).toBe(200);
          const body = res.json();
          const { fromHour, toHour } = refRangeHours(from, to, tz);
          const ref = refPages(loadRaw(t.app, site.siteId), fromHour, toHour, filters);
          expect(body.totalPages).toBe(ref.size);
          expect(body.pages.map((p: { path: string }) => p.path).sort()).toEqual([...ref.keys()].sort());
          // Most views first.
          const views = body.pages.map((p: { views: number }) => p.views);
          expect(views).toEqual([...views].sort((a, b) => b - a));
          for (const p of body.pages) {
            const { vitals, ...expected } = ref.get(p.path)!;
            const { vitals: apiVitals, ...actual } = p;
            expectApprox(actual, expected);
            for (const name of ['LCP', 'INP', 'CLS', 'FCP', 'TTFB']) expectP75(name, apiVitals[name], vitals[name]);
          }
        },
      ),
      { numRuns: propertyRuns(40) },
    );
  }, 120_000);
});
