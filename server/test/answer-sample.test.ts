import { randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToDistribution, type Distribution, NO_DISPLAYS, summarize } from '../src/analytics/score-math.js';
import { backfillSampleLevels } from '../src/db/backfill-sample-levels.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { MAX_SAMPLE_LEVEL, sessionSampleLevel } from '../src/lib/session-sample-level.js';
import { rows } from './helpers/collect.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { migrationBackfill } from './helpers/migration-inserts.js';
import type { TestApp } from './helpers/test-app.js';

// An audience the answer counts do not key (two traits), past LOUPE_FUNNEL_SAMPLE_THRESHOLD: its
// answers are read from a fixed sample (the answers at a level or deeper, by a hash of the answer
// id), counts scaled, `sampled` said; exact=true reads them all. And response_traits.sample_level
// as the writer and the migration's backfill give it.

const apps = engineApps();
const THRESHOLD = 40;
const T0 = Date.UTC(2026, 10, 2, 10);
const RANGE = 'from=2026-11-01&to=2026-11-05&tz=UTC';
const AUDIENCE = 'trait.plan=pro&trait.country=DE';
const N = 400;

interface Answer {
  id: string;
  path: string;
  score: number;
  comment: boolean;
  pro: boolean;
  de: boolean;
}

/** Answer i: pro when even, from DE when a multiple of 3 (the rarer trait, so it drives). */
const answers: Answer[] = Array.from({ length: N }, (_, i) => ({
  id: randomUUID(),
  path: `/p${i % 3}`,
  score: i % 11,
  comment: i % 4 === 0,
  pro: i % 2 === 0,
  de: i % 3 === 0,
}));

/** The level the threshold rule picks over the driving trait's answers. */
function expectedLevel(): number {
  const driving = answers.filter((a) => a.de);
  for (let level = 0; level < MAX_SAMPLE_LEVEL; level++)
    if (driving.filter((a) => sessionSampleLevel(a.id) >= level).length <= THRESHOLD) return level;
  return MAX_SAMPLE_LEVEL;
}

