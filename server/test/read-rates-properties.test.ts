import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetArb, datasetEvents, type Dataset, monthsDatasetArb } from './helpers/random-dataset.js';
import { errorful } from './helpers/errorful-dataset.js';
import { datasetRange, monthsRangeArb, rangeArb } from './helpers/reference/filters-arb.js';
import { loadRaw } from './helpers/reference/raw-rows.js';
import { refBuckets, refDefaultInterval, refPeriod } from './helpers/reference/reference-range.js';
import { refEngagement, refErrorRate, refPlainClicks } from './helpers/reference/reference-rates.js';
import { refClicks } from './helpers/reference/reference-signals.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { propertyRuns } from './helpers/property-runs.js';

// The rates routes against plain computations over the raw rows, across DST changes and zones
// with :30 offsets, ingested in commits of 4 events, so a session's errors, engagement and visits
// are nearly always spread over several commits. Each property runs on ranges of days around DST
// changes (hourly and daily grains) and on ranges of weeks to months across UTC and local month
// boundaries (the monthly grain, whole or minus its uncovered days, and series folded in one read).

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
/**
 * Segment filters, or none half the time: a request without one reads the tables without the
 * visitor segment (db/schema/rate-totals.ts), which three optional filters would rarely give.
 */
const segmentOrNone = <T extends object>(a: fc.Arbitrary<T>) => fc.oneof(fc.constant({} as Partial<T>), a);

const SHAPES = [
  {
    shape: 'days around DST changes',
    dataset: datasetArb,
    range: rangeArb,
    interval: fc.option(fc.constantFrom('hour', 'day', 'week', 'month'), { nil: undefined }),
    runs: 1,
  },
  {
    shape: 'weeks to months across month boundaries',
    dataset: monthsDatasetArb,
    range: monthsRangeArb,
    interval: fc.option(fc.constantFrom('day', 'week', 'month'), { nil: undefined }),
    runs: 0.6,
  },
] as const;

function seeded(app: App, dataset: Dataset) {
  const site = createSite(app.db, { name: 's', origins: [] });
  ingestDataset(app, site.siteId, datasetEvents(dataset, createDatasetPrompts(app, site.siteId)), 4);
  return site;
}

