import { randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAudienceAnswers } from '../src/db/backfill-audience-answers.js';
import { deleteSubjectRows } from '../src/features/erasure/erasure-store.js';
import { noRetentionCounts, retentionStore } from '../src/features/retention/retention-store.js';
import { frictionTwins } from './helpers/friction-twins.js';
import { identifiedDatasetProperty } from './helpers/identified-dataset-property.js';
import { ingestDataset } from './helpers/ingest-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { untilCovered } from './helpers/until-covered.js';

// The friction counts by who answered (db/schema/audience-answers.ts) through the writers that
// move the friction cubes or the answers, after random datasets with identify calls: friction met
// before an answer but delivered after it (a rage click, then a JavaScript error, each moving the
// answer to another mask and page row) equals the stored answers counted afresh; retention and
// erasure, which leave the friction cubes as they are (aggregates stay), leave these counts too;
// and throughout, their '' rows summed over new vs returning are the friction cubes' rows.

const TABLES = ['audience_friction_rollups', 'audience_friction_page_rollups'].flatMap((t) => [
  t,
  `${t}_daily`,
  `${t}_monthly`,
]);

interface Answer {
  display_id: string;
  session_id: string;
  created_at: number;
  path: string;
  friction_rage: number;
  friction_js_errors: number;
}

describe('the friction counts by who answered, through their writers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  const rows = (siteId: string) =>
    TABLES.map((table) =>
      t.app.db.$client
        .prepare(`SELECT * FROM ${table} WHERE site_id = ? AND responses <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`)
        .raw()
        .all(siteId),
    );

  /** The site's counts made afresh from its stored answers (the backfill's count). */
  const recounted = (siteId: string) => {
    const db = t.app.db.$client;
    const kept = rows(siteId);
    for (const table of TABLES) db.prepare(`DELETE FROM ${table} WHERE site_id = ?`).run(siteId);
    countAudienceAnswers(db, siteId, { answers: false, friction: true });
    const fresh = rows(siteId);
    return { kept, fresh };
  };

  const twinsHold = (siteId: string) => {
    for (const twin of frictionTwins(t.app.db.$client, siteId)) expect(twin.audience, twin.table).toEqual(twin.cube);
  };

  it('follow late friction, and stay through retention and erasure as the friction cubes do', async () => {
    const seen = { moved: 0, retired: 0, erased: 0 };
    await untilCovered(
      () =>
        fc.assert(
          identifiedDatasetProperty(t, (siteId) => {
            const db = t.app.db.$client;
            const answers = db
              .prepare(
                'SELECT display_id, session_id, created_at, path, friction_rage, friction_js_errors FROM responses ' +
                  'WHERE site_id = ? AND friction_score IS NOT NULL ORDER BY display_id',
              )
              .all(siteId) as Answer[];
            if (answers.length === 0) return;
            const a = answers[0]!;
            const session = db
              .prepare('SELECT device, browser, language FROM sessions WHERE site_id = ? AND session_id = ?')
              .get(siteId, a.session_id) as
              | { device: 'desktop' | 'mobile'; browser: string; language: string }
              | undefined;
            // Friction before the answer, delivered after it: a rage click on a page of its own, then
            // a JavaScript error, each its own commit.
            const base = {
              sessionId: a.session_id,
              url: 'https://shop.example/late',
              path: '/late',
              language: session?.language ?? 'en',
            };
            const late: LoupeEventInput[] = [
              {
                ...base,
                id: randomUUID(),
                ts: a.created_at - 2,
                type: 'click',
                kind: 'rage',
                selector: '#x',
                tag: 'button',
                x: 1,
                y: 2,
                count: 3,
              },
              {
                ...base,
                id: randomUUID(),
                ts: a.created_at - 1,
                type: 'error',
                message: 'late',
                errorType: 'Error',
                source: 'error',
              },
            ] as LoupeEventInput[];
            for (const event of late)
              ingestDataset(
                t.app,
                siteId,
                [{ event, device: session?.device ?? 'desktop', browser: session?.browser ?? 'chrome' }],
                1,
              );
            const after = db
              .prepare('SELECT friction_rage, friction_js_errors FROM responses WHERE site_id = ? AND display_id = ?')
              .get(siteId, a.display_id) as Pick<Answer, 'friction_rage' | 'friction_js_errors'>;
            if (after.friction_rage > a.friction_rage || after.friction_js_errors > a.friction_js_errors)
              seen.moved += 1;
            twinsHold(siteId);
            const { kept, fresh } = recounted(siteId);
            expect(kept).toEqual(fresh);

            // Retention deletes an answer, then a session; erasure a session's rows.
            const store = retentionStore(t.app.db);
            const last = answers[answers.length - 1]!;
            store.deleteResponses(
              siteId,
              [{ displayId: last.display_id, sessionId: last.session_id }],
              noRetentionCounts(),
            );
            seen.retired += 1;
            store.deleteSessions(siteId, [a.session_id], noRetentionCounts());
            const other = answers.find((x) => x.session_id !== a.session_id);
            if (other) {
              deleteSubjectRows(t.app.db, 'sessions', siteId, { sessions: [other.session_id] }, 100, {});
              seen.erased += 1;
            }
            expect(rows(siteId)).toEqual(fresh);
            twinsHold(siteId);
          }),
          { numRuns: 20 },
        ),
      () => seen.moved >= 3 && seen.retired >= 3 && seen.erased >= 3,
    );
    expect(seen.moved, JSON.stringify(seen)).toBeGreaterThanOrEqual(3);
    expect(seen.erased).toBeGreaterThanOrEqual(3);
  }, 240_000);
});
