import { randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { expectApprox } from './helpers/approx.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { DST_ANCHORS, type DatasetEvent } from './helpers/random-dataset.js';
import { HOUR, hourOf } from './helpers/reference/raw-rows.js';
import { localDateOffset, refBuckets, refPeriod, refRangeHours } from './helpers/reference/reference-range.js';
import { refSummary } from './helpers/reference/reference-scores.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Scores by who answered (trait filters, new vs returning, groupBy=trait.<name>) equal a plain
// computation over the generated answers: each answer carries the traits of its session's latest
// identify call before it, and is returning when its visitor had a session that started earlier.
// Around DST changes, in whole-hour zones and Asia/Kolkata.

const ZONES = ['UTC', 'America/New_York', 'Europe/Copenhagen', 'Asia/Kolkata'] as const;
type Traits = { plan: string; type?: string };

const sessionArb = fc.record({
  offsetMin: fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }),
  visitor: fc.option(fc.constantFrom('v1', 'v2', 'v3'), { nil: undefined }),
  device: fc.constantFrom('desktop', 'mobile'),
  // Identify calls at these steps (a clearing call has no traits).
  steps: fc.array(
    fc.oneof(
      { weight: 3, arbitrary: fc.record({ score: fc.integer({ min: 0, max: 10 }), comment: fc.boolean() }) },
      {
        weight: 1,
        arbitrary: fc.record({
          identify: fc.option(
            fc.record({
              plan: fc.constantFrom('pro', 'free'),
              type: fc.option(fc.constantFrom('b2b', 'b2c'), { nil: undefined }),
            }),
            { nil: null },
          ),
        }),
      },
    ),
    { minLength: 1, maxLength: 8 },
  ),
});

interface Answer {
  score: number;
  comment: string | null;
  ts: number;
  device: string;
  traits: Traits | null;
  returning: boolean;
}

type GenSession = typeof sessionArb extends fc.Arbitrary<infer T> ? T : never;

function build(sessions: readonly GenSession[], anchor: number, promptId: string) {
  const events: DatasetEvent[] = [];
  const answers: Answer[] = [];
  const firstTs = new Map<number, number>();
  for (const [i, s] of sessions.entries()) firstTs.set(i, anchor + s.offsetMin * 60_000 + i);
  sessions.forEach((s, i) => {
    let t = firstTs.get(i)!;
    const returning =
      s.visitor !== undefined &&
      sessions.some((o, j) => j !== i && o.visitor === s.visitor && firstTs.get(j)! < firstTs.get(i)!);
    const base = (ts: number) => ({
      id: randomUUID(),
      ts,
      sessionId: `s${i}`,
      url: 'https://shop.example/',
      path: '/',
      language: 'en',
      ...(s.visitor ? { visitorId: s.visitor } : {}),
    });
    const push = (event: LoupeEventInput) => events.push({ event, device: s.device, browser: 'chrome' });
    push({ ...base(t), type: 'pageview' });
    let traits: Traits | null = null;
    for (const st of s.steps) {
      t += 13 * 60_000;
      if ('identify' in st) {
        traits =
          st.identify === null
            ? null
            : { plan: st.identify.plan, ...(st.identify.type ? { type: st.identify.type } : {}) };
        push({ ...base(t), type: 'identify', ...(traits ? { customerId: `c${i}`, traits } : {}) });
      } else {
        const comment = st.comment ? 'thanks' : null;
        push({
          ...base(t),
          type: 'response',
          promptId,
          displayId: randomUUID(),
          kind: 'nps',
          score: st.score,
          ...(comment ? { comment } : {}),
        });
        answers.push({ score: st.score, comment, ts: t, device: s.device, traits, returning });
      }
    }
  });
  events.sort((a, b) => a.event.ts - b.event.ts);
  return { events, answers };
}

type Question = { trait?: Partial<Traits>; returning?: boolean; device?: string; groupBy?: 'plan' | 'type' };

