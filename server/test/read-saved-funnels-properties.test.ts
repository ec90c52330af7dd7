import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { DST_ANCHORS, datasetEvents, sessionArb } from './helpers/random-dataset.js';
import { loadRaw } from './helpers/reference/raw-rows.js';
import { refFunnelWalks } from './helpers/reference/reference-funnels.js';
import { localDateOffset, refRangeHours } from './helpers/reference/reference-range.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { untilCovered } from './helpers/until-covered.js';

// A saved funnel read from the counts kept at ingest against the plain walk of every session's raw
// events. The funnel is saved before the events (the writer counts them), after them (the
// background count does), or between two halves of them (both, on overlapping sessions).

const stepArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('/', '/cart', '/checkout', '/c*', '/*t', '/cart/') },
  { weight: 2, arbitrary: fc.constantFrom('track:purchase', 'track:signup') },
  { weight: 1, arbitrary: fc.constant('/nowhere') },
);
const busyDataset = fc.record({
  anchor: fc.constantFrom(...DST_ANCHORS),
  sessions: fc.array(sessionArb, { minLength: 5, maxLength: 14 }),
});
const ZONES = ['UTC', 'America/New_York', 'Europe/Copenhagen', 'Asia/Kolkata', 'Australia/Lord_Howe'] as const;

/** The lower middle of the values (nearest-rank median), as the counts' histogram reads it. */
const lowerMiddle = (xs: number[]) => {
  if (xs.length === 0) return null;
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.ceil(v.length / 2) - 1]!;
};
const pct = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 100);

/** Within the histogram's 5 % relative accuracy (and a millisecond of rounding). */
function expectNear(got: number | null, want: number | null, what: string) {
  if (want === null) return expect(got, what).toBeNull();
  expect(got, what).not.toBeNull();
  expect(Math.abs(got! - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(want * 0.05 + 1);
}

describe('GET /v1/funnels/saved/:id against the raw events', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('counts kept at ingest and by the background count match a plain walk (DST zones, any range, saved before, after or between)', async () => {
    let entered = 0;
    let converted = 0;
    await untilCovered(
      () =>
        fc.assert(
          fc.asyncProperty(
            busyDataset,
            fc.constantFrom(...ZONES),
            fc.array(stepArb, { minLength: 2, maxLength: 5 }),
            fc.constantFrom('before', 'after', 'between'),
            fc.integer({ min: -4, max: 1 }),
            fc.integer({ min: 0, max: 40 }),
            fc.integer({ min: 1, max: 40 }),
            async (dataset, tz, steps, when, fromOff, span, batch) => {
              const site = createSite(t.app.db, { name: 's', origins: [] });
              const auth = { authorization: `Bearer ${site.secretKey}` };
              const events = datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId));
              const save = async () => {
                const res = await t.app.inject({
                  method: 'POST',
                  url: '/v1/funnels/saved',
                  headers: auth,
                  payload: { name: 'f', steps },
                });
                expect(res.statusCode, res.body).toBe(201);
                return res.json().id as string;
              };
              let id: string | undefined;
              if (when === 'before') id = await save();
              const half = when === 'between' ? Math.floor(events.length / 2) : events.length;
              ingestDataset(t.app, site.siteId, events.slice(0, half), batch);
              if (when !== 'before') id = await save();
              ingestDataset(t.app, site.siteId, events.slice(half), batch);
              await t.app.savedFunnelBackfill.idle();

              const from = localDateOffset(dataset.anchor, fromOff, tz);
              const to = localDateOffset(dataset.anchor, fromOff + span, tz);
              const res = await t.app.inject({
                url: `/v1/funnels/saved/${id}?${new URLSearchParams({ tz, from, to })}`,
                headers: auth,
              });
              expect(res.statusCode, res.body).toBe(200);
              const body = res.json();
              expect(body.answeredFrom).toBe('counts');
              const { fromHour, toHour } = refRangeHours(from, to, tz);
              const walks = refFunnelWalks(loadRaw(t.app, site.siteId), steps, fromHour, toHour);
              const reached = steps.map((_, k) => walks.filter((w) => w.length > k));
              expect(body.steps.map((s: { entered: number }) => s.entered)).toEqual(reached.map((r) => r.length));
              expect(body.completionRate).toEqual(pct(reached[steps.length - 1]!.length, walks.length));
              for (let k = 0; k + 1 < steps.length; k++) {
                const gaps = reached[k + 1]!.map((w) => w[k + 1]! - w[k]!);
                expect(body.steps[k].converted).toBe(gaps.length);
                expectNear(body.steps[k].medianMsToNext, lowerMiddle(gaps), `step ${k + 1} median`);
              }
              const totals = reached[steps.length - 1]!.map((w) => w[w.length - 1]! - w[0]!);
              expectNear(body.medianMsToComplete, lowerMiddle(totals), 'median to complete');
              entered += walks.length;
              converted += reached[1]!.length;
            },
          ),
          // Every run on both engines: the check below needs enough entries and conversions.
          { numRuns: 60 },
        ),
      () => converted > 5,
    );
    // The data must exercise the funnel, or the property proves little.
    expect(entered).toBeGreaterThan(20);
    expect(converted).toBeGreaterThan(5);
  }, 120_000);
});
