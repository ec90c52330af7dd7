import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudiencePageRateDeltas } from '../src/features/ingest/derive/audience-page-rate-deltas.js';
import { HOUR_MS, hourOf } from '../src/lib/hour-bucket.js';
import { collect, rows, shopSite } from './helpers/collect.js';
import { click, engagement, jsError, pageview } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { sessionTraitInsert } from './helpers/session-trait-insert.js';

// The rates routes on events sent through /v1/collect in several requests (each its own commit),
// then their unhappy paths: every bad parameter is a 400 problem naming it.

describe('GET /v1/metrics/error-rate, /v1/metrics/engagement and /v1/clicks?kind=click', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  function site() {
    const s = shopSite(t.app);
    const send = async (...events: object[]) => {
      const res = await collect(t.app, { key: s.publicKey, events });
      expect(res.statusCode, res.body).toBe(202);
    };
    const get = async (url: string, status = 200) => {
      const res = await t.app.inject({ url, headers: { authorization: `Bearer ${s.secretKey}` } });
      expect(res.statusCode, res.body).toBe(status);
      return res.json();
    };
    return { ...s, send, get };
  }

  const t0 = hourOf(Date.now() - 3 * HOUR_MS) + 60_000;
  const at = (sessionId: string, path: string, minutes: number) => ({
    sessionId,
    path,
    url: `https://shop.example${path}`,
    ts: t0 + minutes * 60_000,
  });

  it('counts each session once and each error session once, across commits, per release and page', async () => {
    const s = site();
    // a: release 2.0, two errors in two commits on /cart; b: release 1.0, no JS error (a failed image
    // only); c: no release, an error on /checkout before its page view (not the visit's) and one after.
    await s.send({ ...pageview(at('a', '/cart', 0)), release: '2.0' }, pageview(at('b', '/', 0)));
    await s.send(jsError('boom', undefined, at('a', '/cart', 1)), {
      ...jsError('img', undefined, at('b', '/', 1)),
      source: 'resource',
    });
    await s.send(jsError('boom again', undefined, at('a', '/cart', 2)), engagement(12_000, 50, at('a', '/cart', 3)));
    await s.send(pageview(at('c', '/', 0)), jsError('early', undefined, at('c', '/checkout', 1)));
    await s.send(pageview(at('c', '/checkout', 2)));
    await s.send(jsError('late', undefined, at('c', '/checkout', 3)));
    expect(
      rows(t.app, 'SELECT session_id, release, js_errors FROM sessions WHERE site_id = ? ORDER BY 1', s.siteId),
    ).toEqual([
      { session_id: 'a', release: '2.0', js_errors: 2 },
      { session_id: 'b', release: '', js_errors: 0 },
      { session_id: 'c', release: '', js_errors: 2 },
    ]);

    const day = `from=${new Date(t0 - 86_400_000).toISOString().slice(0, 10)}&tz=UTC`;
    const all = await s.get(`/v1/metrics/error-rate?${day}&by=release`);
    expect(all.total).toEqual({ sessions: 3, errorSessions: 2, errorRate: 66.67 });
    expect(all.groups).toEqual([
      { key: '', sessions: 2, errorSessions: 1, errorRate: 50 },
      { key: '2.0', sessions: 1, errorSessions: 1, errorRate: 100 },
    ]);
    expect(all.series.reduce((n: number, p: { sessions: number }) => n + p.sessions, 0)).toBe(3);

    const pages = await s.get(`/v1/metrics/error-rate?${day}&by=page`);
    expect(pages.total.sessions).toBe(3);
    expect(pages.groups).toEqual([
      { key: '/cart', sessions: 1, errorSessions: 1, errorRate: 100 },
      { key: '/checkout', sessions: 1, errorSessions: 1, errorRate: 100 },
      { key: '/', sessions: 2, errorSessions: 0, errorRate: 0 },
    ]);
    const home = await s.get(`/v1/metrics/error-rate?${day}&path=/`);
    expect(home.total).toEqual({ sessions: 2, errorSessions: 0, errorRate: 0 });
    const release = await s.get(`/v1/metrics/error-rate?${day}&release=2.0`);
    expect(release.total).toEqual({ sessions: 1, errorSessions: 1, errorRate: 100 });
    const none = await s.get(`/v1/metrics/error-rate?${day}&browser=netscape`);
    expect(none.total).toEqual({ sessions: 0, errorSessions: 0, errorRate: null });

    const eng = await s.get(`/v1/metrics/engagement?${day}`);
    expect(eng.total.sessions).toBe(3);
    expect(eng.total.meanMs).toBe(4000);
    expect(eng.total.medianMs).toBe(0);

    // Who the customer is: traits and returning are kept per session (here written as the
    // identify derivation stores them, the counts kept by who the session is moved around the
    // writes as the writer moves them), and the rates read those sessions or those counts.
    const db = t.app.db.$client;
    const moved = new AudiencePageRateDeltas(db);
    for (const id of ['a', 'b', 'c']) moved.touch(s.siteId, id);
    moved.before();
    const trait = sessionTraitInsert(db);
    trait.run(s.siteId, 'a', 'plan', 'pro');
    trait.run(s.siteId, 'b', 'plan', 'pro');
    trait.run(s.siteId, 'b', 'country', 'DK');
    trait.run(s.siteId, 'c', 'plan', 'free');
    db.prepare(`UPDATE sessions SET "returning" = 1 WHERE site_id = ? AND session_id = 'c'`).run(s.siteId);
    moved.apply();
    const pro = await s.get(`/v1/metrics/error-rate?${day}&trait.plan=pro&by=release`);
    expect(pro.total).toEqual({ sessions: 2, errorSessions: 1, errorRate: 50 });
    expect(pro.groups).toEqual([
      { key: '2.0', sessions: 1, errorSessions: 1, errorRate: 100 },
      { key: '', sessions: 1, errorSessions: 0, errorRate: 0 },
    ]);
    const both = await s.get(`/v1/metrics/error-rate?${day}&trait.plan=pro&trait.country=DK&by=page`);
    expect(both.total).toEqual({ sessions: 1, errorSessions: 0, errorRate: 0 });
    expect(both.groups).toEqual([{ key: '/', sessions: 1, errorSessions: 0, errorRate: 0 }]);
    const returning = await s.get(`/v1/metrics/error-rate?${day}&returning=true&path=/checkout`);
    expect(returning.total).toEqual({ sessions: 1, errorSessions: 1, errorRate: 100 });
    const fresh = await s.get(`/v1/metrics/engagement?${day}&returning=false`);
    expect(fresh.total).toEqual({ sessions: 2, meanMs: 6000, medianMs: 0 });
    const proEngaged = await s.get(`/v1/metrics/engagement?${day}&trait.plan=pro&browser=${'x'.repeat(3)}`);
    expect(proEngaged.total).toEqual({ sessions: 0, meanMs: null, medianMs: null });
    // An unknown trait is an empty answer, not an error.
    const unknown = await s.get(`/v1/metrics/error-rate?${day}&trait.shoeSize=44`);
    expect(unknown.total).toEqual({ sessions: 0, errorSessions: 0, errorRate: null });
    expect(unknown.series.every((p: { sessions: number }) => p.sessions === 0)).toBe(true);
  });

  it('lists ordinary clicks per element with the frustration beside', async () => {
    const s = site();
    const c = (kind: 'click' | 'rage', sel: string, m: number) => ({ ...click(kind, at('a', '/', m)), selector: sel });
    await s.send(pageview(at('a', '/', 0)), c('click', '#buy', 1), c('click', '#buy', 2));
    await s.send(c('click', '#logo', 3), c('rage', '#buy', 4), c('click', '#buy', 5));
    const day = `from=${new Date(t0 - 86_400_000).toISOString().slice(0, 10)}&tz=UTC`;
    const body = await s.get(`/v1/clicks?${day}&kind=click`);
    expect(body.totalGroups).toBe(2);
    expect(body.clicks).toEqual([
      { path: '/', selector: '#buy', events: 3, clicks: 3, rage: 1, dead: 0, error: 0 },
      { path: '/', selector: '#logo', events: 1, clicks: 1, rage: 0, dead: 0, error: 0 },
    ]);
    const frustration = await s.get(`/v1/clicks?${day}`);
    expect(frustration.clicks.map((x: { selector: string }) => x.selector)).toEqual(['#buy']);
  });

  it('answers bad input with a 400 problem naming the parameter', async () => {
    const s = site();
    const bad = async (url: string, param: string) => {
      const res = await t.app.inject({ url, headers: { authorization: `Bearer ${s.secretKey}` } });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body, url).toContain(param);
    };
    await bad('/v1/metrics/error-rate?by=visitor', 'by');
    await bad('/v1/metrics/error-rate?release=1.0&path=/', 'release');
    await bad('/v1/metrics/error-rate?release=1.0&by=page', 'release');
    await bad('/v1/metrics/error-rate?by=release&path=/', 'by');
    await bad(`/v1/metrics/error-rate?release=${'x'.repeat(65)}`, 'release');
    await bad('/v1/metrics/error-rate?path=cart', 'path');
    await bad('/v1/metrics/error-rate?limit=0', 'limit');
    await bad('/v1/metrics/error-rate?limit=201', 'limit');
    await bad('/v1/metrics/error-rate?device=fridge', 'device');
    await bad('/v1/metrics/error-rate?from=2024-01-01&to=2024-03-01&interval=hour', 'interval');
    await bad('/v1/metrics/error-rate?trait.plan=pro&x=1', 'x');
    await bad('/v1/metrics/engagement?path=/', 'path');
    await bad('/v1/metrics/engagement?interval=minute', 'interval');
    await bad('/v1/metrics/engagement?tz=Mars/Olympus', 'tz');
    await bad('/v1/clicks?kind=hover', 'kind');
    await bad('/v1/errors?trait.plan=pro', 'trait.plan');
    await bad('/v1/metrics/error-rate?returning=maybe', 'returning');
    await bad(`/v1/metrics/error-rate?trait.plan=${'p'.repeat(257)}`, 'trait.plan');
    await bad(`/v1/metrics/engagement?trait.${'k'.repeat(65)}=1`, 'trait.');
    const many = Array.from({ length: 21 }, (_, i) => `trait.t${i}=v`).join('&');
    await bad(`/v1/metrics/error-rate?${many}`, 'trait.t20');
    const anon = await t.app.inject({ url: '/v1/metrics/error-rate' });
    expect(anon.statusCode).toBe(401);
    const wrongKey = await t.app.inject({
      url: '/v1/metrics/engagement',
      headers: { authorization: 'Bearer sk_nope' },
    });
    expect(wrongKey.statusCode).toBe(401);
  });
});
