import { randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectOf } from '../src/db/sql-dialect.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { migrationInserts } from './helpers/migration-inserts.js';
import { propertyRuns } from './helpers/property-runs.js';
import type { DatasetEvent } from './helpers/random-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { GRAINS, tieredCountSnapshot } from './helpers/tiered-count-snapshot.js';
import { answerEvents, answerStepArb, arrivalArbs, inArrivalOrder } from './helpers/task-answer-steps.js';
import { untilCovered } from './helpers/until-covered.js';

// The tasks by who the session is (db/schema/audience-task-counts.ts) the writer keeps, reading
// each touched session's runs and single-run answers before and after a commit, equal the stored
// runs and answer links counted afresh by the migration that added them (its SQL, on the engine
// under test), whatever order the events arrive in and however they are split into commits:
// identify calls that set, change or clear a session's traits after its runs were counted,
// returning visitors, outcomes and answers in later commits than their starts, changed scores.
// GET /v1/metrics/tasks over these counts is held to raw rows by read-tasks-properties.test.ts.

const RUN_KEY = ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'task', 'bucket'];
const SCORE_KEY = ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'task', 'outcome', 'kind', 'score'];
const ANCHOR = Date.UTC(2024, 2, 31, 22, 30); // a month's last hours: a run and its answer may fall in two months

const stepArb = fc.record({
  gapSec: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 2 * 3600 })),
  path: fc.constantFrom('/', '/cart', '/checkout'),
  what: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        type: fc.constant('task' as const),
        task: fc.constantFrom('checkout', 'checkout', 'signup'),
        action: fc.constantFrom('start', 'start', 'success', 'fail'),
      }),
    },
    { weight: 2, arbitrary: answerStepArb },
    {
      weight: 2,
      // Sets the session's traits (a plan, two traits, or none: cleared).
      arbitrary: fc.record({
        type: fc.constant('identify' as const),
        traits: fc.constantFrom({ plan: 'pro' }, { plan: 'free', seats: 3 }, {}),
      }),
    },
  ),
});

const datasetArb = fc.record({
  sessions: fc.array(
    fc.record({
      offsetMin: fc.integer({ min: -120, max: 120 }),
      // Sessions of one visitor after the first are returning.
      visitor: fc.integer({ min: 0, max: 2 }),
      device: fc.constantFrom('desktop', 'mobile'),
      steps: fc.array(stepArb, { minLength: 1, maxLength: 20 }),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  ...arrivalArbs,
  batch: fc.integer({ min: 1, max: 30 }),
});
type Dataset = typeof datasetArb extends fc.Arbitrary<infer T> ? T : never;

function events(d: Dataset, prompts: Record<'nps' | 'csat' | 'ces', string>): DatasetEvent[] {
  const out: DatasetEvent[] = [];
  d.sessions.forEach((s, i) => {
    let t = ANCHOR + s.offsetMin * 60_000 + i;
    for (const st of s.steps) {
      t += st.gapSec * 1000 + 7;
      const base = {
        ts: t,
        sessionId: `s${i}`,
        visitorId: `v${s.visitor}`,
        url: `https://shop.example${st.path}`,
        path: st.path,
        language: 'en',
      };
      const w = st.what;
      const push = (event: LoupeEventInput) => out.push({ event, device: s.device, browser: 'chrome' });
      if (w.type === 'task') {
        push({ ...base, id: randomUUID(), type: 'task', name: w.task, action: w.action });
        continue;
      }
      if (w.type === 'identify') {
        const who = Object.keys(w.traits).length > 0 ? { customerId: `c${i}`, traits: w.traits } : {};
        push({ ...base, id: randomUUID(), type: 'identify', ...who } as LoupeEventInput);
        continue;
      }
      for (const event of answerEvents(base, w, prompts)) push(event);
    }
  });
  return inArrivalOrder(out, d);
}

describe('the tasks by who the session is the writer keeps', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  const snapshot = (siteId: string) => {
    const db = t.app.db.$client;
    return {
      runs: tieredCountSnapshot(db, 'audience_task_counts', RUN_KEY, ['started', 'succeeded', 'failed'], siteId),
      scores: tieredCountSnapshot(db, 'audience_task_score_counts', SCORE_KEY, ['answers'], siteId),
    };
  };

  it('equal the stored runs and answer links counted afresh by the migration, in any arrival order and commits', async () => {
    const db = t.app.db.$client;
    const postgres = dialectOf(db) === 'postgres';
    const statements = migrationInserts('audience_task_counts', postgres);
    expect(statements).toHaveLength(8);
    // Rows under a trait, of returning sessions, timed successes and single-run answers must have
    // been compared, and a session identified after its runs were counted (moved whole).
    const seen = { trait: false, returning: false, timed: false, answers: false, moved: false };
    await untilCovered(
      () =>
        fc.assert(
          fc.property(datasetArb, (d) => {
            const site = createSite(t.app.db, { name: 't', origins: [] });
            ingestDataset(t.app, site.siteId, events(d, createDatasetPrompts(t.app, site.siteId)), d.batch);
            const kept = snapshot(site.siteId);
            for (const r of kept.runs[0]!.rows as unknown[][]) {
              if (r[1] !== '') seen.trait = true;
              if (Number(r[4]) === 1) seen.returning = true;
              if (Number(r[6]) !== -1) seen.timed = true;
            }
            if (kept.scores[0]!.rows.length > 0) seen.answers = true;
            if (
              d.sessions.some((s) => {
                const first = s.steps.findIndex((x) => x.what.type === 'task');
                return first >= 0 && s.steps.slice(first + 1).some((x) => x.what.type === 'identify');
              })
            )
              seen.moved = true;
            for (const table of ['audience_task_counts', 'audience_task_score_counts'])
              for (const grain of GRAINS) db.prepare(`DELETE FROM ${table}${grain}`).run();
            for (const sql of statements) db.prepare(sql).run();
            expect(snapshot(site.siteId)).toEqual(kept);
          }),
          { numRuns: propertyRuns(40) },
        ),
      () => Object.values(seen).every(Boolean),
    );
    expect(seen).toEqual({ trait: true, returning: true, timed: true, answers: true, moved: true });
  }, 300_000);
});
