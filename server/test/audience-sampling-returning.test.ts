import type { LoupeEventInput } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SAMPLE_LEVEL, sessionSampleLevel } from '../src/lib/session-sample-level.js';
import { collectAll, rows, shopSite } from './helpers/collect.js';
import { click, engagement, jsError, pageview } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The routes that walk sessions under an audience without a trait (`returning=true` with a path or
// browser filter), past the server's threshold (LOUPE_FUNNEL_SAMPLE_THRESHOLD): the walk is the
// sessions' own sample index, at the lowest level whose share of the range's returning sessions
// is at most the threshold; each answer is held to the plain computation over the stored rows of
// that same sample, scaled by 2^level. exact=true walks them all.

const THRESHOLD = 40;
const SESSIONS = 400;
const T0 = Date.now() - 3 * 3_600_000;
const CART = 'returning=true&path=%2Fcart';

/** Session i: enters on /cart (i % 3 = 0) or /a, views /cart when odd (a JS error there when i % 5 = 1), buys when i % 4 = 0. */
function sessionEvents(i: number): LoupeEventInput[] {
  // 80 visitors: each one's sessions after its first are returning.
  const at = (ms: number, path: string) => ({
    sessionId: `ret-${i}`,
    visitorId: `v-${i % 80}`,
    ts: T0 + i * 1000 + ms,
    path,
  });
  const out: LoupeEventInput[] = [pageview(at(0, i % 3 === 0 ? '/cart' : '/a'))];
  if (i % 2 === 1) {
    out.push(pageview(at(300, '/cart')), engagement(12_000, 40 + (i % 50), at(400, '/cart')));
    out.push(click('click', at(450, '/cart')));
  }
  if (i % 5 === 1) out.push(jsError('boom', undefined, at(500, '/cart')));
  if (i % 4 === 0) out.push({ ...pageview(at(700, '/a')), type: 'track', name: 'buy' } as LoupeEventInput);
  return out;
}

interface SessionRow {
  session_id: string;
  returning: number;
  hour: number;
  entry_path: string;
  device: string;
  browser: string;
  pageviews: number;
  engaged: number;
  tracks: number;
  js_errors: number;
}
interface VisitRow {
  session_id: string;
  hour: number;
  path: string;
  device: string;
  pageviews: number;
  max_scroll: number;
  js_errors: number;
}

const pct = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 100);
const sum = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((n, x) => n + f(x), 0);

