import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAudienceAnswers } from '../src/db/backfill-audience-answers.js';
import { identifiedDatasetProperty } from './helpers/identified-dataset-property.js';
import { frictionTwins } from './helpers/friction-twins.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { untilCovered } from './helpers/until-covered.js';

// The audience counts (db/schema/audience-answers.ts) the writer keeps equal a count of the stored
// answers made afresh (the backfill's, db/backfill-audience-answers.ts, which reads each answer's
// traits, session returning flag, score, journey, friction and score last counted), and their
// friction counts under every answer ('') equal the friction cubes: whatever the identify
// calls, returning visitors, changed scores, late journeys and commit sizes. The reads over those
// counts are held to plain computations over raw rows by read-audience-insights-properties.test.ts.

const TABLES: [string, string][] = [
  ['audience_path_scores', 'sum(responses)'],
  ['audience_journey_rollups', 'sum(responses), sum(score_sum)'],
  ['audience_friction_rollups', 'sum(responses)'],
  ['audience_friction_page_rollups', 'sum(responses)'],
];

describe('the audience counts the writer keeps', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  const snapshot = (siteId: string) => {
    const db = t.app.db.$client;
    return TABLES.flatMap(([table, sums]) =>
      ['', '_daily', '_monthly'].map((grain) => {
        const cols = db
          .prepare(`SELECT name FROM pragma_table_info('${table}${grain}') WHERE pk > 0 ORDER BY pk`)
          .pluck()
          .all() as string[];
        const key = cols.map((c) => `"${c}"`).join(', ');
        return {
          table: `${table}${grain}`,
          rows: db
            .prepare(
              `SELECT ${key}, ${sums} FROM ${table}${grain} WHERE site_id = ? GROUP BY ${key} ` +
                `HAVING sum(responses) <> 0 ORDER BY ${key}`,
            )
            .raw()
            .all(siteId),
        };
      }),
    );
  };

  it('equal the stored answers counted afresh, however the commits fell', async () => {
    // Rows under a trait and of returning visitors must have been compared, not only the '' rows.
    const seen = { trait: false, returning: false, journey: false, friction: false, frictionPage: false };
    await untilCovered(
      () =>
        fc.assert(
          identifiedDatasetProperty(t, (siteId) => {
            const kept = snapshot(siteId);
            for (const { table, rows } of kept) {
              for (const r of rows as unknown[][]) {
                if (r[1] !== '') seen.trait = true;
                if (table.startsWith('audience_journey')) seen.journey = true;
                // A mask other than 0: an answer after friction (the mask is the key's seventh column).
                if (table.startsWith('audience_friction_rollups') && r[6] !== 0) seen.friction = true;
                if (table.startsWith('audience_friction_page')) seen.frictionPage = true;
              }
            }
            seen.returning ||=
              t.app.db.$client
                .prepare('SELECT 1 FROM audience_path_scores WHERE site_id = ? AND "returning" = 1')
                .get(siteId) !== undefined;
            for (const twin of frictionTwins(t.app.db.$client, siteId))
              expect(twin.audience, twin.table).toEqual(twin.cube);
            const db = t.app.db.$client;
            for (const [table] of TABLES)
              for (const grain of ['', '_daily', '_monthly']) db.prepare(`DELETE FROM ${table}${grain}`).run();
            countAudienceAnswers(db);
            expect(kept).toEqual(snapshot(siteId));
          }),
          { numRuns: 25 },
        ),
      () => Object.values(seen).every(Boolean),
    );
    expect(seen).toEqual({ trait: true, returning: true, journey: true, friction: true, frictionPage: true });
  }, 240_000);
});
