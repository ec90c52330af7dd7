import type { LoupeEventInput } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SAMPLE_LEVEL, sessionSampleLevel } from '../src/lib/session-sample-level.js';
import { collect, rows, shopSite } from './helpers/collect.js';
import { base, engagement, pageview } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The traffic routes under an audience the counts do not key (two traits), past the server's
// threshold (LOUPE_FUNNEL_SAMPLE_THRESHOLD): each answers from the fixed sample of the audience's
// sessions the rarest trait's index holds at the level the threshold picks, its counts scaled by
// 2^level, its rates the sample's own, the visitors null, and says so in `sampled`; held here
// against plain computations over the stored rows of that same sample. exact=true walks them all.

const THRESHOLD = 40;
const SESSIONS = 420;
const T0 = Date.now() - 3 * 3_600_000;
const AUDIENCE = 'trait.plan=pro&trait.type=b2b';

const isPro = (i: number) => i % 10 !== 0;
const isB2b = (i: number) => i % 3 === 0;

/** Session i: enters on /a or /b, sometimes views /c and buys; identified as pro (9 in 10) and b2b (1 in 3). */
function sessionEvents(i: number): LoupeEventInput[] {
  const sessionId = `smp-${i}`;
  const at = (ms: number, path: string) => ({ sessionId, visitorId: `v-${i % 300}`, ts: T0 + i * 1000 + ms, path });
  const out: LoupeEventInput[] = [
    pageview(at(0, i % 4 === 0 ? '/b' : '/a')),
    {
      ...base(at(10, '/a')),
      type: 'identify',
      customerId: `c-${i}`,
      traits: { plan: isPro(i) ? 'pro' : 'free', type: isB2b(i) ? 'b2b' : 'b2c' },
    },
  ];
  if (i % 2 === 1) out.push(pageview(at(500, '/c')), engagement(15_000, 60, at(600, '/c')));
  if (i % 5 === 0) out.push({ ...base(at(700, '/a')), type: 'track', name: 'buy' });
  return out;
}

/** The level the threshold picks: the lowest whose share of the rarest trait's sessions (b2b here) is at most the threshold. */
function expectedLevel(): number {
  const b2b = Array.from({ length: SESSIONS }, (_, i) => i).filter(isB2b);
  for (let level = 0; level < MAX_SAMPLE_LEVEL; level++)
    if (b2b.filter((i) => sessionSampleLevel(`smp-${i}`) >= level).length <= THRESHOLD) return level;
  return MAX_SAMPLE_LEVEL;
}

interface SessionRow {
  session_id: string;
  hour: number;
  entry_path: string;
  pageviews: number;
  engaged: number;
  tracks: number;
}
interface VisitRow {
  session_id: string;
  path: string;
  pageviews: number;
  max_scroll: number;
}

const pct = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 100);

