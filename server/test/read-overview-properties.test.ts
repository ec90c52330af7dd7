import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchResponse } from '../src/features/responses/responses-store.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { expectApprox } from './helpers/approx.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetArb, datasetEvents } from './helpers/random-dataset.js';
import { loadRaw } from './helpers/reference/raw-rows.js';
import { refOverview } from './helpers/reference/reference-overview.js';
import { localDateOffset, refRangeHours } from './helpers/reference/reference-range.js';
import { definedOnly, filtersArb } from './helpers/reference/filters-arb.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { propertyRuns } from './helpers/property-runs.js';

/** The date `days` days after the first of the month after `date`'s (YYYY-MM-DD). */
function nextMonthPlus(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1, 1 + days);
  return d.toISOString().slice(0, 10);
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const change = (value: number | null, previous: number | null) => ({
  value,
  previous,
  change: value === null || previous === null ? null : r2(value - previous),
  changePercent:
    value === null || previous === null || previous === 0 ? null : r2(((value - previous) / Math.abs(previous)) * 100),
});

describe('GET /v1/metrics/overview against a reference computation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('matches every figure and its previous period for random data, resolutions and filters', async () => {
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        fc.constantFrom('UTC', 'America/New_York', 'Europe/Copenhagen', 'Asia/Kolkata'),
        fc.integer({ min: -3, max: 1 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.option(fc.integer({ min: 60_000, max: 4 * 86_400_000 }), { nil: undefined }), { maxLength: 30 }),
        filtersArb,
        fc.boolean(),
        async (dataset, zone, fromOff, span, resolutions, filters, wholeMonth) => {
          const site = createSite(t.app.db, { name: 'o', origins: [] });
          ingestDataset(t.app, site.siteId, datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId)));
          // Closing the loop on some answers, as PATCH /v1/responses/:id does at a later time.
          const answers = t.app.db.$client
            .prepare('SELECT display_id, created_at FROM responses WHERE site_id = ? ORDER BY created_at, display_id')
            .all(site.siteId) as { display_id: string; created_at: number }[];
          answers.forEach((a, i) => {
            if (resolutions[i] === undefined) return;
            patchResponse(t.app.db, site.siteId, a.display_id, { status: 'resolved' }, a.created_at + resolutions[i]);
          });

          // A whole UTC month and some days after it: read from the monthly and daily tiers.
          const tz = wholeMonth ? 'UTC' : zone;
          const from = wholeMonth
            ? `${localDateOffset(dataset.anchor, 0, tz).slice(0, 7)}-01`
            : localDateOffset(dataset.anchor, fromOff, tz);
          const to = wholeMonth ? nextMonthPlus(from, span) : localDateOffset(dataset.anchor, fromOff + span, tz);
          const qs = new URLSearchParams({ tz, from, to, ...definedOnly(filters) });
          const res = await t.app.inject({
            url: `/v1/metrics/overview?${qs}`,
            headers: { authorization: `Bearer ${site.secretKey}` },
          });
          expect(res.statusCode, res.body).toBe(200);
          const body = res.json();
          const { fromHour, toHour } = refRangeHours(from, to, tz);
          const prevFrom = 2 * fromHour - toHour;
          expect(body.previousRange).toMatchObject({
            from: new Date(prevFrom).toISOString(),
            to: new Date(fromHour).toISOString(),
          });
          const raw = loadRaw(t.app, site.siteId);
          const now = refOverview(raw, fromHour, toHour, filters);
          const prev = refOverview(raw, prevFrom, fromHour, filters);
          const [n, p, g1, g0] = [now.figures, prev.figures, now.goals, prev.goals];
          const { range: _r, previousRange: _p, goals: _g, ...figures } = body;
          expect(Object.keys(figures).sort()).toEqual(Object.keys(n).sort());
          for (const key of Object.keys(n) as (keyof typeof n)[])
            expectApprox(body[key], change(n[key], p[key]), 0.011, key);
          const names = [...new Set([...g1.keys(), ...g0.keys()])].sort();
          expectApprox(
            body.goals,
            names.map((name) => ({
              name,
              conversions: change(g1.get(name) ?? 0, g0.get(name) ?? 0),
              conversionRate: change(
                now.startedSessions ? r2((100 * (g1.get(name) ?? 0)) / now.startedSessions) : null,
                prev.startedSessions ? r2((100 * (g0.get(name) ?? 0)) / prev.startedSessions) : null,
              ),
            })),
          );
        },
      ),
      { numRuns: propertyRuns(40) },
    );
  }, 120_000);
});
