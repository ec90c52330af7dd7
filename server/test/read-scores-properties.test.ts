import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { expectApprox } from './helpers/approx.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetArb, datasetEvents } from './helpers/random-dataset.js';
import { loadRaw } from './helpers/reference/raw-rows.js';
import { localDateOffset, refRangeHours } from './helpers/reference/reference-range.js';
import { refScores } from './helpers/reference/reference-scores.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { propertyRuns } from './helpers/property-runs.js';

// Every score aggregate equals a plain computation over the raw rows, for random datasets around
// DST changes, in zones with whole-hour offsets and in Asia/Kolkata (+5:30), where the promise is
// the midpoint rule: each UTC hour belongs to the local day of its midpoint.

const ZONES = ['UTC', 'America/New_York', 'Europe/Copenhagen', 'Asia/Kolkata'] as const;
const FILTERS = [
  {},
  { device: 'mobile' },
  { path: '/cart' },
  { language: 'de' },
  { prompt: 'nps' },
  { browser: 'safari' },
  { browser: 'firefox', path: '/' },
] as const;

describe('GET /v1/metrics/scores against a reference computation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('matches totals, series and groups for random data, zones, intervals and filters', async () => {
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        fc.constantFrom(...ZONES),
        fc.constantFrom('nps', 'csat', 'ces'),
        fc.constantFrom('day', 'week', 'month'),
        fc.constantFrom(...FILTERS),
        fc.option(fc.constantFrom('prompt', 'path', 'device', 'browser', 'language'), { nil: undefined }),
        fc.integer({ min: -4, max: 2 }),
        fc.integer({ min: 0, max: 6 }),
        async (dataset, tz, kind, interval, filters, groupBy, fromOff, span) => {
          const site = createSite(t.app.db, { name: 'p', origins: [] });
          const prompts = createDatasetPrompts(t.app, site.siteId);
          ingestDataset(t.app, site.siteId, datasetEvents(dataset, prompts));
          // The prompt filter names the dataset's NPS prompt (an unknown id for the other kinds).
          const filter: Record<string, string> = 'prompt' in filters ? { prompt: prompts.nps } : { ...filters };
          const from = localDateOffset(dataset.anchor, fromOff, tz);
          const to = localDateOffset(dataset.anchor, fromOff + span, tz);
          const qs = new URLSearchParams({ kind, tz, interval, from, to, ...filter, ...(groupBy ? { groupBy } : {}) });
          const res = await t.app.inject({
            url: `/v1/metrics/scores?${qs}`,
            headers: { authorization: `Bearer ${site.secretKey}` },
          });
          expect(res.statusCode, res.body).toBe(200);
          const body = res.json();

          const { fromHour, toHour } = refRangeHours(from, to, tz);
          expect(body.range).toEqual({
            from: new Date(fromHour).toISOString(),
            to: new Date(toHour).toISOString(),
            tz,
          });
          const ref = refScores(
            loadRaw(t.app, site.siteId),
            { kind, fromHour, toHour, tz, interval, filters: filter, groupBy },
            [prompts[kind]],
          );
          expectApprox(body.total, ref.total);
          expectApprox(body.series, ref.series);
          if (groupBy) {
            const byKey = (xs: { key: string }[]) => [...xs].sort((a, b) => (a.key < b.key ? -1 : 1));
            expectApprox(byKey(body.groups), byKey(ref.groups as { key: string }[]));
          } else {
            expect(body.groups).toBeUndefined();
          }
        },
      ),
      { numRuns: propertyRuns(60) },
    );
  }, 120_000);
});
