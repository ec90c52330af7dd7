import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectOf } from '../src/db/sql-dialect.js';
import { AudiencePageRateDeltas } from '../src/features/ingest/derive/audience-page-rate-deltas.js';
import { countingExecutions } from './helpers/counting-executions.js';
import { migrationInserts, migrationUpdates } from './helpers/migration-inserts.js';
import { propertyRuns } from './helpers/property-runs.js';
import { identifiedDatasetProperty } from './helpers/identified-dataset-property.js';
import { datasetArb, DST_ANCHORS, sessionArb } from './helpers/random-dataset.js';
import { errorful } from './helpers/errorful-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { GRAINS, tieredCountSnapshot } from './helpers/tiered-count-snapshot.js';
import { untilCovered } from './helpers/until-covered.js';

// The audience page rates (db/schema/audience-page-rates.ts) the writer keeps, reading each session
// before and after a commit, equal the stored sessions counted afresh by the migration that added
// them (its SQL, on the engine under test): whatever the identify calls (traits set after the first
// page views, changed, cleared), returning visitors and commit sizes. The reads over these counts
// are held to plain computations over raw rows by read-metrics-audience-properties.test.ts.

const KEY = ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'path'];
const SUMS = [
  'visits',
  'pageviews',
  'js_errors',
  'scroll_sum',
  'entries',
  'engaged_entries',
  'multi_page_entries',
  'errored',
];

describe('the audience page rates the writer keeps', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  // Scroll sums are added as differences of reals: compared to 6 places. Rows whose counts all went
  // back to 0 (a session that moved to other traits) are no difference.
  const snapshot = (siteId: string) =>
    tieredCountSnapshot(
      t.app.db.$client,
      'audience_page_rates',
      KEY,
      SUMS,
      siteId,
      (c) => `round(CAST(sum(${c}) AS NUMERIC), 6)`,
    );

  it('equal the stored sessions counted afresh by the migration, however the commits fell', async () => {
    const db = t.app.db.$client;
    const pg = dialectOf(db) === 'postgres';
    // The counts of visits with an error came later: their migration recounts them after the inserts.
    const errored = migrationUpdates('audience_errors', 'audience_page_rates', pg);
    expect(errored).toHaveLength(3);
    const statements = [...migrationInserts('audience_page_rates', pg), ...errored];
    expect(statements).toHaveLength(9);
    // Rows under a trait, of returning visitors and with errors must have been compared, not only the '' rows.
    const seen = { trait: false, returning: false, errored: false };
    await untilCovered(
      () =>
        fc.assert(
          identifiedDatasetProperty(
            t,
            (siteId) => {
              const kept = snapshot(siteId);
              for (const { rows } of kept) {
                for (const r of rows as unknown[][]) {
                  if (r[1] !== '') seen.trait = true;
                  if (Number(r[4]) === 1) seen.returning = true;
                  if (Number(r[KEY.length + SUMS.indexOf('errored')]) > 0) seen.errored = true;
                }
              }
              for (const grain of GRAINS) db.prepare(`DELETE FROM audience_page_rates${grain}`).run();
              for (const sql of statements) db.prepare(sql).run();
              expect(snapshot(siteId)).toEqual(kept);
            },
            errorful(datasetArb),
          ),
          { numRuns: propertyRuns(25) },
        ),
      () => seen.trait && seen.returning && seen.errored,
    );
    expect(seen).toEqual({ trait: true, returning: true, errored: true });
  }, 240_000);

  // Each execution is a round trip on PostgreSQL, where the writer's connection is the synchronous
  // facade: reads per touched session made a commit's cost grow with its sessions.
  // fast-check leans to short arrays: three runs of 1–10 sessions were all of three or fewer once, so
  // the runs here draw 5–10 sessions, and the count is checked against more than a handful.
  const severalSessions = fc.record({
    anchor: fc.constantFrom(...DST_ANCHORS),
    sessions: fc.array(sessionArb, { minLength: 5, maxLength: 10 }),
  });
  it('read the touched sessions in six statements before the writes and six after, however many', () => {
    const { db, executions } = countingExecutions(t.app.db.$client);
    let most = 0;
    fc.assert(
      identifiedDatasetProperty(
        t,
        (siteId) => {
          const sessions = t.app.db.$client
            .prepare('SELECT session_id FROM sessions WHERE site_id = ?')
            .pluck()
            .all(siteId) as string[];
          most = Math.max(most, sessions.length);
          const deltas = new AudiencePageRateDeltas(db);
          for (const id of sessions) deltas.touch(siteId, id);
          const before = executions();
          // Nothing written in between: no difference, so no upsert either.
          deltas.before();
          deltas.apply();
          // Sessions, visits, traits, goals, and the tasks' runs and links (audience-task-deltas.ts).
          expect(executions() - before).toBe(12);
        },
        severalSessions,
      ),
      { numRuns: 3 },
    );
    expect(most).toBeGreaterThan(3);
    // Three datasets ingested on PostgreSQL outlast the default 5 s on a loaded machine.
  }, 60_000);
});
