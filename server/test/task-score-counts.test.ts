import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoupeEventInput } from '@loupe/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectOf } from '../src/db/sql-dialect.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { propertyRuns } from './helpers/property-runs.js';
import type { DatasetEvent } from './helpers/random-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { answerEvents, answerStepArb, arrivalArbs, inArrivalOrder } from './helpers/task-answer-steps.js';
import { untilCovered } from './helpers/until-covered.js';

// The score after an outcome the writer keeps (task_answer_links and task_score_rollups at three
// grains, derive/task-score-deltas.ts) equals the stored runs and answers linked afresh by the
// migration that added them (its SQL, on the engine under test), whatever order a session's events
// arrive in and however they are split into commits: an answer before its run's outcome, an outcome
// in a later commit than the answer, several runs of a task before one answer, changed scores.
// GET /v1/metrics/tasks over these counts is held to raw rows by read-tasks-properties.test.ts.

const KEY = ['site_id', 'hour', 'task', 'path', 'device', 'browser', 'language', 'outcome', 'kind', 'score'];
const LINK = [
  'site_id',
  'display_id',
  'run_id',
  'session_id',
  'task',
  'hour',
  'path',
  'device',
  'browser',
  'language',
  'outcome',
  'ended_at',
  'kind',
  'score',
  'chained',
];
const GRAINS = ['', '_daily', '_monthly'];
const ANCHOR = Date.UTC(2024, 2, 31, 22, 30); // a month's last hours: a run and its answer may fall in two months

/** The migration's backfill statements, in the engine's own dialect. */
function backfill(postgres: boolean): string[] {
  const dir = path.join(import.meta.dirname, postgres ? '../drizzle-pg' : '../drizzle');
  const file = readdirSync(dir).find((f) => /^\d{4}_task_score_after\.sql$/.test(f))!;
  return readFileSync(path.join(dir, file), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.replace(/^--.*$/gm, '').trim())
    .filter((s) => s.startsWith('INSERT'));
}

const stepArb = fc.record({
  gapSec: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 2 * 3600 })),
  path: fc.constantFrom('/', '/cart', '/checkout'),
  what: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        type: fc.constant('task' as const),
        task: fc.constantFrom('checkout', 'checkout', 'checkout', 'signup'),
        action: fc.constantFrom('start', 'start', 'success', 'fail'),
      }),
    },
    { weight: 3, arbitrary: answerStepArb },
  ),
});

const datasetArb = fc.record({
  sessions: fc.array(
    fc.record({
      offsetMin: fc.integer({ min: -120, max: 120 }),
      device: fc.constantFrom('desktop', 'mobile'),
      browser: fc.constantFrom('chrome', 'safari'),
      steps: fc.array(stepArb, { minLength: 1, maxLength: 24 }),
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
      const base = { ts: t, sessionId: `s${i}`, url: `https://shop.example${st.path}`, path: st.path, language: 'en' };
      const w = st.what;
      const push = (event: LoupeEventInput) => out.push({ event, device: s.device, browser: s.browser });
      if (w.type === 'task') {
        push({ ...base, id: randomUUID(), type: 'task', name: w.task, action: w.action });
        continue;
      }
      for (const event of answerEvents(base, w, prompts)) push(event);
    }
  });
  return inArrivalOrder(out, d);
}

describe('the score after an outcome the writer keeps', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  const normal = (rows: unknown[]) =>
    rows.map((r) => (r as unknown[]).map((v) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v)));
  // Rows whose count went back to 0 (an answer that moved to another run or score) are no difference.
  const snapshot = (siteId: string): Record<string, unknown[][]> => {
    const db = t.app.db.$client;
    return {
      links: normal(
        db
          .prepare(`SELECT ${LINK.join(', ')} FROM task_answer_links WHERE site_id = ? ORDER BY display_id, run_id`)
          .raw()
          .all(siteId),
      ),
      ...Object.fromEntries(
        GRAINS.map((grain) => [
          `task_score_rollups${grain}`,
          normal(
            db
              .prepare(
                `SELECT ${KEY.join(', ')}, sum(answers) FROM task_score_rollups${grain} WHERE site_id = ? ` +
                  `GROUP BY ${KEY.join(', ')} HAVING sum(answers) <> 0 ORDER BY ${KEY.join(', ')}`,
              )
              .raw()
              .all(siteId),
          ),
        ]),
      ),
    };
  };

  it('equal the stored runs and answers linked afresh by the migration, in any arrival order and commits', async () => {
    const db = t.app.db.$client;
    const statements = backfill(dialectOf(db) === 'postgres');
    expect(statements).toHaveLength(4);
    // Counted rows and chained links must both have been compared, not only empty tables.
    const seen = { counted: false, chained: false };
    await untilCovered(
      () =>
        fc.assert(
          fc.property(datasetArb, (d) => {
            const site = createSite(t.app.db, { name: 't', origins: [] });
            ingestDataset(t.app, site.siteId, events(d, createDatasetPrompts(t.app, site.siteId)), d.batch);
            const kept = snapshot(site.siteId);
            if (kept.task_score_rollups!.length > 0) seen.counted = true;
            if (kept.links!.some((l) => l[14] === 1)) seen.chained = true;
            db.prepare('DELETE FROM task_answer_links').run();
            for (const grain of GRAINS) db.prepare(`DELETE FROM task_score_rollups${grain}`).run();
            for (const sql of statements) db.prepare(sql).run();
            expect(snapshot(site.siteId)).toEqual(kept);
          }),
          { numRuns: propertyRuns(40) },
        ),
      () => seen.counted && seen.chained,
    );
    expect(seen).toEqual({ counted: true, chained: true });
  }, 240_000);
});