describe.each(ENGINES)('on %s', (engine) => {
  let t: TestApp;
  let site: ReturnType<typeof createSite>;
  const read = (route: string, qs: string) =>
    t.app.inject({ url: `${route}?${RANGE}&${qs}`, headers: { authorization: `Bearer ${site.secretKey}` } });
  const get = (qs: string) => read('/v1/metrics/scores', `kind=nps&interval=day&${qs}`);
  const body = async <T>(route: string, qs: string): Promise<T & { sampled?: unknown }> => {
    const res = await read(route, qs);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T & { sampled?: unknown }>();
  };
  /** The audience's answers in the sample the threshold picks, its level, and what `sampled` must say. */
  const sampled = () => {
    const level = expectedLevel();
    const sample = answers.filter((a) => a.pro && a.de && sessionSampleLevel(a.id) >= level);
    return { level, scale: 2 ** level, sample, said: { rate: 2 ** -level, answers: sample.length } };
  };
  const nps = (xs: readonly Answer[]) =>
    (100 * (xs.filter((a) => a.score >= 9).length - xs.filter((a) => a.score <= 6).length)) / xs.length;

  beforeAll(async () => {
    t = await apps.create(engine, { LOUPE_FUNNEL_SAMPLE_THRESHOLD: String(THRESHOLD) });
    site = createSite(t.app.db, { name: 'Shop', origins: [] });
    const nps = createDatasetPrompts(t.app, site.siteId).nps;
    const events = answers.flatMap((a, i): LoupeEventInput[] => {
      const common = { sessionId: `s${i}`, visitorId: `v${i}`, url: `https://shop.example${a.path}`, path: a.path };
      const ts = T0 + i * 60_000;
      return [
        { ...common, id: randomUUID(), ts, type: 'pageview' },
        {
          ...common,
          id: randomUUID(),
          ts: ts + 1000,
          type: 'identify',
          customerId: `c${i}`,
          traits: { plan: a.pro ? 'pro' : 'free', country: a.de ? 'DE' : 'FR' },
        },
        {
          ...common,
          id: randomUUID(),
          ts: ts + 2000,
          type: 'response',
          promptId: nps,
          displayId: a.id,
          kind: 'nps',
          score: a.score,
          ...(a.comment ? { comment: 'why' } : {}),
        },
      ] as LoupeEventInput[];
    });
    ingestDataset(
      t.app,
      site.siteId,
      events.map((event) => ({ event, device: 'desktop' as const, browser: 'chrome' })),
      2,
    );
  }, 60_000);
  afterAll(() => t.close());

  const levels = () =>
    rows<{ display_id: string; key: string; sample_level: number }>(
      t.app,
      'SELECT display_id, key, sample_level FROM response_traits WHERE site_id = ? ORDER BY display_id, key',
      site.siteId,
    ).map((r) => ({ ...r, sample_level: Number(r.sample_level) }));

  it('the writer keeps each answer’s traits at its id’s sample level', () => {
    const kept = levels();
    expect(kept).toHaveLength(2 * N);
    for (const r of kept) expect(r.sample_level).toBe(sessionSampleLevel(r.display_id));
    // The ids fell at several levels (else the level would not be tested).
    expect(new Set(kept.map((r) => r.sample_level)).size).toBeGreaterThan(2);
  });

  it('past the threshold the scores are the plain ones over the fixed sample, scaled, and say so', async () => {
    const level = expectedLevel();
    expect(level).toBeGreaterThan(0);
    const sample = answers.filter((a) => a.pro && a.de && sessionSampleLevel(a.id) >= level);
    const res = await get(AUDIENCE);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      total: {
        responses: number;
        comments: number;
        distribution: { score: number; responses: number }[];
        score: number | null;
        marginOfError: number | null;
        confidenceInterval: { low: number; high: number } | null;
      };
      series: { responses: number }[];
      sampled?: unknown;
    }>();
    const scale = 2 ** level;
    expect(body.sampled).toEqual({ rate: 2 ** -level, answers: sample.length });
    expect(body.total.responses).toBe(sample.length * scale);
    expect(body.total.comments).toBe(sample.filter((a) => a.comment).length * scale);
    expect(body.total.distribution).toEqual(
      Array.from({ length: 11 }, (_, score) => ({
        score,
        responses: sample.filter((a) => a.score === score).length * scale,
      })),
    );
    expect(body.series.reduce((n, s) => n + s.responses, 0)).toBe(sample.length * scale);
    // The score is the sample's, and so is its margin: a sample scaled up is no surer than itself.
    const own: Distribution = new Map();
    for (const a of sample) addToDistribution(own, a.score, 1, a.comment ? 1 : 0);
    const plain = summarize('nps', own, NO_DISPLAYS);
    expect(plain.marginOfError).not.toBeNull();
    expect(body.total.score).toBe(plain.score);
    expect(body.total.marginOfError).toBe(plain.marginOfError);
    expect(body.total.confidenceInterval).toEqual(plain.confidenceInterval);
  });

  it('past the threshold the friction insight is the plain one over the fixed sample, scaled, and says so', async () => {
    const { scale, sample, said } = sampled();
    const b = await body<{ overall: { met: { responses: number }; notMet: { responses: number; score: number } } }>(
      '/v1/insights/friction',
      `kind=nps&${AUDIENCE}`,
    );
    expect(b.sampled).toEqual(said);
    // No session met friction: every answer is on the side that did not.
    expect(b.overall.met.responses).toBe(0);
    expect(b.overall.notMet.responses).toBe(sample.length * scale);
    expect(b.overall.notMet.score).toBeCloseTo(nps(sample), 0);
  });

  it('past the threshold the journeys are the plain ones over the fixed sample, scaled, and say so', async () => {
    const { scale, sample, said } = sampled();
    const b = await body<{
      totals: { segment: number; compareTo: number };
      journeys: { steps: string[]; responses: number; meanScore: number }[];
    }>('/v1/insights/journeys', `kind=nps&segment=detractor&depth=1&${AUDIENCE}`);
    expect(b.sampled).toEqual(said);
    const detractors = sample.filter((a) => a.score <= 6);
    expect(b.totals).toEqual({
      segment: detractors.length * scale,
      compareTo: sample.filter((a) => a.score >= 9).length * scale,
    });
    for (const j of b.journeys) {
      const on = detractors.filter((a) => a.path === j.steps[0]);
      expect(j.responses).toBe(on.length * scale);
      expect(j.meanScore).toBeCloseTo(on.reduce((n, a) => n + a.score, 0) / on.length, 2);
    }
    expect(b.journeys.reduce((n, j) => n + j.responses, 0)).toBe(detractors.length * scale);
  });

  it('past the threshold the touchpoints are the plain ones over the fixed sample, scaled, and say so', async () => {
    const { scale, sample, said } = sampled();
    const b = await body<{ pages: { path: string; responses: number; score: number; detractors: number }[] }>(
      '/v1/insights/touchpoints',
      `kind=nps&${AUDIENCE}`,
    );
    expect(b.sampled).toEqual(said);
    const paths = [...new Set(sample.map((a) => a.path))].sort();
    expect(b.pages.map((p) => p.path).sort()).toEqual(paths);
    for (const p of b.pages) {
      const on = sample.filter((a) => a.path === p.path);
      expect(p.responses).toBe(on.length * scale);
      expect(p.detractors).toBe(on.filter((a) => a.score <= 6).length * scale);
      expect(p.score).toBeCloseTo(nps(on), 0);
    }
  });

  /** The sample's own NPS, as the routes round it. */
  const ownNps = (xs: readonly Answer[]) => {
    const d: Distribution = new Map();
    for (const a of xs) addToDistribution(d, a.score, 1, a.comment ? 1 : 0);
    return summarize('nps', d, NO_DISPLAYS).score;
  };

  it('past the threshold the overview’s answers are the plain ones over the fixed sample, scaled, and say so', async () => {
    const { scale, sample, said } = sampled();
    const b = await body<{
      answersSampled?: unknown;
      responses: { value: number; previous: number };
      nps: { value: number | null };
      complaints: { value: number };
    }>('/v1/metrics/overview', AUDIENCE);
    expect(b.answersSampled).toEqual(said);
    expect(b.responses.value).toBe(sample.length * scale);
    expect(b.responses.previous).toBe(0);
    expect(b.nps.value).toBe(ownNps(sample));
    expect(b.complaints.value).toBe(sample.filter((a) => a.score <= 6 && a.comment).length * scale);
  });

  it('past the threshold the time series’ answers are the plain ones over the fixed sample, scaled, and say so', async () => {
    const { scale, sample, said } = sampled();
    const b = await body<{
      answersSampled?: unknown;
      points: { from: string; responses: number; nps: number | null }[];
    }>('/v1/metrics/timeseries', `interval=day&${AUDIENCE}`);
    expect(b.answersSampled).toEqual(said);
    // Every answer was given on 2 November: that day holds the sample, the others none.
    for (const p of b.points) {
      const day = p.from.startsWith('2026-11-02');
      expect(p.responses).toBe(day ? sample.length * scale : 0);
      expect(p.nps).toBe(day ? ownNps(sample) : null);
    }
  });

  it('past the threshold the pages’ answers are the plain ones over the fixed sample, scaled, and say so', async () => {
    const { scale, sample, said } = sampled();
    const b = await body<{
      answersSampled?: unknown;
      pages: { path: string; responses: number; nps: number | null }[];
    }>('/v1/metrics/pages', AUDIENCE);
    expect(b.answersSampled).toEqual(said);
    // The audience's answers (i a multiple of 6) were all given on /p0: no other page has any.
    expect(b.pages.reduce((n, x) => n + x.responses, 0)).toBe(sample.length * scale);
    for (const path of new Set(sample.map((a) => a.path))) {
      const on = sample.filter((a) => a.path === path);
      const p = b.pages.find((x) => x.path === path);
      expect(p?.responses).toBe(on.length * scale);
      expect(p?.nps).toBe(ownNps(on));
    }
  });

  it('exact=true reads every answer of the audience on the overview, time series and pages', async () => {
    const all = answers.filter((a) => a.pro && a.de);
    const o = await body<{ answersSampled?: unknown; responses: { value: number }; nps: { value: number | null } }>(
      '/v1/metrics/overview',
      `${AUDIENCE}&exact=true`,
    );
    expect(o.answersSampled).toBeUndefined();
    expect(o.responses.value).toBe(all.length);
    expect(o.nps.value).toBe(ownNps(all));
    const s = await body<{ answersSampled?: unknown; points: { responses: number }[] }>(
      '/v1/metrics/timeseries',
      `interval=day&${AUDIENCE}&exact=true`,
    );
    expect(s.answersSampled).toBeUndefined();
    expect(s.points.reduce((n, x) => n + x.responses, 0)).toBe(all.length);
    const p = await body<{ answersSampled?: unknown; pages: { responses: number }[] }>(
      '/v1/metrics/pages',
      `${AUDIENCE}&exact=true`,
    );
    expect(p.answersSampled).toBeUndefined();
    expect(p.pages.reduce((n, x) => n + x.responses, 0)).toBe(all.length);
  });

  it('exact=true reads every answer of the audience on each route', async () => {
    const all = answers.filter((a) => a.pro && a.de);
    const f = await body<{ overall: { notMet: { responses: number } } }>(
      '/v1/insights/friction',
      `${AUDIENCE}&exact=true`,
    );
    expect(f.sampled).toBeUndefined();
    expect(f.overall.notMet.responses).toBe(all.length);
    const j = await body<{ totals: { segment: number } }>('/v1/insights/journeys', `depth=1&${AUDIENCE}&exact=true`);
    expect(j.sampled).toBeUndefined();
    expect(j.totals.segment).toBe(all.filter((a) => a.score <= 6).length);
    const p = await body<{ pages: { responses: number }[] }>('/v1/insights/touchpoints', `${AUDIENCE}&exact=true`);
    expect(p.sampled).toBeUndefined();
    expect(p.pages.reduce((n, x) => n + x.responses, 0)).toBe(all.length);
  });

  it('exact=true reads every answer of the audience', async () => {
    const all = answers.filter((a) => a.pro && a.de);
    const res = await get(`${AUDIENCE}&exact=true`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ total: { responses: number; comments: number }; sampled?: unknown }>();
    expect(body.sampled).toBeUndefined();
    expect(body.total.responses).toBe(all.length);
    expect(body.total.comments).toBe(all.filter((a) => a.comment).length);
  });

  it.each(['/v1/metrics/scores', '/v1/insights/friction', '/v1/insights/journeys', '/v1/insights/touchpoints'])(
    'a bad exact on %s is a 400 problem naming it',
    async (route) => {
      const interval = route === '/v1/metrics/scores' ? 'interval=day&' : '';
      const res = await read(route, `${interval}kind=nps&${AUDIENCE}&exact=maybe`);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toContain('exact');
    },
  );

  it('the migration’s backfill gives the answers’ traits the same levels', () => {
    const want = levels();
    const db = t.app.db.$client;
    db.prepare('DELETE FROM response_traits').run();
    const backfill = migrationBackfill('response_traits', engine === 'postgres');
    expect(backfill.length).toBe(engine === 'postgres' ? 5 : 1);
    for (const sql of backfill) db.exec(sql);
    if (engine !== 'postgres') {
      expect(levels().every((r) => r.sample_level === 0)).toBe(true);
      db.prepare("DELETE FROM settings WHERE key = 'backfill.response_traits.sample_level'").run();
      backfillSampleLevels(t.app.db);
    }
    expect(levels()).toEqual(want);
  });
});