const defined = (o: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, string>;

describe('error rate, engagement and ordinary clicks against reference computations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  const get = async (secret: string, url: string) => {
    const res = await t.app.inject({ url, headers: { authorization: `Bearer ${secret}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  describe.each(SHAPES)('$shape', (shape) => {
    it('GET /v1/metrics/error-rate', async () => {
      await fc.assert(
        fc.asyncProperty(
          errorful(shape.dataset),
          shape.range,
          shape.interval,
          segmentOrNone(
            fc.record({
              device: opt(fc.constantFrom('desktop', 'mobile')),
              browser: opt(fc.constantFrom('chrome', 'safari')),
              language: opt(fc.constantFrom('en', 'de')),
            }),
          ),
          fc.oneof(
            fc.record({
              path: opt(fc.constantFrom('/', '/cart')),
              by: opt(fc.constantFrom('page', 'device', 'browser')),
            }),
            fc.record({
              release: opt(fc.constantFrom('1.0', '', '2.0')),
              by: opt(fc.constantFrom('release', 'language')),
            }),
          ),
          async (dataset, r, interval, segment, shape) => {
            const site = seeded(t.app, dataset);
            const { qs, fromHour, toHour } = datasetRange(dataset, r);
            const f = { ...segment, ...shape } as Record<string, string | undefined>;
            const body = await get(
              site.secretKey,
              `/v1/metrics/error-rate?${new URLSearchParams({ ...qs, ...defined({ ...f, interval }), limit: '200' })}`,
            );
            const used = interval ?? refDefaultInterval(fromHour, toHour);
            const buckets = refBuckets(fromHour, toHour, r.tz, used);
            const ref = refErrorRate(loadRaw(t.app, site.siteId), buckets, fromHour, toHour, f, f.by as never);
            expect(body.interval).toBe(used);
            expect(body.total).toEqual(ref.total);
            expect(body.series).toEqual(buckets.map((b, i) => ({ ...refPeriod(b), ...ref.series[i] })));
            if (ref.groups) {
              expect(body.by).toBe(f.by);
              const got = new Map(body.groups.map((g: { key: string }) => [g.key, g]));
              const want = [...ref.groups].filter(([, g]) => g.sessions > 0 || g.errorSessions > 0);
              expect(body.totalGroups).toBe(want.length);
              for (const [key, g] of want) expect(got.get(key)).toEqual({ key, ...g });
              const order = body.groups.map((g: { errorSessions: number }) => g.errorSessions);
              expect(order).toEqual([...order].sort((a, b) => b - a));
            } else expect(body.groups).toBeUndefined();
          },
        ),
        { numRuns: propertyRuns(30 * shape.runs) },
      );
    }, 120_000);

    it('GET /v1/metrics/engagement: mean exact, median within the histogram’s 5 %', async () => {
      await fc.assert(
        fc.asyncProperty(
          shape.dataset,
          shape.range,
          shape.interval,
          segmentOrNone(
            fc.record({
              device: opt(fc.constantFrom('desktop', 'mobile')),
              language: opt(fc.constantFrom('en', 'de')),
            }),
          ),
          async (dataset, r, interval, f) => {
            const site = seeded(t.app, dataset);
            const { qs, fromHour, toHour } = datasetRange(dataset, r);
            const body = await get(
              site.secretKey,
              `/v1/metrics/engagement?${new URLSearchParams({ ...qs, ...defined({ ...f, interval }) })}`,
            );
            const raw = loadRaw(t.app, site.siteId);
            const used = interval ?? refDefaultInterval(fromHour, toHour);
            const buckets = refBuckets(fromHour, toHour, r.tz, used);
            const check = (
              got: { sessions: number; meanMs: number | null; medianMs: number | null },
              a: number,
              b: number,
            ) => {
              const want = refEngagement(raw, a, b, f);
              expect(got.sessions).toBe(want.sessions);
              expect(got.meanMs).toBe(want.meanMs);
              if (want.medianMs === null) expect(got.medianMs).toBeNull();
              else expect(Math.abs(got.medianMs! - want.medianMs)).toBeLessThanOrEqual(want.medianMs * 0.05 + 1);
            };
            check(body.total, fromHour, toHour);
            expect(body.series.map((p: object) => ({ period: (p as { period: string }).period }))).toEqual(
              buckets.map((b) => ({ period: refPeriod(b).period })),
            );
            for (const [i, p] of body.series.entries()) check(p, buckets[i]!.start, buckets[i]!.end);
          },
        ),
        { numRuns: propertyRuns(30 * shape.runs) },
      );
    }, 120_000);

    it('GET /v1/clicks?kind=click: ordinary clicks per element, frustration beside', async () => {
      await fc.assert(
        fc.asyncProperty(
          shape.dataset,
          shape.range,
          fc.record({
            path: opt(fc.constantFrom('/', '/cart')),
            device: fc.option(fc.constantFrom('desktop', 'mobile'), { nil: undefined, freq: 1 }),
          }),
          async (dataset, r, f) => {
            const site = seeded(t.app, dataset);
            const { qs, fromHour, toHour } = datasetRange(dataset, r);
            const body = await get(
              site.secretKey,
              `/v1/clicks?${new URLSearchParams({ ...qs, ...defined(f), kind: 'click', limit: '500' })}`,
            );
            const raw = loadRaw(t.app, site.siteId);
            const want = refPlainClicks(raw, fromHour, toHour, defined(f));
            const frustration = refClicks(raw, fromHour, toHour, f);
            expect(body.totalGroups).toBe(want.size);
            for (const c of body.clicks) {
              const k = `${c.path} ${c.selector}`;
              const fr = frustration.get(k);
              expect(c).toEqual({
                path: c.path,
                selector: c.selector,
                events: want.get(k),
                clicks: want.get(k),
                rage: fr?.rage ?? 0,
                dead: fr?.dead ?? 0,
                error: fr?.error ?? 0,
              });
            }
            const counts = body.clicks.map((c: { events: number }) => c.events);
            expect(counts).toEqual([...counts].sort((a, b) => b - a));
          },
        ),
        { numRuns: propertyRuns(25 * shape.runs) },
      );
    }, 120_000);
  });
});
