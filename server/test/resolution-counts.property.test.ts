import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deleteSubjectRows } from '../src/features/erasure/erasure-store.js';
import { patchResponse } from '../src/features/responses/responses-store.js';
import { timeToResolveBucket } from '../src/features/responses/resolution-counts.js';
import { noRetentionCounts, retentionStore } from '../src/features/retention/retention-store.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { dayOf, hourOf, monthOf } from '../src/lib/hour-bucket.js';
import { afterBackfill, backfillStatements, nonZeroRows } from './helpers/backfill-check.js';
import { collect } from './helpers/collect.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import { DESKTOP_CHROME_UA, IPHONE_UA, response } from './helpers/events.js';
import { propertyRuns } from './helpers/property-runs.js';

// The resolution counts (db/schema/resolution-rollups.ts) against a recount from the answers left,
// after random sequences of every writer of an answer's state: resolving and reopening (PATCH),
// a later score or comment merged by ingestion, retention and erasure deleting the answer. The
// cube tiers must equal their hourly rows summed by UTC day and month.

const apps = engineApps();
const RESOLUTION_TABLES = ['resolution_rollups', 'resolution', 'resolution_client', 'resolution_segment'].flatMap(
  (t, i) => (i === 0 ? [t] : [`${t}_daily`, `${t}_monthly`]),
);
const HOUR = 3_600_000;
const DETRACTOR_MAX = { nps: 6, csat: 2, ces: 3 } as const;
/** A score on the kind's scale (SCORE_RANGES): NPS 0–10, CSAT 1–5, CES 1–7. */
const scoreOn = (kind: keyof typeof DETRACTOR_MAX, n: number) =>
  kind === 'nps' ? n : 1 + (n % (kind === 'csat' ? 5 : 7));
const KINDS = ['nps', 'csat', 'ces'] as const;

const answerArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  score: fc.integer({ min: 0, max: 10 }),
  comment: fc.option(fc.constantFrom('Slow', 'Broken checkout'), { nil: undefined }),
  path: fc.constantFrom('/cart', '/'),
  iphone: fc.boolean(),
  /** Hours before now the answer was given: within MAX_EVENT_AGE_MS, over several UTC days. */
  hoursAgo: fc.integer({ min: 2, max: 24 * 6 }),
});
// Resolving weighs most: a reopen, rescore or deletion changes the counts only of a resolved answer.
const opArb = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('resolve' as const),
      i: fc.nat(),
      afterMs: fc.integer({ min: -60_000, max: 9 * 86_400_000 }),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ op: fc.constant('reopen' as const), i: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant('rescore' as const),
      i: fc.nat(),
      score: fc.integer({ min: 0, max: 10 }),
      comment: fc.option(fc.constant('Still broken'), { nil: undefined }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('retire' as const), i: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('erase' as const), i: fc.nat() }), weight: 2 },
);

type Counts = Map<string, number>;
const add = (m: Counts, key: string, n: number) => m.set(key, (m.get(key) ?? 0) + n);
const nonZero = (m: Counts) => new Map([...m].filter(([, n]) => n !== 0));

interface Stored {
  created_at: number;
  resolved_at: number | null;
  kind: keyof typeof DETRACTOR_MAX;
  score: number;
  comment: string | null;
  path: string;
  device: string;
  browser: string;
  language: string;
}

