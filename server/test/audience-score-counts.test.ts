import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectOf } from '../src/db/sql-dialect.js';
import { identifiedDatasetProperty } from './helpers/identified-dataset-property.js';
import { migrationInserts } from './helpers/migration-inserts.js';
import { propertyRuns } from './helpers/property-runs.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { GRAINS, tieredCountSnapshot } from './helpers/tiered-count-snapshot.js';
import { untilCovered } from './helpers/until-covered.js';

// The answers by who gave them at three grains (db/schema/audience-score-counts.ts) the writer
// keeps equal trait_score_rollups summed afresh by the migration that added them (its SQL, on the
// engine under test): whatever the identify calls, returning visitors, merged answers and commit
// sizes. The reads over them are held to plain computations over raw rows by
// read-metrics-audience-properties.test.ts.

const KEY = ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'device', 'kind', 'score'];
const SUMS = ['responses', 'comments'];

describe('the audience score counts the writer keeps', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  // Rows whose counts went back to 0 (an answer whose score a merge changed) are no difference.
  const snapshot = (siteId: string) =>
    tieredCountSnapshot(t.app.db.$client, 'audience_score_counts', KEY, SUMS, siteId);

  it('equal trait_score_rollups summed afresh by the migration, at every grain', async () => {
    const db = t.app.db.$client;
    const statements = migrationInserts('audience_score_counts', dialectOf(db) === 'postgres');
    expect(statements).toHaveLength(3);
    // Rows under a trait and of returning visitors must have been compared, not only the '' rows.
    const seen = { trait: false, returning: false, answers: 0 };
    await untilCovered(
      () =>
        fc.assert(
          identifiedDatasetProperty(t, (siteId) => {
            const kept = snapshot(siteId);
            for (const r of kept[0]!.rows as unknown[][]) {
              if (r[1] !== '') seen.trait = true;
              if (Number(r[4]) === 1) seen.returning = true;
              seen.answers += Number(r[8]);
            }
            for (const grain of GRAINS) db.prepare(`DELETE FROM audience_score_counts${grain}`).run();
            for (const sql of statements) db.prepare(sql).run();
            expect(snapshot(siteId)).toEqual(kept);
          }),
          { numRuns: propertyRuns(25) },
        ),
      () => seen.trait && seen.returning && seen.answers > 0,
    );
    expect(seen.trait && seen.returning && seen.answers > 0).toBe(true);
  }, 240_000);
});
