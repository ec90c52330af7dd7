import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { LinkSecret, LoupeEventInput, Prompt } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteSubjectRows } from '../src/features/erasure/erasure-store.js';
import { signLinkToken } from '../src/features/link-surveys/link-token.js';
import { RetentionJob } from '../src/features/retention/retention-job.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { rows } from './helpers/collect.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import { identifiedDatasetProperty } from './helpers/identified-dataset-property.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { migrationBackfill, migrationStatements } from './helpers/migration-inserts.js';
import type { TestApp } from './helpers/test-app.js';
import { untilCovered } from './helpers/until-covered.js';

// The traits each answer carried (response_traits), as the answers' audience reads find them: what
// the writer stores for a widget's answer and a signed link's, that a later identify call leaves
// them, and that erasure and data retention take them with their answers. The routes' figures
// under such audiences are held to raw computations by the property tests; these are the cases
// those do not draw.

const apps = engineApps();
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 2, 10);
const RANGE = 'from=2026-11-01&to=2026-11-03&tz=UTC';

describe.each(ENGINES)('on %s', (engine) => {
  describe('the traits the writer keeps', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await apps.create(engine);
    }, 60_000);
    afterAll(() => t.close());

    // Each row with the answer's figures it carries (kind, score, commented, page, segment).
    const kept = (siteId: string) =>
      (
        t.app.db.$client
          .prepare(
            'SELECT display_id, key, value, created_at, kind, score, commented, path, device, browser, language ' +
              'FROM response_traits WHERE site_id = ? ORDER BY display_id, key',
          )
          .raw()
          .all(siteId) as unknown[][]
      ).map((row) => row.map((x, i) => ([3, 5, 6].includes(i) ? Number(x) : x)));

    it('equal the migrations’ backfills from the answers’ traits and figures, whatever the identify calls, later comments and scores, and commits', async () => {
      // Answers with traits of each kind of value must have been compared, and answers with traits
      // whose comment or score a later event changed (the figures the writer must follow).
      const seen = { text: false, number: false, boolean: false, changed: false };
      await untilCovered(
        () =>
          fc.assert(
            identifiedDatasetProperty(t, (siteId) => {
              const written = kept(siteId);
              for (const [, key, value] of written) {
                if (key === 'plan') seen.text = true;
                if (key === 'seats' && value === '12') seen.number = true;
                if (key === 'vip' && value === 'true') seen.boolean = true;
              }
              const db = t.app.db.$client;
              const changed = db
                .prepare(
                  'SELECT count(*) FROM responses AS r WHERE r.site_id = ? AND r.updated_at > r.created_at ' +
                    'AND EXISTS (SELECT 1 FROM response_traits AS x WHERE x.site_id = r.site_id AND x.display_id = r.display_id)',
                )
                .pluck()
                .get(siteId);
              if (Number(changed) > 0) seen.changed = true;
              db.prepare('DELETE FROM response_traits').run();
              const postgres = engine === 'postgres';
              for (const sql of migrationBackfill('response_traits', postgres)) db.exec(sql);
              for (const sql of migrationStatements('response_traits_figures', postgres).filter((x) =>
                x.startsWith('UPDATE'),
              ))
                db.exec(sql);
              expect(kept(siteId)).toEqual(written);
            }),
            { numRuns: 15 },
          ),
        () => Object.values(seen).every(Boolean),
      );
      expect(seen).toEqual({ text: true, number: true, boolean: true, changed: true });
    }, 240_000);
  });

  describe('the traits of the answers', () => {
    let t: TestApp;
    let site: ReturnType<typeof createSite>;
    let auth: { authorization: string };
    let nps: string;

    const traitsOf = (displayId: string) =>
      rows<{ key: string; value: string; created_at: number }>(
        t.app,
        'SELECT key, value, created_at FROM response_traits WHERE site_id = ? AND display_id = ? ORDER BY key',
        site.siteId,
        displayId,
      ).map((r) => ({ ...r, created_at: Number(r.created_at) }));
    const ok = async (url: string) => {
      const res = await t.app.inject({ url, headers: auth });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Record<string, unknown>>();
    };
    const scored = async (qs: string) =>
      (await ok(`/v1/metrics/scores?kind=nps&interval=day&${qs}`)) as { total: { responses: number } };

    const ev = (sessionId: string, visitorId: string, ts: number, rest: Record<string, unknown>) =>
      ({
        id: randomUUID(),
        ts,
        sessionId,
        visitorId,
        url: 'https://shop.example/',
        path: '/',
        ...rest,
      }) as LoupeEventInput;
    const answer = (s: string, v: string, ts: number, displayId: string, score: number) =>
      ev(s, v, ts, { type: 'response', promptId: nps, displayId, kind: 'nps', score });
    const [a1, a2, a3] = [randomUUID(), randomUUID(), randomUUID()];

    beforeAll(async () => {
      t = await apps.create(engine, { LOUPE_LINK_RATE_LIMIT_MAX: '1000' });
      site = createSite(t.app.db, { name: 'Shop', origins: [], responsesDays: 30 });
      auth = { authorization: `Bearer ${site.secretKey}` };
      nps = createDatasetPrompts(t.app, site.siteId).nps;
      const events = [
        // s1: a pro VIP answers 2, then identify makes the session free and not VIP.
        ev('s1', 'v1', T0, { type: 'pageview' }),
        ev('s1', 'v1', T0 + 1000, { type: 'identify', customerId: 'c1', traits: { plan: 'pro', vip: true } }),
        answer('s1', 'v1', T0 + 2000, a1, 2),
        ev('s1', 'v1', T0 + 3000, { type: 'identify', customerId: 'c1', traits: { plan: 'free' } }),
        // s2: a pro non-VIP answers 9 a day later; s3 (never identified) answers 10.
        ev('s2', 'v2', T0 + DAY, { type: 'pageview' }),
        ev('s2', 'v2', T0 + DAY + 1000, { type: 'identify', customerId: 'c2', traits: { plan: 'pro', vip: false } }),
        answer('s2', 'v2', T0 + DAY + 2000, a2, 9),
        ev('s3', 'v3', T0 + DAY, { type: 'pageview' }),
        answer('s3', 'v3', T0 + DAY + 2000, a3, 10),
      ].map((event) => ({ event, device: 'desktop' as const, browser: 'chrome' }));
      ingestDataset(t.app, site.siteId, events, 2);
    });
    afterAll(() => t.close());

    it('an answer keeps the traits it was given with after identify replaced its session’s', async () => {
      expect(traitsOf(a1)).toEqual([
        { key: 'plan', value: 'pro', created_at: T0 + 2000 },
        { key: 'vip', value: 'true', created_at: T0 + 2000 },
      ]);
      expect(traitsOf(a3)).toEqual([]);
      expect((await scored(`${RANGE}&trait.plan=pro&trait.vip=true`)).total.responses).toBe(1);
      expect((await scored(`${RANGE}&trait.plan=pro&trait.vip=false`)).total.responses).toBe(1);
      // What the session is now (free, no VIP) is none of its answer's.
      expect((await scored(`${RANGE}&trait.plan=free&device=desktop`)).total.responses).toBe(0);
    });

    it('a trait no answer carried: an empty answer on every route that reads the answers', async () => {
      const none = `${RANGE}&trait.plan=enterprise&trait.vip=true`;
      const scores = (await scored(none)) as { total: { responses: number }; series: { responses: number }[] };
      expect(scores.total.responses).toBe(0);
      expect(scores.series.length).toBeGreaterThan(0);
      expect(scores.series.every((s) => s.responses === 0)).toBe(true);
      expect(((await ok(`/v1/insights/touchpoints?${none}`)) as { pages: unknown[] }).pages).toEqual([]);
      const friction = (await ok(`/v1/insights/friction?${none}`)) as { responses?: number; types?: unknown[] };
      expect(JSON.stringify(friction)).not.toMatch(/"responses":[1-9]/);
      expect(((await ok(`/v1/responses?${none}`)) as { responses: unknown[] }).responses).toEqual([]);
    });

    it('a signed link’s boolean and number traits are found as their text', async () => {
      const prompt = (await ok(`/v1/prompts/${nps}`)) as unknown as Prompt;
      const secret = (await ok('/v1/link-secret')) as unknown as LinkSecret;
      const exp = Math.floor(Date.now() / 1000) + 3600;
      const token = signLinkToken(
        { site: site.siteId, prompt: prompt.id, exp, traits: { plan: 'pro', vip: true, seats: 42 } },
        secret.secret,
      );
      const res = await t.app.inject({
        method: 'POST',
        url: `/s/${prompt.id}/answers`,
        payload: { t: token, score: 7 },
      });
      expect(res.statusCode, res.body).toBe(200);
      const id = res.json<{ responseId: string }>().responseId;
      expect(traitsOf(id).map((r) => [r.key, r.value])).toEqual([
        ['plan', 'pro'],
        ['seats', '42'],
        ['vip', 'true'],
      ]);
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      const today = `from=${day(Date.now() - DAY)}&to=${day(Date.now() + DAY)}&tz=UTC`;
      expect((await scored(`${today}&trait.vip=true&trait.seats=42`)).total.responses).toBe(1);
      expect((await scored(`${today}&trait.vip=true&trait.seats=41`)).total.responses).toBe(0);
      const listed = (await ok(`/v1/responses?${today}&trait.vip=true&trait.seats=42`)) as {
        responses: { id: string }[];
      };
      expect(listed.responses.map((r) => r.id)).toEqual([id]);
    });

    it('erasure takes an answer’s traits with it', () => {
      deleteSubjectRows(t.app.db, 'responses', site.siteId, { sessions: ['s1'] }, 100, {});
      expect(traitsOf(a1)).toEqual([]);
      expect(traitsOf(a2)).toHaveLength(2);
    });

    it('data retention takes the expired answers’ traits with them', async () => {
      // 30 days after s2's answer: every answer of the range has expired, the link's has not.
      const runs = await new RetentionJob({ db: t.app.db, log: t.app.log, writer: t.app.ingestWriter }).runOnce(
        T0 + 31 * DAY + DAY,
      );
      const mine = runs.find((r) => r.siteId === site.siteId)!;
      expect(mine.deleted).toMatchObject({ responses: 2, response_traits: 2 });
      expect(traitsOf(a2)).toEqual([]);
      const left = rows<{ n: number }>(
        t.app,
        'SELECT count(*) AS n FROM response_traits WHERE site_id = ?',
        site.siteId,
      );
      expect(Number(left[0]!.n)).toBe(3);
    });
  });
});
