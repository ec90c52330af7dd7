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

// An audience without a trait the counts do not key (`returning=true` with a browser or a path),
// past LOUPE_FUNNEL_SAMPLE_THRESHOLD: its answers are read from a fixed sample of the range's
// answers (those at the lowest level whose share of them all holds at most the threshold, by a
// hash of the answer id, responses.sample_level), counts scaled, the sample said; exact=true reads
// them all. And responses.sample_level as the writer and the migration's backfill give it.

const apps = engineApps();
const THRESHOLD = 60;
const T0 = Date.UTC(2026, 10, 2, 10);
const RANGE = 'from=2026-11-01&to=2026-11-05&tz=UTC';
const CHROME = 'returning=true&browser=chrome';
const P0 = 'returning=true&path=%2Fp0';
const N = 600;
/** Visitors: each one's answers after its first are given in a returning session. */
const VISITORS = 150;

interface Answer {
  id: string;
  path: string;
  score: number;
  comment: boolean;
  browser: string;
  returning: boolean;
}

/** Answer i, in session i of visitor i % VISITORS: on chrome unless i % 3 = 2, on page /p(i % 4). */
const answers: Answer[] = Array.from({ length: N }, (_, i) => ({
  id: randomUUID(),
  path: `/p${i % 4}`,
  score: i % 11,
  comment: i % 5 === 0,
  browser: i % 3 === 2 ? 'firefox' : 'chrome',
  returning: i >= VISITORS,
}));

/** The level the threshold rule picks over every answer of the range, whoever gave it. */
function expectedLevel(): number {
  for (let level = 0; level < MAX_SAMPLE_LEVEL; level++)
    if (answers.filter((a) => sessionSampleLevel(a.id) >= level).length <= THRESHOLD) return level;
  return MAX_SAMPLE_LEVEL;
}

/** The audience's answers in the sample the threshold picks, its level, and what the route must say of it. */
function sampled(of: (a: Answer) => boolean) {
  const level = expectedLevel();
  const sample = answers.filter((a) => a.returning && of(a) && sessionSampleLevel(a.id) >= level);
  return { level, scale: 2 ** level, sample, said: { rate: 2 ** -level, answers: sample.length } };
}
const onChrome = (a: Answer) => a.browser === 'chrome';
const onP0 = (a: Answer) => a.path === '/p0';

const nps = (xs: readonly Answer[]) =>
  (100 * (xs.filter((a) => a.score >= 9).length - xs.filter((a) => a.score <= 6).length)) / xs.length;

/** The sample's own NPS, as the routes round it. */
const ownNps = (xs: readonly Answer[]) => {
  const d: Distribution = new Map();
  for (const a of xs) addToDistribution(d, a.score, 1, a.comment ? 1 : 0);
  return summarize('nps', d, NO_DISPLAYS).score;
};