describe.each(ENGINES)('resolution counts on %s', (engine) => {
  it('equal a recount of the answers after random resolve, reopen, rescore, retention and erasure', async () => {
    const t = await apps.create(engine);
    const db = t.app.db;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(answerArb, { minLength: 1, maxLength: 4 }),
          fc.array(opArb, { maxLength: 14 }),
          async (answers, ops) => {
            const site = createSite(db, { name: 'r', origins: ['https://shop.example'] });
            const now = Date.now();
            const ids = answers.map(() => randomUUID());
            const sessionOf = (i: number) => `s-${i}`;
            const uaOf = (i: number) => (answers[i]!.iphone ? IPHONE_UA : DESKTOP_CHROME_UA);
            for (const [i, a] of answers.entries()) {
              const res = await collect(
                t.app,
                {
                  key: site.publicKey,
                  events: [
                    response(ids[i]!, scoreOn(a.kind, a.score), {
                      kind: a.kind,
                      comment: a.comment,
                      path: a.path,
                      sessionId: sessionOf(i),
                      ts: now - a.hoursAgo * HOUR,
                    }),
                  ],
                },
                { 'user-agent': uaOf(i) },
              );
              expect(res.json(), res.body).toMatchObject({ accepted: 1 });
            }
            for (const o of ops) {
              const i = o.i % answers.length;
              if (o.op === 'resolve' || o.op === 'reopen') {
                const createdAt = now - answers[i]!.hoursAgo * HOUR;
                const status = o.op === 'resolve' ? 'resolved' : 'open';
                patchResponse(db, site.siteId, ids[i]!, { status }, o.op === 'resolve' ? createdAt + o.afterMs : now);
              } else if (o.op === 'rescore') {
                const kind = answers[i]!.kind;
                const res = await collect(
                  t.app,
                  {
                    key: site.publicKey,
                    events: [
                      response(ids[i]!, scoreOn(kind, o.score), {
                        kind,
                        comment: o.comment,
                        path: answers[i]!.path,
                        sessionId: sessionOf(i),
                        ts: now - answers[i]!.hoursAgo * HOUR + 1_000,
                      }),
                    ],
                  },
                  { 'user-agent': uaOf(i) },
                );
                expect(res.json(), res.body).toMatchObject({ accepted: 1 });
              } else if (o.op === 'retire') {
                retentionStore(db).deleteResponses(
                  site.siteId,
                  [{ displayId: ids[i]!, sessionId: sessionOf(i) }],
                  noRetentionCounts(),
                );
              } else {
                deleteSubjectRows(db, 'responses', site.siteId, { sessions: [sessionOf(i)] }, 100, {});
              }
            }

            // The recount: every resolved answer left, as the overview's raw statements read them.
            const stored = db.$client
              .prepare(
                'SELECT created_at, resolved_at, kind, score, comment, path, device, browser, language FROM responses WHERE site_id = ?',
              )
              .all(site.siteId) as Stored[];
            const expected: Counts = new Map();
            for (const r of stored) {
              if (r.resolved_at === null) continue;
              const seg = [r.path, r.device, r.browser, r.language].join('|');
              add(expected, `${hourOf(r.resolved_at)}|${seg}|${timeToResolveBucket(r.resolved_at - r.created_at)}`, 1);
              if (r.comment !== null && r.score <= DETRACTOR_MAX[r.kind])
                add(expected, `${hourOf(r.created_at)}|${seg}|-2`, 1);
            }
            const kept = db.$client
              .prepare(
                'SELECT hour, path, device, browser, language, bucket, answers FROM resolution_rollups WHERE site_id = ?',
              )
              .all(site.siteId) as (Record<string, string | number> & { hour: number; answers: number })[];
            const hourly: Counts = new Map();
            for (const k of kept)
              add(hourly, [k.hour, k.path, k.device, k.browser, k.language, k.bucket].join('|'), Number(k.answers));
            expect(nonZero(hourly)).toEqual(expected);

            // The migration's backfill (SQLite's spelling) counts the same answers into the same rows.
            if (engine === 'sqlite') {
              const read = () =>
                RESOLUTION_TABLES.map((table) => nonZeroRows(db.$client, table, site.siteId, ['answers']));
              expect(
                afterBackfill(db.$client, RESOLUTION_TABLES, backfillStatements('_resolution_counts.sql'), read),
              ).toEqual(read());
            }

            // Each cube tier: its hourly rows summed by UTC day and month.
            for (const [cube, dims] of [
              ['resolution', ['bucket']],
              ['resolution_client', ['device', 'browser', 'language', 'bucket']],
              ['resolution_segment', ['path', 'device', 'browser', 'language', 'bucket']],
            ] as const) {
              for (const [tier, startOf] of [
                ['daily', dayOf],
                ['monthly', monthOf],
              ] as const) {
                const want: Counts = new Map();
                for (const k of kept)
                  add(want, [startOf(Number(k.hour)), ...dims.map((d) => k[d])].join('|'), Number(k.answers));
                const got: Counts = new Map();
                const rows = db.$client
                  .prepare(`SELECT start, ${dims.join(', ')}, answers FROM ${cube}_${tier} WHERE site_id = ?`)
                  .all(site.siteId) as Record<string, string | number>[];
                for (const r of rows) add(got, [r.start, ...dims.map((d) => r[d])].join('|'), Number(r.answers));
                expect(nonZero(got), `${cube}_${tier}`).toEqual(nonZero(want));
              }
            }
          },
        ),
        { numRuns: propertyRuns(25) },
      );
    } finally {
      await t.close();
    }
  }, 240_000);
});
