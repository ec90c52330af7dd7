import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetArb, datasetEvents } from './helpers/random-dataset.js';
import { propertyRuns } from './helpers/property-runs.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// visitor_cohorts.returned_ts (derive/visitor-returned.ts), which the retention of returning
// visitors reads instead of the range's sessions, against a recount from the sessions table: the
// latest start of each visitor's returning sessions. Events arrive in any order (a late event moves
// a stored session's start earlier; a visitor's earlier session stored after a later one), split
// into commits anywhere; then a session is erased and the retention job deletes what its window no
// longer covers, and the rows still match.

const DAY = 86_400_000;

describe('visitor_cohorts.returned_ts against a recount from the sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  /** Each visitor's kept value and the recount, side by side. */
  function kept(siteId: string) {
    return t.app.db.$client
      .prepare(
        'SELECT c.visitor_id AS visitor, c.returned_ts AS kept, (SELECT max(s.first_ts) FROM sessions s ' +
          'WHERE s.site_id = c.site_id AND s.visitor_id = c.visitor_id AND s."returning" = 1) AS recount ' +
          'FROM visitor_cohorts c WHERE c.site_id = ? ORDER BY c.visitor_id',
      )
      .all(siteId) as { visitor: string; kept: number | null; recount: number | null }[];
  }
  const expectKept = (siteId: string) => {
    const rows = kept(siteId);
    // Numbers from both engines (PostgreSQL's bigint arrives as a number through the facade too).
    expect(rows.map((r) => ({ ...r, kept: r.kept === null ? null : Number(r.kept) }))).toEqual(
      rows.map((r) => ({ ...r, kept: r.recount === null ? null : Number(r.recount) })),
    );
    return rows;
  };

  it('equals the recount under any arrival order and commit split, after an erasure and the retention job', async () => {
    let returningSeen = 0;
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        // A sort key per event: the arrival order.
        fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
        // Commit sizes, cycled.
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        // Where the retention job's cutoff falls among the sessions (they start within 3 days of the anchor).
        fc.integer({ min: -3 * 24, max: 3 * 24 }),
        async (dataset, keys, sizes, pick, cutoffHours) => {
          const site = createSite(t.app.db, { name: 'p', origins: [], rawEventsDays: 8 });
          const prompts = createDatasetPrompts(t.app, site.siteId);
          const events = datasetEvents(dataset, prompts);
          const arrival = events
            .map((e, i) => ({ e, key: keys[i % keys.length]! * 1000 + i }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.e);
          for (let i = 0, k = 0; i < arrival.length; k++) {
            const n = sizes[k % sizes.length]!;
            ingestDataset(t.app, site.siteId, arrival.slice(i, i + n), n);
            i += n;
          }
          const rows = expectKept(site.siteId);
          returningSeen += rows.filter((r) => r.recount !== null).length;

          // A returning session erased: its visitor stays, with their other sessions.
          const returning = t.app.db.$client
            .prepare('SELECT session_id FROM sessions WHERE site_id = ? AND "returning" = 1 ORDER BY session_id')
            .pluck()
            .all(site.siteId) as string[];
          if (returning.length > 0) {
            const sessionId = returning[pick % returning.length]!;
            const res = await t.app.inject({
              method: 'DELETE',
              url: `/v1/sessions/${sessionId}`,
              headers: { authorization: `Bearer ${site.secretKey}` },
            });
            expect(res.statusCode).toBe(200);
            expectKept(site.siteId);
          }

          // The retention job, its cutoff (8 days before `now`) among the sessions.
          await t.app.retention.runOnce(dataset.anchor + 8 * DAY + cutoffHours * 3_600_000);
          expectKept(site.siteId);
        },
      ),
      { numRuns: propertyRuns(20) },
    );
    // The property is about something: returning visitors were kept.
    expect(returningSeen).toBeGreaterThan(0);
  }, 600_000);
});
