import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillMonthSketches } from '../src/db/backfill-month-sketches.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { hashVisitor, VisitorSketch } from '../src/lib/visitor-sketch.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetArb, datasetEvents } from './helpers/random-dataset.js';
import { expectSameSketches, segmentSketches } from './helpers/segment-sketches.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The monthly visitor sketches per segment, for a database whose days were stored before ingestion
// wrote months: rebuilt from the day sketches, they must equal what ingestion derives as it goes.

const DONE = "DELETE FROM settings WHERE key = 'backfill.visitor_segment_month_sketches'";

describe('monthly visitor sketches rebuilt from the days', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const sqlite = () => t.app.db.$client;

  it('equal what ingestion derived, for random datasets', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(datasetArb, { minLength: 1, maxLength: 3 }), async (datasets) => {
        for (const d of datasets) {
          const site = createSite(t.app.db, { name: 'm', origins: [] });
          ingestDataset(t.app, site.siteId, datasetEvents(d, createDatasetPrompts(t.app, site.siteId)));
        }
        const ingested = segmentSketches(t.app.db, 'month');
        expect(ingested.size).toBeGreaterThan(0);
        const others = segmentSketches(t.app.db, 'day');

        // A database from before the monthly tier: no month rows, the backfill not yet run.
        sqlite().exec(`DELETE FROM visitor_segment_sketches WHERE tier = 'month'; ${DONE}`);
        backfillMonthSketches(t.app.db);
        expectSameSketches(ingested, segmentSketches(t.app.db, 'month'));
        expectSameSketches(others, segmentSketches(t.app.db, 'day'));

        // Months that already have their rows come out the same (the merge is a union), and once
        // recorded as done the backfill does nothing.
        sqlite().exec(DONE);
        backfillMonthSketches(t.app.db);
        expectSameSketches(ingested, segmentSketches(t.app.db, 'month'));
      }),
      { numRuns: 10 },
    );
  }, 120_000);

  it('stores a month past the exact size exactly as ingestion would: dense registers, byte for byte', () => {
    const site = createSite(t.app.db, { name: 'dense', origins: [] });
    const insert = sqlite().prepare(
      'INSERT INTO visitor_segment_sketches (site_id, tier, start, device, browser, language, visitors, "returning") ' +
        "VALUES (?, 'day', ?, 'desktop', 'chrome', 'en', ?, ?)",
    );
    const march = Date.UTC(2025, 2, 1);
    const day = 86_400_000;
    const asIngested = { visitors: new VisitorSketch(), returning: new VisitorSketch() };
    // 31 days of 30 visitors each, one returning in three: each day stays exact, the month (930) does not.
    for (let d = 0; d < 31; d++) {
      const visitors = new VisitorSketch();
      const returning = new VisitorSketch();
      for (let v = 0; v < 30; v++) {
        const h = hashVisitor(`visitor:${d}-${v}`);
        visitors.add(h);
        asIngested.visitors.add(h);
        if (v % 3 === 0) {
          returning.add(h);
          asIngested.returning.add(h);
        }
      }
      insert.run(site.siteId, march + d * day, visitors.encode(), returning.encode());
    }
    // A day of April belongs to April's row, not March's.
    const april = new VisitorSketch();
    april.add(hashVisitor('visitor:april'));
    insert.run(site.siteId, Date.UTC(2025, 3, 1), april.encode(), new VisitorSketch().encode());
    sqlite().exec(DONE);
    backfillMonthSketches(t.app.db);

    const month = (start: number) =>
      sqlite()
        .prepare(
          'SELECT visitors, "returning" FROM visitor_segment_sketches WHERE site_id = ? AND tier = \'month\' AND start = ?',
        )
        .get(site.siteId, start) as { visitors: Buffer; returning: Buffer };
    const m = month(march);
    expect(VisitorSketch.decode(m.visitors).isExact).toBe(false);
    expect(m.visitors.equals(asIngested.visitors.encode())).toBe(true);
    expect(m.returning.equals(asIngested.returning.encode())).toBe(true);
    expect(VisitorSketch.decode(month(Date.UTC(2025, 3, 1)).visitors).estimate()).toBe(1);
  });
});