const matches = (a: Answer, q: Question) =>
  (q.device === undefined || a.device === q.device) &&
  (q.returning === undefined || a.returning === q.returning) &&
  Object.entries(q.trait ?? {}).every(([k, v]) => a.traits?.[k as keyof Traits] === v);

const summary = (xs: Answer[]) =>
  refSummary(
    'nps',
    xs.map((a) => ({ score: a.score, comment: a.comment }) as never),
    0,
    0,
  );

describe('GET /v1/metrics/scores by audience, against a reference computation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('matches totals, series and trait groups for random identify calls, zones and filters', async () => {
    const questionArb: fc.Arbitrary<Question> = fc.record(
      {
        trait: fc.constantFrom(
          { plan: 'pro' },
          { plan: 'free' },
          { type: 'b2b' },
          { plan: 'pro', type: 'b2c' },
          { plan: 'gold' },
        ),
        returning: fc.boolean(),
        device: fc.constantFrom('mobile', 'desktop'),
        groupBy: fc.constantFrom('plan' as const, 'type' as const),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(sessionArb, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...DST_ANCHORS),
        fc.constantFrom(...ZONES),
        fc.constantFrom('day', 'week'),
        questionArb,
        fc.integer({ min: -4, max: 1 }),
        fc.integer({ min: 1, max: 6 }),
        async (sessions, anchor, tz, interval, q, fromOff, span) => {
          const site = createSite(t.app.db, { name: 'p', origins: [] });
          const prompts = createDatasetPrompts(t.app, site.siteId);
          const { events, answers } = build(sessions, anchor, prompts.nps);
          ingestDataset(t.app, site.siteId, events);
          const from = localDateOffset(anchor, fromOff, tz);
          const to = localDateOffset(anchor, fromOff + span, tz);
          const qs = new URLSearchParams({ kind: 'nps', tz, interval, from, to });
          for (const [k, v] of Object.entries(q.trait ?? {})) qs.set(`trait.${k}`, v);
          if (q.returning !== undefined) qs.set('returning', String(q.returning));
          if (q.device) qs.set('device', q.device);
          if (q.groupBy) qs.set('groupBy', `trait.${q.groupBy}`);
          const res = await t.app.inject({
            url: `/v1/metrics/scores?${qs}`,
            headers: { authorization: `Bearer ${site.secretKey}` },
          });
          expect(res.statusCode, res.body).toBe(200);
          const body = res.json();

          const { fromHour, toHour } = refRangeHours(from, to, tz);
          const inRange = (a: Answer, f: number, e: number) => hourOf(a.ts) >= f && hourOf(a.ts) < e;
          const chosen = answers.filter((a) => matches(a, q));
          expectApprox(body.total, summary(chosen.filter((a) => inRange(a, fromHour, toHour))));
          const buckets = refBuckets(fromHour, toHour, tz, interval);
          expectApprox(
            body.series,
            buckets.map((b) => ({ ...refPeriod(b), ...summary(chosen.filter((a) => inRange(a, b.start, b.end))) })),
          );
          if (q.groupBy) {
            const g = q.groupBy;
            const keys = [...new Set(chosen.map((a) => a.traits?.[g]).filter((k): k is string => k !== undefined))];
            const expected = keys
              .map((key) => ({
                key,
                ...summary(chosen.filter((a) => a.traits?.[g] === key && inRange(a, fromHour, toHour))),
              }))
              .filter((x) => (x as unknown as { responses: number }).responses > 0)
              .sort((a, b) => (a.key < b.key ? -1 : 1));
            expectApprox(
              [...body.groups].sort((a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : 1)),
              expected,
            );
          } else {
            expect(body.groups).toBeUndefined();
          }
          expect(HOUR).toBe(3_600_000);
        },
      ),
      { numRuns: 50 },
    );
  }, 120_000);
});