describe('the session-walking routes under an audience without a trait, past the sampling threshold', () => {
  let t: TestApp;
  let site: ReturnType<typeof shopSite>;
  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers: { authorization: `Bearer ${site.secretKey}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  let stored: { sessions: SessionRow[]; visits: VisitRow[] };
  let level = 0;
  /** The returning sessions and their visits as stored, of the sample at `at` (0: all of them). */
  const sample = (at: number) => {
    const sessions = stored.sessions.filter((s) => s.returning === 1 && sessionSampleLevel(s.session_id) >= at);
    const ids = new Set(sessions.map((s) => s.session_id));
    return { sessions, visits: stored.visits.filter((v) => ids.has(v.session_id)) };
  };

  beforeAll(async () => {
    t = await createTestApp({ LOUPE_FUNNEL_SAMPLE_THRESHOLD: String(THRESHOLD) });
    site = shopSite(t.app);
    await collectAll(t.app, site.publicKey, Array.from({ length: SESSIONS }, (_, i) => sessionEvents(i)).flat());
    stored = {
      sessions: rows<SessionRow>(
        t.app,
        'SELECT session_id, "returning", hour, entry_path, device, browser, pageviews, engaged, tracks, js_errors FROM sessions WHERE site_id = ?',
        site.siteId,
      ),
      visits: rows<VisitRow>(
        t.app,
        'SELECT session_id, hour, path, device, pageviews, max_scroll, js_errors FROM session_pages WHERE site_id = ? ' +
          'AND (pageviews > 0 OR max_scroll >= 0)',
        site.siteId,
      ),
    };
    // The level the threshold picks: the lowest whose share of the returning sessions is at most it.
    level = MAX_SAMPLE_LEVEL;
    for (let l = MAX_SAMPLE_LEVEL; l >= 0 && sample(l).sessions.length <= THRESHOLD; l--) level = l;
  }, 60_000);
  afterAll(() => t.close());

  it('stores each session’s sample level, and picks a real sample of the returning sessions', () => {
    expect(stored.sessions.filter((s) => s.returning === 1).length).toBeGreaterThan(THRESHOLD);
    const levels = rows<{ session_id: string; sample_level: number }>(
      t.app,
      'SELECT session_id, sample_level FROM sessions WHERE site_id = ?',
      site.siteId,
    );
    expect(levels.filter((r) => r.sample_level !== sessionSampleLevel(r.session_id))).toEqual([]);
    expect(level).toBeGreaterThan(0);
    expect(sample(level).sessions.length).toBeGreaterThan(3);
  });

  const cartOf = (s: ReturnType<typeof sample>) => {
    const visits = s.visits.filter((v) => v.path === '/cart');
    const entered = s.sessions.filter((x) => x.entry_path === '/cart');
    return { visits, entered };
  };

  it('GET /v1/metrics/overview under returning and a path: the page’s visits of the sample, scaled', async () => {
    const scale = 2 ** level;
    const { visits, entered } = cartOf(sample(level));
    const body = await get(`/v1/metrics/overview?${CART}`);
    expect(body.sampled).toEqual({ rate: 2 ** -level, sessions: visits.length });
    expect(body.sessions.value).toBe(visits.length * scale);
    expect(body.pageviews.value).toBe(sum(visits, (v) => v.pageviews) * scale);
    expect(body.bounceRate.value).toBe(pct(entered.filter((s) => !s.engaged).length, entered.length));
    expect(body.conversionRate.value).toBe(pct(entered.filter((s) => s.tracks > 0).length, entered.length));
    const exact = await get(`/v1/metrics/overview?${CART}&exact=true`);
    expect(exact.sampled).toBeUndefined();
    expect(exact.sessions.value).toBe(cartOf(sample(0)).visits.length);
  });

  it('GET /v1/metrics/timeseries and breakdown under returning and a path: the same visits', async () => {
    const scale = 2 ** level;
    const { visits } = cartOf(sample(level));
    const series = await get(`/v1/metrics/timeseries?${CART}&interval=day`);
    expect(series.sampled).toEqual({ rate: 2 ** -level, sessions: visits.length });
    expect(sum(series.points as { sessions: number }[], (p) => p.sessions)).toBe(visits.length * scale);
    const breakdown = await get(`/v1/metrics/breakdown?${CART}&by=device`);
    expect(breakdown.sampled).toEqual({ rate: 2 ** -level, sessions: visits.length });
    expect(sum(breakdown.rows as { sessions: number }[], (r) => r.sessions)).toBe(visits.length * scale);
  });

  it('under returning and a path: the overview’s goals of the sessions that entered on it, the breakdown’s rows, the series’ views', async () => {
    const scale = 2 ** level;
    const { visits, entered } = cartOf(sample(level));
    // Goal 'buy' (every track of the data): of the sessions that entered on the page only.
    const bought = entered.filter((s) => s.tracks > 0).length;
    expect(bought).toBeGreaterThan(0);
    expect(sample(level).sessions.filter((s) => s.tracks > 0).length).toBeGreaterThan(bought);
    const overview = await get(`/v1/metrics/overview?${CART}`);
    expect(overview.goals).toMatchObject([
      { name: 'buy', conversions: { value: bought * scale }, conversionRate: { value: pct(bought, entered.length) } },
    ]);
    // Visits by their own device, entries by their session's.
    const devices = [...new Set([...visits, ...entered].map((x) => x.device))].sort();
    const breakdown = await get(`/v1/metrics/breakdown?${CART}&by=device`);
    expect([...(breakdown.rows as { value: string }[])].sort((a, b) => (a.value < b.value ? -1 : 1))).toEqual(
      devices.map((value) => {
        const of = visits.filter((v) => v.device === value);
        const ent = entered.filter((s) => s.device === value);
        return {
          value,
          visitors: null,
          sessions: of.length * scale,
          pageviews: sum(of, (v) => v.pageviews) * scale,
          bounceRate: pct(ent.filter((s) => !s.engaged).length, ent.length),
          avgEngagementMs: null,
          conversionRate: pct(ent.filter((s) => s.tracks > 0).length, ent.length),
          returningVisitorRate: null,
        };
      }),
    );
    // Each day's figures of its own visits and entries (the site's zone is UTC).
    const series = await get(`/v1/metrics/timeseries?${CART}&interval=day`);
    const dayOf = (hour: number) => new Date(hour - (hour % 86_400_000)).toISOString();
    const days = [...new Set([...visits, ...entered].map((x) => dayOf(x.hour)))].sort();
    expect(
      (series.points as { from: string; sessions: number; pageviews: number; bounceRate: number | null }[])
        .filter((p) => p.sessions > 0 || p.bounceRate !== null)
        .map(({ from, sessions, pageviews, bounceRate }) => ({ from, sessions, pageviews, bounceRate })),
    ).toEqual(
      days.map((from) => {
        const of = visits.filter((v) => dayOf(v.hour) === from);
        const ent = entered.filter((x) => dayOf(x.hour) === from);
        return {
          from,
          sessions: of.length * scale,
          pageviews: sum(of, (v) => v.pageviews) * scale,
          bounceRate: pct(ent.filter((x) => !x.engaged).length, ent.length),
        };
      }),
    );
  });

  it('the error rate of a page and the clicks under returning and a path are counted: exact, never sampled', async () => {
    const { visits } = cartOf(sample(0));
    const errors = visits.filter((v) => v.js_errors > 0).length;
    const body = await get(`/v1/metrics/error-rate?${CART}`);
    expect(body.sampled).toBeUndefined();
    expect(body.total).toEqual({
      sessions: visits.length,
      errorSessions: errors,
      errorRate: pct(errors, visits.length),
    });
    const clicked = visits.filter((v) => Number(v.session_id.slice(4)) % 2 === 1).length;
    const clicks = await get(`/v1/clicks?kind=click&${CART}`);
    expect(clicks.sampled).toBeUndefined();
    expect(clicks.clicks).toMatchObject([{ path: '/cart', selector: '#checkout', clicks: clicked }]);
  });

  it('under returning and a browser: overview, pages, breakdown and error rate by page from the sample', async () => {
    const scale = 2 ** level;
    const browser = stored.sessions[0]!.browser;
    const aud = `returning=true&browser=${encodeURIComponent(browser)}`;
    const { sessions, visits } = sample(level);
    const mine = sessions.filter((s) => s.browser === browser);
    expect(mine.length).toBe(sessions.length);
    const sampled = { rate: 2 ** -level, sessions: sessions.length };
    const overview = await get(`/v1/metrics/overview?${aud}`);
    expect(overview.sampled).toEqual(sampled);
    expect(overview.sessions.value).toBe(sessions.length * scale);
    expect(overview.bounceRate.value).toBe(pct(sessions.filter((s) => !s.engaged).length, sessions.length));
    expect(overview.visitors.value).toBeNull();
    const pages = await get(`/v1/metrics/pages?${aud}`);
    expect(pages.sampled).toEqual(sampled);
    const got = (pages.pages as { path: string; views: number; sessions: number; entries: number }[])
      .map(({ path, views, sessions: n, entries }) => ({ path, views, sessions: n, entries }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
    const want = [...new Set(visits.map((v) => v.path))].sort().map((path) => {
      const of = visits.filter((v) => v.path === path);
      return {
        path,
        views: sum(of, (v) => v.pageviews) * scale,
        sessions: of.length * scale,
        entries: sessions.filter((s) => s.entry_path === path).length * scale,
      };
    });
    expect(got).toEqual(want);
    const breakdown = await get(`/v1/metrics/breakdown?${aud}&by=entryPage`);
    expect(breakdown.sampled).toEqual(sampled);
    expect(
      (breakdown.rows as { value: string; sessions: number }[])
        .map(({ value, sessions: n }) => ({ value, sessions: n }))
        .sort((a, b) => (a.value < b.value ? -1 : 1)),
    ).toEqual(
      [...new Set(sessions.map((s) => s.entry_path))]
        .sort()
        .map((value) => ({ value, sessions: sessions.filter((s) => s.entry_path === value).length * scale })),
    );
    const byPage = await get(`/v1/metrics/error-rate?${aud}&by=page`);
    expect(byPage.sampled).toEqual(sampled);
    const errorSessions = sessions.filter((s) => s.js_errors > 0).length;
    expect(byPage.total).toEqual({
      sessions: sessions.length * scale,
      errorSessions: errorSessions * scale,
      errorRate: pct(errorSessions, sessions.length),
    });
    const cart = visits.filter((v) => v.path === '/cart');
    expect((byPage.groups as { key: string }[]).find((g) => g.key === '/cart')).toEqual({
      key: '/cart',
      sessions: cart.length * scale,
      errorSessions: cart.filter((v) => v.js_errors > 0).length * scale,
      errorRate: pct(cart.filter((v) => v.js_errors > 0).length, cart.length),
    });
    // Engagement under returning and a browser is counted: exact.
    const engagement = await get(`/v1/metrics/engagement?${aud}`);
    expect(engagement.sampled).toBeUndefined();
    expect(engagement.total.sessions).toBe(sample(0).sessions.length);
    const exact = await get(`/v1/metrics/overview?${aud}&exact=true`);
    expect(exact.sampled).toBeUndefined();
    expect(exact.sessions.value).toBe(sample(0).sessions.length);
  });
});