describe.each(ENGINES)('on %s', (engine) => {
  let t: TestApp;
  let site: ReturnType<typeof createSite>;
  const read = (route: string, qs: string) =>
    t.app.inject({ url: `${route}?${RANGE}&${qs}`, headers: { authorization: `Bearer ${site.secretKey}` } });
  const body = async <T>(route: string, qs: string): Promise<T & { sampled?: unknown; answersSampled?: unknown }> => {
    const res = await read(route, qs);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T & { sampled?: unknown; answersSampled?: unknown }>();
  };

  beforeAll(async () => {
    t = await apps.create(engine, { LOUPE_FUNNEL_SAMPLE_THRESHOLD: String(THRESHOLD) });
    site = createSite(t.app.db, { name: 'Shop', origins: [] });
    const prompt = createDatasetPrompts(t.app, site.siteId).nps;
    const events = answers.flatMap((a, i) => {
      const common = { sessionId: `s${i}`, visitorId: `v${i % VISITORS}`, url: `https://shop.example${a.path}` };
      const ts = T0 + i * 60_000;
      const event = (e: Record<string, unknown>) => ({
        event: { ...common, path: a.path, id: randomUUID(), ...e } as LoupeEventInput,
        device: 'desktop' as const,
        browser: a.browser,
      });
      return [
        event({ ts, type: 'pageview' }),
        event({
          ts: ts + 2000,
          type: 'response',
          promptId: prompt,
          displayId: a.id,
          kind: 'nps',
          score: a.score,
          ...(a.comment ? { comment: 'why' } : {}),
        }),
      ];
    });
    ingestDataset(t.app, site.siteId, events, 2);
  }, 60_000);
  afterAll(() => t.close());

  const levels = () =>
    rows<{ display_id: string; sample_level: number }>(
      t.app,
      'SELECT display_id, sample_level FROM responses WHERE site_id = ? ORDER BY display_id',
      site.siteId,
    ).map((r) => ({ ...r, sample_level: Number(r.sample_level) }));

  it('stores each answer at its id’s sample level, and its session new or returning as the data say', () => {
    const kept = levels();
    expect(kept).toHaveLength(N);
    for (const r of kept) expect(r.sample_level).toBe(sessionSampleLevel(r.display_id));
    // The ids fell at several levels (else the level would not be tested).
    expect(new Set(kept.map((r) => r.sample_level)).size).toBeGreaterThan(2);
    const returning = rows<{ display_id: string; returning: number }>(
      t.app,
      'SELECT r.display_id, s."returning" FROM responses AS r JOIN sessions AS s ' +
        'ON s.site_id = r.site_id AND s.session_id = r.session_id WHERE r.site_id = ?',
      site.siteId,
    );
    const byId = new Map(returning.map((r) => [r.display_id, Number(r.returning) === 1]));
    expect(answers.filter((a) => byId.get(a.id) !== a.returning)).toEqual([]);
    // A real sample: past the threshold, and holding enough of the audience's answers to test.
    expect(expectedLevel()).toBeGreaterThan(0);
    expect(sampled(onChrome).sample.length).toBeGreaterThan(5);
  });

  // The answer counts key returning with a browser (not with a page): the scores, the overview and
  // the time series read those exactly, and the answers themselves under returning and a page.
  it('past the threshold the scores under returning and a page are the plain ones over the fixed sample, scaled', async () => {
    const { scale, sample, said } = sampled(onP0);
    const b = await body<{
      total: { responses: number; comments: number; score: number | null; marginOfError: number | null };
      series: { responses: number }[];
    }>('/v1/metrics/scores', `kind=nps&interval=day&${P0}`);
    expect(b.sampled).toEqual(said);
    expect(b.total.responses).toBe(sample.length * scale);
    expect(b.total.comments).toBe(sample.filter((a) => a.comment).length * scale);
    expect(b.series.reduce((n, s) => n + s.responses, 0)).toBe(sample.length * scale);
    // The score is the sample's, and so is its margin: a sample scaled up is no surer than itself.
    const own: Distribution = new Map();
    for (const a of sample) addToDistribution(own, a.score, 1, a.comment ? 1 : 0);
    const plain = summarize('nps', own, NO_DISPLAYS);
    expect(b.total.score).toBe(plain.score);
    expect(b.total.marginOfError).toBe(plain.marginOfError);
  });

  it('past the threshold the journeys are the plain ones over the fixed sample, scaled, and say so', async () => {
    const { scale, sample, said } = sampled(onChrome);
    const b = await body<{
      totals: { segment: number; compareTo: number };
      journeys: { steps: string[]; responses: number }[];
    }>('/v1/insights/journeys', `kind=nps&segment=detractor&depth=1&${CHROME}`);
    expect(b.sampled).toEqual(said);
    const detractors = sample.filter((a) => a.score <= 6);
    expect(b.totals).toEqual({
      segment: detractors.length * scale,
      compareTo: sample.filter((a) => a.score >= 9).length * scale,
    });
    for (const j of b.journeys)
      expect(j.responses).toBe(detractors.filter((a) => a.path === j.steps[0]).length * scale);
    expect(b.journeys.reduce((n, j) => n + j.responses, 0)).toBe(detractors.length * scale);
  });

  it('past the threshold the touchpoints are the plain ones over the fixed sample, scaled, and say so', async () => {
    const { scale, sample, said } = sampled(onChrome);
    const b = await body<{ pages: { path: string; responses: number; score: number; detractors: number }[] }>(
      '/v1/insights/touchpoints',
      `kind=nps&${CHROME}`,
    );
    expect(b.sampled).toEqual(said);
    expect(b.pages.map((p) => p.path).sort()).toEqual([...new Set(sample.map((a) => a.path))].sort());
    for (const p of b.pages) {
      const on = sample.filter((a) => a.path === p.path);
      expect(p.responses).toBe(on.length * scale);
      expect(p.detractors).toBe(on.filter((a) => a.score <= 6).length * scale);
      expect(p.score).toBeCloseTo(nps(on), 0);
    }
  });

  it('past the threshold the overview’s and the time series’ answers under returning and a page are the fixed sample’s, scaled', async () => {
    const { scale, sample, said } = sampled(onP0);
    const o = await body<{
      responses: { value: number };
      nps: { value: number | null };
      complaints: { value: number };
    }>('/v1/metrics/overview', P0);
    expect(o.answersSampled).toEqual(said);
    expect(o.responses.value).toBe(sample.length * scale);
    expect(o.nps.value).toBe(ownNps(sample));
    expect(o.complaints.value).toBe(sample.filter((a) => a.score <= 6 && a.comment).length * scale);
    const s = await body<{ points: { from: string; responses: number; nps: number | null }[] }>(
      '/v1/metrics/timeseries',
      `interval=day&${P0}`,
    );
    expect(s.answersSampled).toEqual(said);
    // Every answer was given on 2 November: that day holds the sample, the others none.
    for (const p of s.points) {
      const day = p.from.startsWith('2026-11-02');
      expect(p.responses).toBe(day ? sample.length * scale : 0);
      expect(p.nps).toBe(day ? ownNps(sample) : null);
    }
  });

  it('the overview’s, the time series’ and the scores’ answers under returning and a browser are the exact counts', async () => {
    const all = answers.filter((a) => a.returning && onChrome(a));
    const o = await body<{ responses: { value: number }; nps: { value: number | null } }>(
      '/v1/metrics/overview',
      CHROME,
    );
    expect(o.answersSampled).toBeUndefined();
    expect(o.responses.value).toBe(all.length);
    expect(o.nps.value).toBe(ownNps(all));
    const s = await body<{ points: { responses: number }[] }>('/v1/metrics/timeseries', `interval=day&${CHROME}`);
    expect(s.answersSampled).toBeUndefined();
    expect(s.points.reduce((n, x) => n + x.responses, 0)).toBe(all.length);
    const sc = await body<{ total: { responses: number } }>('/v1/metrics/scores', `kind=nps&interval=day&${CHROME}`);
    expect(sc.sampled).toBeUndefined();
    expect(sc.total.responses).toBe(all.length);
  });

  it('past the threshold the pages’ answers under returning and a browser are the fixed sample’s, scaled', async () => {
    const { scale, sample, said } = sampled(onChrome);
    const p = await body<{ pages: { path: string; responses: number; nps: number | null }[] }>(
      '/v1/metrics/pages',
      CHROME,
    );
    expect(p.answersSampled).toEqual(said);
    expect(p.pages.reduce((n, x) => n + x.responses, 0)).toBe(sample.length * scale);
    for (const path of new Set(sample.map((a) => a.path))) {
      const on = sample.filter((a) => a.path === path);
      const row = p.pages.find((x) => x.path === path);
      expect(row?.responses).toBe(on.length * scale);
      expect(row?.nps).toBe(ownNps(on));
    }
  });

  it('exact=true reads every answer of the audience on each route', async () => {
    const exact = (qs: string) => `${qs}&exact=true`;
    const chrome = answers.filter((a) => a.returning && onChrome(a));
    const p0 = answers.filter((a) => a.returning && onP0(a));
    const sc = await body<{ total: { responses: number } }>('/v1/metrics/scores', `kind=nps&interval=day&${exact(P0)}`);
    expect(sc.sampled).toBeUndefined();
    expect(sc.total.responses).toBe(p0.length);
    const j = await body<{ totals: { segment: number } }>('/v1/insights/journeys', `depth=1&${exact(CHROME)}`);
    expect(j.sampled).toBeUndefined();
    expect(j.totals.segment).toBe(chrome.filter((a) => a.score <= 6).length);
    const tp = await body<{ pages: { responses: number }[] }>('/v1/insights/touchpoints', exact(CHROME));
    expect(tp.sampled).toBeUndefined();
    expect(tp.pages.reduce((n, x) => n + x.responses, 0)).toBe(chrome.length);
    const o = await body<{ responses: { value: number }; nps: { value: number | null } }>(
      '/v1/metrics/overview',
      exact(P0),
    );
    expect(o.answersSampled).toBeUndefined();
    expect(o.responses.value).toBe(p0.length);
    expect(o.nps.value).toBe(ownNps(p0));
    const s = await body<{ points: { responses: number }[] }>('/v1/metrics/timeseries', `interval=day&${exact(P0)}`);
    expect(s.answersSampled).toBeUndefined();
    expect(s.points.reduce((n, x) => n + x.responses, 0)).toBe(p0.length);
    const p = await body<{ pages: { responses: number }[] }>('/v1/metrics/pages', exact(CHROME));
    expect(p.answersSampled).toBeUndefined();
    expect(p.pages.reduce((n, x) => n + x.responses, 0)).toBe(chrome.length);
  });

  it('the migration’s backfill gives the answers the same levels', () => {
    const want = levels();
    const db = t.app.db.$client;
    db.prepare('UPDATE responses SET sample_level = 0').run();
    expect(levels().every((r) => r.sample_level === 0)).toBe(true);
    const backfill = migrationBackfill('responses_sample', engine === 'postgres');
    expect(backfill.length).toBe(engine === 'postgres' ? 5 : 0);
    for (const sql of backfill) db.exec(sql);
    if (engine !== 'postgres') {
      db.prepare("DELETE FROM settings WHERE key = 'backfill.responses.sample_level'").run();
      backfillSampleLevels(t.app.db);
    }
    expect(levels()).toEqual(want);
  });
});
