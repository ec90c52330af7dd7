import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { expectApprox } from './helpers/approx.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetArb, datasetEvents } from './helpers/random-dataset.js';
import { definedOnly, filtersArb } from './helpers/reference/filters-arb.js';
import { inRange, inSegment, loadRaw } from './helpers/reference/raw-rows.js';
import {
  localDateOffset,
  refBuckets,
  refDefaultInterval,
  refPeriod,
  refRangeHours,
} from './helpers/reference/reference-range.js';
import { refHeadline } from './helpers/reference/reference-overview.js';
import { refTraffic } from './helpers/reference/reference-traffic.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { propertyRuns } from './helpers/property-runs.js';

// The main graph's series: every headline figure per bucket equals the reference computation over
// the raw rows of that bucket, in DST and half-hour zones, for every interval and filter combination.

describe('GET /v1/metrics/timeseries against a reference computation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('matches every figure of every bucket for random data, zones, intervals and filters', async () => {
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        fc.constantFrom('UTC', 'America/New_York', 'Europe/Copenhagen', 'Asia/Kolkata'),
        fc.option(fc.constantFrom('hour', 'day', 'week', 'month'), { nil: undefined }),
        filtersArb,
        fc.integer({ min: -4, max: 2 }),
        fc.integer({ min: 0, max: 6 }),
        async (dataset, tz, interval, filters, fromOff, span) => {
          const site = createSite(t.app.db, { name: 't', origins: [] });
          ingestDataset(t.app, site.siteId, datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId)));
          const from = localDateOffset(dataset.anchor, fromOff, tz);
          const to = localDateOffset(dataset.anchor, fromOff + span, tz);
          const qs = new URLSearchParams({ tz, from, to, ...definedOnly(filters), ...(interval ? { interval } : {}) });
          const res = await t.app.inject({
            url: `/v1/metrics/timeseries?${qs}`,
            headers: { authorization: `Bearer ${site.secretKey}` },
          });
          expect(res.statusCode, res.body).toBe(200);
          const body = res.json();

          const { fromHour, toHour } = refRangeHours(from, to, tz);
          const used = interval ?? refDefaultInterval(fromHour, toHour);
          expect(body.interval).toBe(used);
          expect(body.range).toEqual({
            from: new Date(fromHour).toISOString(),
            to: new Date(toHour).toISOString(),
            tz,
          });
          const raw = loadRaw(t.app, site.siteId);
          const answers = raw.responses.filter(
            (r) => inSegment(r, filters) && (filters.path === undefined || r.path === filters.path),
          );
          const expected = refBuckets(fromHour, toHour, tz, used).map((b) => {
            const rs = answers.filter((r) => inRange(r.createdAt, b.start, b.end));
            return {
              ...refPeriod(b),
              ...refTraffic(raw, b.start, b.end, filters).get('')!,
              responses: rs.length,
              nps: refHeadline('nps', rs),
              csat: refHeadline('csat', rs),
              ces: refHeadline('ces', rs),
            };
          });
          expectApprox(body.points, expected);
        },
      ),
      { numRuns: propertyRuns(50) },
    );
  }, 120_000);
});
