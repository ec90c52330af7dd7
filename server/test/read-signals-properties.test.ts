import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import type { App } from '../src/app.js';
import { expectApprox } from './helpers/approx.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetArb, datasetEvents, type Dataset } from './helpers/random-dataset.js';
import { datasetRange, rangeArb } from './helpers/reference/filters-arb.js';
import { loadRaw } from './helpers/reference/raw-rows.js';
import { refFrictionInsight } from './helpers/reference/reference-friction.js';
import { refBuckets, refDefaultInterval, refPeriod } from './helpers/reference/reference-range.js';
import { refClicks, refErrors, refFrictionBefore } from './helpers/reference/reference-signals.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { propertyRuns } from './helpers/property-runs.js';

function seeded(app: App, dataset: Dataset) {
  const site = createSite(app.db, { name: 's', origins: [] });
  ingestDataset(app, site.siteId, datasetEvents(dataset, createDatasetPrompts(app, site.siteId)));
  return site;
}

describe('errors, clicks, friction and response friction against reference computations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const get = async (secret: string, url: string) => {
    const res = await t.app.inject({ url, headers: { authorization: `Bearer ${secret}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('GET /v1/errors and /v1/clicks', async () => {
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        rangeArb,
        fc.record({
          path: fc.option(fc.constantFrom('/', '/cart'), { nil: undefined }),
          device: fc.option(fc.constantFrom('desktop', 'mobile'), { nil: undefined }),
        }),
        fc.option(fc.constantFrom('rage', 'dead', 'error'), { nil: undefined }),
        fc.option(fc.constantFrom('hour', 'day', 'week', 'month'), { nil: undefined }),
        async (dataset, r, filters, kind, interval) => {
          const site = seeded(t.app, dataset);
          const { qs, fromHour, toHour } = datasetRange(dataset, r);
          const f = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Record<
            string,
            string
          >;
          const raw = loadRaw(t.app, site.siteId);
          const errors = await get(
            site.secretKey,
            `/v1/errors?${new URLSearchParams({ ...qs, ...f, limit: '200', ...(interval ? { interval } : {}) })}`,
          );
          const buckets = refBuckets(fromHour, toHour, r.tz, interval ?? refDefaultInterval(fromHour, toHour));
          expect(errors.interval).toBe(interval ?? refDefaultInterval(fromHour, toHour));
          expect(errors.periods).toEqual(buckets.map(refPeriod));
          const refE = refErrors(raw, fromHour, toHour, filters, buckets);
          expect(errors.totalGroups).toBe(refE.size);
          for (const e of errors.errors) expectApprox(e, refE.get(e.fingerprint));
          const counts = errors.errors.map((e: { count: number }) => e.count);
          expect(counts).toEqual([...counts].sort((a, b) => b - a));

          const clicks = await get(
            site.secretKey,
            `/v1/clicks?${new URLSearchParams({ ...qs, ...f, ...(kind ? { kind } : {}), limit: '500' })}`,
          );
          const refC = refClicks(raw, fromHour, toHour, { ...filters, kind });
          expect(clicks.totalGroups).toBe(refC.size);
          for (const c of clicks.clicks) expect(c).toEqual(refC.get(`${c.path} ${c.selector}`));
        },
      ),
      { numRuns: propertyRuns(40) },
    );
  }, 120_000);

  it('GET /v1/insights/friction and the friction of each response', async () => {
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        rangeArb,
        fc.constantFrom('nps', 'csat', 'ces'),
        fc.integer({ min: 1, max: 3 }),
        async (dataset, r, kind, min) => {
          const site = seeded(t.app, dataset);
          const { qs, fromHour, toHour } = datasetRange(dataset, r);
          const raw = loadRaw(t.app, site.siteId);
          const insight = await get(
            site.secretKey,
            `/v1/insights/friction?${new URLSearchParams({ ...qs, kind, minResponses: String(min) })}`,
          );
          const ref = refFrictionInsight(raw, kind, fromHour, toHour, min);
          expectApprox(insight.overall, ref.overall);
          expectApprox(insight.byType, ref.byType);
          expectApprox(insight.byPage, ref.byPage);
          expectApprox(insight.topFriction, ref.topFriction);

          const before = refFrictionBefore(raw);
          const list = await get(site.secretKey, '/v1/responses?limit=200');
          expect(list.responses).toHaveLength(raw.responses.length);
          for (const item of list.responses) expect(item.friction, item.id).toEqual(before.get(item.id)!.friction);
        },
      ),
      { numRuns: propertyRuns(40) },
    );
  }, 120_000);
});
