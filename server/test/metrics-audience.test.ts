import { randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The metrics routes under trait and returning filters, on a small hand-made site: a pro
// customer, a free one who comes back, and a visitor who never identifies. What each route answers
// for an audience, how a breakdown by trait reports sessions without the trait, and the unhappy
// paths (400 naming the parameter; an unknown trait is an empty answer).

const T0 = Date.UTC(2026, 10, 2, 10);
const RANGE = 'from=2026-11-01&to=2026-11-03&tz=UTC';
const ROUTES = ['/v1/metrics/overview', '/v1/metrics/timeseries', '/v1/metrics/breakdown', '/v1/metrics/pages'];

describe('metrics routes by audience', () => {
  let t: TestApp;
  let site: ReturnType<typeof createSite>;
  beforeAll(async () => {
    t = await createTestApp();
    site = createSite(t.app.db, { name: 'Shop', origins: [] });
    const nps = createDatasetPrompts(t.app, site.siteId).nps;
    const ev = (sessionId: string, visitorId: string, ts: number, path: string, rest: Record<string, unknown>) =>
      ({
        id: randomUUID(),
        ts,
        sessionId,
        visitorId,
        url: `https://shop.example${path}`,
        path,
        ...rest,
      }) as LoupeEventInput;
    const events = [
      // The pro customer, on desktop: two pages, a goal, a 10 answer.
      ...[
        ev('pro1', 'vp', T0, '/', { type: 'pageview' }),
        ev('pro1', 'vp', T0 + 1000, '/', { type: 'identify', customerId: 'c-pro', traits: { plan: 'pro' } }),
        ev('pro1', 'vp', T0 + 2000, '/pricing', { type: 'pageview' }),
        ev('pro1', 'vp', T0 + 3000, '/pricing', { type: 'engagement', engagedMs: 12_000, scrollDepth: 80 }),
        ev('pro1', 'vp', T0 + 4000, '/pricing', { type: 'track', name: 'signup' }),
        ev('pro1', 'vp', T0 + 5000, '/pricing', {
          type: 'response',
          promptId: nps,
          displayId: randomUUID(),
          kind: 'nps',
          score: 10,
        }),
      ].map((event) => ({ event, device: 'desktop' as const, browser: 'chrome' })),
      // The free customer, on mobile, twice: the second session is a returning visitor's.
      ...[
        ev('free1', 'vf', T0 + 60_000, '/', { type: 'pageview' }),
        ev('free1', 'vf', T0 + 61_000, '/', { type: 'identify', customerId: 'c-free', traits: { plan: 'free' } }),
        ev('free2', 'vf', T0 + 3_600_000, '/pricing', { type: 'pageview' }),
        ev('free2', 'vf', T0 + 3_601_000, '/pricing', {
          type: 'identify',
          customerId: 'c-free',
          traits: { plan: 'free' },
        }),
        ev('free2', 'vf', T0 + 3_602_000, '/pricing', {
          type: 'response',
          promptId: nps,
          displayId: randomUUID(),
          kind: 'nps',
          score: 2,
          comment: 'too dear',
        }),
      ].map((event) => ({ event, device: 'mobile' as const, browser: 'safari' })),
      // Someone who never says who they are.
      {
        event: ev('anon', 'va', T0 + 120_000, '/', { type: 'pageview' }),
        device: 'mobile' as const,
        browser: 'safari',
      },
    ].sort((a, b) => a.event.ts - b.event.ts);
    ingestDataset(t.app, site.siteId, events, 3);
  });
  afterAll(() => t.close());

  const get = async (path: string, qs: string) => {
    const res = await t.app.inject({
      url: `${path}?${RANGE}&${qs}`,
      headers: { authorization: `Bearer ${site.secretKey}` },
    });
    return res;
  };
  const ok = async (path: string, qs: string) => {
    const res = await get(path, qs);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('overview: every figure narrows to the audience', async () => {
    const pro = await ok('/v1/metrics/overview', 'trait.plan=pro');
    expect(pro.visitors.value).toBe(1);
    expect(pro.sessions.value).toBe(1);
    expect(pro.pageviews.value).toBe(2);
    expect(pro.bounceRate.value).toBe(0);
    expect(pro.conversionRate.value).toBe(100);
    expect(pro.responses.value).toBe(1);
    expect(pro.nps.value).toBe(100);
    expect(pro.complaints.value).toBe(0);
    expect(pro.goals).toEqual([
      {
        name: 'signup',
        conversions: { value: 1, previous: 0, change: 1, changePercent: null },
        conversionRate: { value: 100, previous: null, change: null, changePercent: null },
      },
    ]);
    const free = await ok('/v1/metrics/overview', 'trait.plan=free');
    expect(free.visitors.value).toBe(1);
    expect(free.sessions.value).toBe(2);
    expect(free.returningVisitorRate.value).toBe(100);
    expect(free.nps.value).toBe(-100);
    expect(free.complaints.value).toBe(1);
    expect(free.goals).toEqual([]);
    const back = await ok('/v1/metrics/overview', 'returning=true');
    expect(back.sessions.value).toBe(1);
    const newcomers = await ok('/v1/metrics/overview', 'returning=false&device=mobile');
    expect(newcomers.sessions.value).toBe(2); // free1 and anon
    // Under a path and an audience, time on the page is not kept per visit: null, not the page's.
    const page = await ok('/v1/metrics/overview', 'trait.plan=pro&path=/pricing');
    expect(page.sessions.value).toBe(1);
    expect(page.avgEngagementMs.value).toBeNull();
  });

  it('an unknown trait name or value is an empty answer, not an error', async () => {
    for (const qs of ['trait.tier=gold', 'trait.plan=gold']) {
      const o = await ok('/v1/metrics/overview', qs);
      expect([o.visitors.value, o.sessions.value, o.pageviews.value, o.responses.value]).toEqual([0, 0, 0, 0]);
      expect(o.nps.value).toBeNull();
      const ts = await ok('/v1/metrics/timeseries', `${qs}&interval=day`);
      expect(ts.points.every((p: { sessions: number; responses: number }) => p.sessions + p.responses === 0)).toBe(
        true,
      );
      expect((await ok('/v1/metrics/breakdown', `${qs}&by=device`)).rows).toEqual([]);
      expect((await ok('/v1/metrics/breakdown', 'by=trait.tier')).rows).toEqual([]);
      expect((await ok('/v1/metrics/pages', qs)).pages).toEqual([]);
    }
  });

  it('breakdown by=trait.<name>: one row per value; sessions without the trait are in no row', async () => {
    const body = await ok('/v1/metrics/breakdown', 'by=trait.plan');
    expect(body.by).toBe('trait.plan');
    expect(body.totalValues).toBe(2);
    expect(
      body.rows.map((r: { value: string; sessions: number; visitors: number }) => [r.value, r.sessions, r.visitors]),
    ).toEqual([
      ['free', 2, 1],
      ['pro', 1, 1],
    ]);
    const mobile = await ok('/v1/metrics/breakdown', 'by=trait.plan&device=mobile&returning=false');
    expect(mobile.rows.map((r: { value: string; sessions: number }) => [r.value, r.sessions])).toEqual([['free', 1]]);
    const byDevice = await ok('/v1/metrics/breakdown', 'by=device&trait.plan=free');
    expect(byDevice.rows.map((r: { value: string; sessions: number }) => [r.value, r.sessions])).toEqual([
      ['mobile', 2],
    ]);
  });

  it('pages: visits, entries and answers of the audience; what visits do not keep is null', async () => {
    const body = await ok('/v1/metrics/pages', 'trait.plan=pro');
    expect(body.pages.map((p: { path: string }) => p.path).sort()).toEqual(['/', '/pricing']);
    const pricing = body.pages.find((p: { path: string }) => p.path === '/pricing');
    expect(pricing).toMatchObject({
      views: 1,
      sessions: 1,
      entries: 0,
      avgScrollDepth: 80,
      avgEngagementMs: null,
      rageClicks: null,
      deadClicks: null,
      errorClicks: null,
      jsErrors: 0,
      vitals: { LCP: null, INP: null, CLS: null, FCP: null, TTFB: null },
      responses: 1,
      nps: 100,
    });
    // Without an audience the same page keeps its counts.
    const all = await ok('/v1/metrics/pages', '');
    expect(all.pages.find((p: { path: string }) => p.path === '/pricing').rageClicks).toBe(0);
  });

  it('timeseries: each point narrows to the audience', async () => {
    const body = await ok('/v1/metrics/timeseries', 'trait.plan=free&interval=hour');
    const busy = body.points.filter((p: { sessions: number }) => p.sessions > 0);
    expect(
      busy.map((p: { from: string; sessions: number; responses: number }) => [p.from, p.sessions, p.responses]),
    ).toEqual([
      ['2026-11-02T10:00:00.000Z', 1, 0],
      ['2026-11-02T11:00:00.000Z', 1, 1],
    ]);
  });

  it('bad filters get a 400 problem naming the parameter, on every route', async () => {
    const cases: [string, string][] = [
      ['trait.plan=pro&trait.plan=free', 'querystring.trait.plan'],
      [`trait.plan=${'x'.repeat(257)}`, 'querystring.trait.plan'],
      [`trait.${'k'.repeat(65)}=x`, `querystring.trait.${'k'.repeat(65)}`],
      [Array.from({ length: 21 }, (_, i) => `trait.k${i}=v`).join('&'), 'querystring.trait.k20'],
      ['returning=maybe', 'querystring.returning'],
    ];
    for (const route of ROUTES) {
      for (const [qs, param] of cases) {
        const res = await get(route, `${qs}${route.endsWith('breakdown') ? '&by=device' : ''}`);
        expect(res.statusCode, `${route}?${qs}`).toBe(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body, `${route}?${qs}`).toContain(param);
      }
    }
    for (const by of ['trait.', `trait.${'k'.repeat(65)}`, 'plan']) {
      const res = await get('/v1/metrics/breakdown', `by=${by}`);
      expect(res.statusCode, by).toBe(400);
      expect(res.body).toContain('querystring.by');
    }
  });
});
