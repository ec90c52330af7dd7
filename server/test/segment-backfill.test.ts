import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillSegmentSketches } from '../src/db/backfill-segment-sketches.js';
import { segmentSourceBackfillStatements } from '../src/db/cubes/segment-source-backfill.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { expectSameSketches, segmentSketches } from './helpers/segment-sketches.js';
import { datasetArb, datasetEvents } from './helpers/random-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Migration 0013 and the sketch backfill rebuild the segment rollups of a database that existed
// before them. Rebuilt from the same events, they must equal what ingestion derives as it goes.

const ROLLUPS = [
  'session_segment_rollups',
  'page_segment_rollups',
  'score_segment_rollups',
  'display_segment_rollups',
  'goal_segment_rollups',
];

type Row = Record<string, unknown>;

describe('segment rollups rebuilt by the migration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const db = () => t.app.db.$client;
  /** A table's rows with every counter non-zero (ingestion can leave zero rows behind), sorted. */
  function rows(table: string): Row[] {
    const all = db().prepare(`SELECT * FROM ${table}`).all() as Row[];
    return all
      .filter((r) =>
        Object.entries(r).some(([k, v]) => typeof v === 'number' && k !== 'hour' && k !== 'score' && v !== 0),
      )
      .map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v]),
        ),
      )
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  it('equal what ingestion derived, for random datasets', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(datasetArb, { minLength: 1, maxLength: 2 }), async (datasets) => {
        for (const d of datasets) {
          const site = createSite(t.app.db, { name: 'b', origins: [] });
          ingestDataset(t.app, site.siteId, datasetEvents(d, createDatasetPrompts(t.app, site.siteId)));
        }
        const ingested = Object.fromEntries(ROLLUPS.map((table) => [table, rows(table)]));
        const sessions = rows('sessions');
        const visits = rows('session_pages');
        const ingestedSketches = segmentSketches(t.app.db);
        expect(ingested.session_segment_rollups!.length).toBeGreaterThan(0);

        // The state just after migration 0012: new tables empty, new columns at their defaults.
        for (const table of [...ROLLUPS, 'visitor_segment_sketches']) db().exec(`DELETE FROM ${table}`);
        db().exec(
          "UPDATE sessions SET tracks = 0; UPDATE session_pages SET browser = '', language = ''; DELETE FROM settings",
        );
        for (const sql of segmentSourceBackfillStatements()) db().exec(sql);
        backfillSegmentSketches(t.app.db);

        for (const table of ROLLUPS) expect(rows(table), table).toEqual(ingested[table]);
        expect(rows('sessions')).toEqual(sessions);
        expect(rows('session_pages')).toEqual(visits);
        expectSameSketches(ingestedSketches, segmentSketches(t.app.db));
        // Done once: a second start does not add the sessions again.
        backfillSegmentSketches(t.app.db);
        expectSameSketches(ingestedSketches, segmentSketches(t.app.db));
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