describe('the traffic routes under an audience the counts do not key, past the sampling threshold', () => {
  let t: TestApp;
  let site: ReturnType<typeof shopSite>;
  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers: { authorization: `Bearer ${site.secretKey}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** The audience's sessions and visits as stored, of the sample at `level` (0: all of them). */
  let audience: (level: number) => { sessions: SessionRow[]; visits: VisitRow[] };
  /** Every session and visit as stored. */
  let stored: { sessions: SessionRow[]; visits: VisitRow[] };

  beforeAll(async () => {
    t = await createTestApp({ LOUPE_FUNNEL_SAMPLE_THRESHOLD: String(THRESHOLD) });
    site = shopSite(t.app);
    const events = Array.from({ length: SESSIONS }, (_, i) => sessionEvents(i)).flat();
    for (let i = 0; i < events.length; i += 100) {
      const res = await collect(t.app, { key: site.publicKey, events: events.slice(i, i + 100) });
      expect(res.statusCode, res.body).toBe(202);
    }
    const member = (id: string) => {
      const i = Number(id.slice(4));
      return isPro(i) && isB2b(i);
    };
    stored = {
      sessions: rows<SessionRow>(
        t.app,
        'SELECT session_id, hour, entry_path, pageviews, engaged, tracks FROM sessions WHERE site_id = ?',
        site.siteId,
      ),
      visits: rows<VisitRow>(
        t.app,
        'SELECT session_id, path, pageviews, max_scroll FROM session_pages WHERE site_id = ? AND (pageviews > 0 OR max_scroll >= 0)',
        site.siteId,
      ),
    };
    const sessions = stored.sessions.filter((s) => member(s.session_id));
    const visits = stored.visits.filter((v) => member(v.session_id));
    audience = (level) => ({
      sessions: sessions.filter((s) => sessionSampleLevel(s.session_id) >= level),
      visits: visits.filter((v) => sessionSampleLevel(v.session_id) >= level),
    });
  }, 60_000);
  afterAll(() => t.close());

  const level = expectedLevel();
  const scale = 2 ** level;

  it('picks a sample level, and the sample holds some of the audience', () => {
    expect(level).toBeGreaterThan(0);
    expect(audience(level).sessions.length).toBeGreaterThan(3);
    expect(audience(level).sessions.length).toBeLessThan(audience(0).sessions.length);
  });

  it('GET /v1/metrics/overview: the sample’s counts scaled, its rates, no visitors', async () => {
    const { sessions } = audience(level);
    const body = await get(`/v1/metrics/overview?${AUDIENCE}`);
    expect(body.sampled).toEqual({ rate: 2 ** -level, sessions: sessions.length });
    expect(body.sessions.value).toBe(sessions.length * scale);
    expect(body.pageviews.value).toBe(sessions.reduce((n, s) => n + s.pageviews, 0) * scale);
    expect(body.bounceRate.value).toBe(pct(sessions.filter((s) => !s.engaged).length, sessions.length));
    expect(body.conversionRate.value).toBe(pct(sessions.filter((s) => s.tracks > 0).length, sessions.length));
    expect(body.visitors.value).toBeNull();
    expect(body.returningVisitorRate.value).toBeNull();
    const buys = sessions.filter((s) => s.tracks > 0).length;
    expect(body.goals).toMatchObject([{ name: 'buy', conversions: { value: buys * scale } }]);
    // The same sessions on every request; exact=false is the default.
    expect(await get(`/v1/metrics/overview?${AUDIENCE}&exact=false`)).toEqual(body);
  });

  it('GET /v1/metrics/overview?exact=true walks every session of the audience', async () => {
    const { sessions } = audience(0);
    const body = await get(`/v1/metrics/overview?${AUDIENCE}&exact=true`);
    expect(body.sampled).toBeUndefined();
    expect(body.sessions.value).toBe(sessions.length);
    expect(body.visitors.value).toBe(new Set(sessions.map((s) => `v-${Number(s.session_id.slice(4)) % 300}`)).size);
    expect(body.bounceRate.value).toBe(pct(sessions.filter((s) => !s.engaged).length, sessions.length));
  });

  it('GET /v1/metrics/timeseries: every bucket from the one sample', async () => {
    const { sessions } = audience(level);
    const body = await get(`/v1/metrics/timeseries?${AUDIENCE}&interval=day`);
    expect(body.sampled).toEqual({ rate: 2 ** -level, sessions: sessions.length });
    const points = body.points as {
      from: string;
      to: string;
      sessions: number;
      pageviews: number;
      visitors: number | null;
    }[];
    expect(points.reduce((n, p) => n + p.sessions, 0)).toBe(sessions.length * scale);
    // Each bucket the sample's sessions that started in it, with their page views.
    for (const p of points) {
      const of = sessions.filter((s) => s.hour >= Date.parse(p.from) && s.hour < Date.parse(p.to));
      expect(p.sessions, p.from).toBe(of.length * scale);
      expect(p.pageviews, p.from).toBe(of.reduce((n, s) => n + s.pageviews, 0) * scale);
    }
    expect(points.filter((p) => p.sessions > 0).length).toBeGreaterThan(0);
    expect(points.reduce((n, p) => n + p.pageviews, 0)).toBe(sessions.reduce((n, s) => n + s.pageviews, 0) * scale);
    expect(points.every((p) => p.visitors === null)).toBe(true);
    const exact = await get(`/v1/metrics/timeseries?${AUDIENCE}&interval=day&exact=true`);
    expect(exact.sampled).toBeUndefined();
    expect(exact.points.reduce((n: number, p: { sessions: number }) => n + p.sessions, 0)).toBe(
      audience(0).sessions.length,
    );
  });

  it('GET /v1/metrics/breakdown by entry page: each row the sample’s, scaled', async () => {
    const { sessions } = audience(level);
    const body = await get(`/v1/metrics/breakdown?${AUDIENCE}&by=entryPage`);
    expect(body.sampled).toEqual({ rate: 2 ** -level, sessions: sessions.length });
    const want = [...new Set(sessions.map((s) => s.entry_path))].sort().map((path) => {
      const of = sessions.filter((s) => s.entry_path === path);
      return {
        value: path,
        sessions: of.length * scale,
        bounceRate: pct(of.filter((s) => !s.engaged).length, of.length),
      };
    });
    const got = (body.rows as { value: string; sessions: number; bounceRate: number | null }[])
      .map(({ value, sessions: n, bounceRate }) => ({ value, sessions: n, bounceRate }))
      .sort((a, b) => (a.value < b.value ? -1 : 1));
    expect(got).toEqual(want);
  });

  it('GET /v1/metrics/breakdown by a trait under a path: each value’s visits of the page and entries on it, of the sample', async () => {
    // One trait (b2b, the lead above too: the same level) and a path; each session under its plan.
    const body = await get('/v1/metrics/breakdown?trait.type=b2b&path=%2Fa&by=trait.plan');
    const index = (id: string) => Number(id.slice(4));
    const inSample = (id: string) => isB2b(index(id)) && sessionSampleLevel(id) >= level;
    const planOf = (id: string) => (isPro(index(id)) ? 'pro' : 'free');
    const visits = stored.visits.filter((v) => v.path === '/a' && inSample(v.session_id));
    const entered = stored.sessions.filter((x) => x.entry_path === '/a' && inSample(x.session_id));
    expect(entered.length).toBeGreaterThan(0);
    expect(body.sampled).toEqual({ rate: 2 ** -level, sessions: visits.length });
    const plans = [...new Set([...visits, ...entered].map((x) => planOf(x.session_id)))].sort();
    expect(plans.length).toBeGreaterThan(0);
    expect(
      (body.rows as { value: string }[])
        .map(({ value, sessions: n, pageviews, bounceRate, conversionRate }: Record<string, unknown>) => ({
          value,
          sessions: n,
          pageviews,
          bounceRate,
          conversionRate,
        }))
        .sort((a, b) => (String(a.value) < String(b.value) ? -1 : 1)),
    ).toEqual(
      plans.map((value) => {
        const of = visits.filter((v) => planOf(v.session_id) === value);
        const ent = entered.filter((x) => planOf(x.session_id) === value);
        return {
          value,
          sessions: of.length * scale,
          pageviews: of.reduce((n, v) => n + v.pageviews, 0) * scale,
          bounceRate: pct(ent.filter((x) => !x.engaged).length, ent.length),
          conversionRate: pct(ent.filter((x) => x.tracks > 0).length, ent.length),
        };
      }),
    );
  });

  it('GET /v1/metrics/pages: views, visits and entries the sample’s scaled, scroll and bounce its own', async () => {
    const { sessions, visits } = audience(level);
    const body = await get(`/v1/metrics/pages?${AUDIENCE}`);
    expect(body.sampled).toEqual({ rate: 2 ** -level, sessions: sessions.length });
    const paths = [...new Set(visits.map((v) => v.path))].sort();
    const want = paths.map((path) => {
      const of = visits.filter((v) => v.path === path);
      const entered = sessions.filter((s) => s.entry_path === path);
      return {
        path,
        views: of.reduce((n, v) => n + v.pageviews, 0) * scale,
        sessions: of.length * scale,
        entries: entered.length * scale,
        avgScrollDepth: Math.round((of.reduce((n, v) => n + v.max_scroll, 0) / of.length) * 100) / 100,
      };
    });
    type Page = { path: string; views: number; sessions: number; entries: number; avgScrollDepth: number | null };
    const got = (body.pages as Page[])
      .map(({ path, views, sessions: n, entries, avgScrollDepth }) => ({
        path,
        views,
        sessions: n,
        entries,
        avgScrollDepth,
      }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
    expect(got).toEqual(want);
  });

  it('exact=maybe is a 400 problem naming exact, on each route', async () => {
    for (const route of ['overview', 'timeseries', 'breakdown?by=device&', 'pages']) {
      const url = `/v1/metrics/${route}${route.includes('?') ? '' : '?'}${AUDIENCE}&exact=maybe`;
      const res = await t.app.inject({ url, headers: { authorization: `Bearer ${site.secretKey}` } });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatch(/exact/);
    }
  });

  it('a trait no session has: an empty answer, not an error', async () => {
    const none = 'trait.plan=pro&trait.type=nobody';
    const overview = await get(`/v1/metrics/overview?${none}`);
    expect(overview.sessions.value).toBe(0);
    expect(overview.sampled).toBeUndefined();
    expect((await get(`/v1/metrics/breakdown?${none}&by=entryPage`)).rows).toEqual([]);
    expect((await get(`/v1/metrics/pages?${none}`)).pages).toEqual([]);
    const series = await get(`/v1/metrics/timeseries?${none}&interval=day`);
    expect(series.points.every((p: { sessions: number }) => p.sessions === 0)).toBe(true);
  });
});
