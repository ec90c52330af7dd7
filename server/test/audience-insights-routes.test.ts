import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LoupeEventInput } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { rows } from './helpers/collect.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The responses, insights and clicks routes by audience, from real identify calls through the
// writer: who answered (the traits an answer carried, its session new or returning), who clicked
// (the clicking session's traits), and the unhappy paths of the filters.

const T0 = Date.UTC(2026, 10, 2, 10);
const RANGE = 'from=2026-11-01&to=2026-11-03&tz=UTC';

describe('responses, insights and clicks by audience', () => {
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
    const answer = (s: string, v: string, ts: number, path: string, score: number) =>
      ev(s, v, ts, path, { type: 'response', promptId: nps, displayId: randomUUID(), kind: 'nps', score });
    const click = (s: string, v: string, ts: number, path: string, kind: string, selector: string) =>
      ev(s, v, ts, path, {
        type: 'click',
        kind,
        selector,
        tag: 'button',
        x: 1,
        y: 1,
        ...(kind === 'rage' ? { count: 4 } : {}),
      });
    const events = [
      // s1 (new visitor v1): a pro customer who met a rage click on /cart, then answered 2 on /checkout.
      ev('s1', 'v1', T0, '/', { type: 'pageview' }),
      ev('s1', 'v1', T0 + 1000, '/', { type: 'identify', customerId: 'cus_1', traits: { plan: 'pro', vip: true } }),
      ev('s1', 'v1', T0 + 2000, '/cart', { type: 'pageview' }),
      click('s1', 'v1', T0 + 3000, '/cart', 'rage', '#coupon'),
      click('s1', 'v1', T0 + 3500, '/cart', 'click', '#coupon'),
      ev('s1', 'v1', T0 + 4000, '/checkout', { type: 'pageview' }),
      answer('s1', 'v1', T0 + 5000, '/checkout', 2),
      // s2 (v1 again: returning), free plan: clicks and answers 10 on /.
      ev('s2', 'v1', T0 + 3_600_000, '/', { type: 'pageview' }),
      ev('s2', 'v1', T0 + 3_601_000, '/', { type: 'identify', customerId: 'cus_1', traits: { plan: 'free' } }),
      click('s2', 'v1', T0 + 3_602_000, '/', 'click', '#buy'),
      click('s2', 'v1', T0 + 3_602_500, '/', 'click', '#buy'),
      click('s2', 'v1', T0 + 3_603_000, '/', 'dead', '#logo'),
      answer('s2', 'v1', T0 + 3_604_000, '/', 10),
      // s3 (new visitor v2), never identified: answers 9 on /checkout after /cart.
      ev('s3', 'v2', T0 + 7_200_000, '/cart', { type: 'pageview' }),
      click('s3', 'v2', T0 + 7_201_000, '/cart', 'click', '#coupon'),
      ev('s3', 'v2', T0 + 7_202_000, '/checkout', { type: 'pageview' }),
      answer('s3', 'v2', T0 + 7_203_000, '/checkout', 9),
    ].map((event) => ({ event, device: 'desktop' as const, browser: 'chrome' }));
    // Small batches: the per-session clicks are summed across commits like the rollups.
    ingestDataset(t.app, site.siteId, events, 3);
  });
  afterAll(() => t.close());

  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers: { authorization: `Bearer ${site.secretKey}` } });
    const json = /^application\/(problem\+)?json/.test(String(res.headers['content-type']));
    return { status: res.statusCode, body: json ? res.json() : res.body, res };
  };
  const ok = async (url: string) => {
    const r = await get(url);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  it('keeps each session’s clicks per element and kind beside the click rollups', () => {
    expect(
      rows(
        t.app,
        'SELECT session_id, path, selector, kind, events, clicks FROM session_clicks WHERE site_id = ? ' +
          'ORDER BY session_id, path, selector, kind',
        site.siteId,
      ),
    ).toEqual([
      { session_id: 's1', path: '/cart', selector: '#coupon', kind: 'click', events: 1, clicks: 1 },
      { session_id: 's1', path: '/cart', selector: '#coupon', kind: 'rage', events: 1, clicks: 4 },
      { session_id: 's2', path: '/', selector: '#buy', kind: 'click', events: 2, clicks: 2 },
      { session_id: 's2', path: '/', selector: '#logo', kind: 'dead', events: 1, clicks: 1 },
      { session_id: 's3', path: '/cart', selector: '#coupon', kind: 'click', events: 1, clicks: 1 },
    ]);
  });

  it('backfills session_clicks from the raw clicks when migrated, to the rows the writer keeps', () => {
    const db = t.app.db.$client;
    const sql = readFileSync(new URL('../drizzle/0026_session_clicks.sql', import.meta.url), 'utf8');
    const backfill = sql.split('--> statement-breakpoint').find((s) => s.includes('INSERT INTO'))!;
    const all = () => rows(t.app, 'SELECT * FROM session_clicks WHERE site_id = ? ORDER BY 2, 3, 4, 5, 6', site.siteId);
    const kept = all();
    try {
      db.transaction(() => {
        db.prepare('DELETE FROM session_clicks WHERE site_id = ?').run(site.siteId);
        db.exec(backfill);
        expect(all()).toEqual(kept);
        throw new Error('rollback'); // the writer's rows stay as they were for the next tests
      })();
    } catch (e) {
      if ((e as Error).message !== 'rollback') throw e;
    }
    expect(all()).toEqual(kept);
  });

  it('lists and exports the answers of an audience', async () => {
    const scores = async (qs: string) =>
      ((await ok(`/v1/responses?${qs}`)).responses as { score: number }[]).map((r) => r.score);
    expect(await scores('trait.plan=pro')).toEqual([2]);
    expect(await scores('trait.vip=true')).toEqual([2]);
    expect(await scores('trait.plan=free&returning=true')).toEqual([10]);
    expect(await scores('returning=false')).toEqual([9, 2]);
    expect(await scores('returning=false&path=/checkout&trait.plan=pro')).toEqual([2]);
    expect(await scores('trait.plan=pro&trait.vip=false')).toEqual([]);
    expect(await scores('trait.shoeSize=44')).toEqual([]);
    const csv = (await ok(`/v1/responses.csv?trait.plan=free`)) as string;
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    const ndjson = (await ok(`/v1/responses.ndjson?returning=true`)) as string;
    expect(
      ndjson
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).score),
    ).toEqual([10]);
  });

  it('reads friction, journeys and touchpoints of an audience', async () => {
    const pro = await ok(`/v1/insights/friction?${RANGE}&minResponses=1&trait.plan=pro`);
    expect(pro.overall.met.responses).toBe(1);
    expect(pro.overall.notMet.responses).toBe(0);
    expect(pro.byType.find((x: { type: string }) => x.type === 'rage').met.responses).toBe(1);
    const fresh = await ok(`/v1/insights/friction?${RANGE}&minResponses=1&returning=false`);
    expect([fresh.overall.met.responses, fresh.overall.notMet.responses]).toEqual([1, 1]);

    const journeys = await ok(`/v1/insights/journeys?${RANGE}&segment=detractor&depth=3&trait.plan=pro`);
    expect(journeys.journeys.map((j: { steps: string[] }) => j.steps)).toEqual([['/', '/cart', '/checkout']]);
    expect(journeys.totals).toEqual({ segment: 1, compareTo: 0 });
    const promoters = await ok(`/v1/insights/journeys?${RANGE}&segment=promoter&depth=2&returning=false`);
    expect(promoters.journeys.map((j: { steps: string[] }) => j.steps)).toEqual([['/cart', '/checkout']]);

    const touch = await ok(`/v1/insights/touchpoints?${RANGE}&returning=false`);
    expect(touch.pages.map((p: { path: string; responses: number }) => [p.path, p.responses])).toEqual([
      ['/checkout', 2],
    ]);
    const none = await ok(`/v1/insights/touchpoints?${RANGE}&trait.shoeSize=44`);
    expect(none.pages).toEqual([]);
  });

  it('reads the clicks of an audience, every kind', async () => {
    const clicks = async (qs: string) =>
      ((await ok(`/v1/clicks?${RANGE}&${qs}`)).clicks as { selector: string; events: number; rage: number }[]).map(
        (c) => [c.selector, c.events, c.rage],
      );
    expect(await clicks('trait.plan=pro')).toEqual([['#coupon', 1, 1]]);
    expect(await clicks('kind=click&trait.plan=pro')).toEqual([['#coupon', 1, 1]]);
    expect(await clicks('kind=click&returning=false')).toEqual([['#coupon', 2, 1]]);
    expect(await clicks('kind=click&returning=true')).toEqual([['#buy', 2, 0]]);
    expect(await clicks('kind=dead&trait.plan=free')).toEqual([['#logo', 1, 0]]);
    expect(await clicks('kind=dead&trait.plan=pro')).toEqual([]);
    expect(await clicks('trait.shoeSize=44')).toEqual([]);
  });

  it('refuses malformed audience filters with a problem naming the parameter', async () => {
    const routes = [
      '/v1/responses?',
      '/v1/responses.csv?',
      '/v1/responses.ndjson?',
      `/v1/insights/friction?${RANGE}&`,
      `/v1/insights/journeys?${RANGE}&`,
      `/v1/insights/touchpoints?${RANGE}&`,
      `/v1/clicks?${RANGE}&`,
    ];
    const tooMany = Array.from({ length: 21 }, (_, i) => `trait.k${i}=v`).join('&');
    for (const route of routes) {
      for (const [qs, param] of [
        ['returning=maybe', 'returning'],
        [`trait.plan=${'p'.repeat(257)}`, 'trait.plan'],
        [`trait.${'k'.repeat(65)}=1`, 'trait.'],
        ['trait.plan=a&trait.plan=b', 'trait.plan'],
        [tooMany, 'trait.k20'],
      ] as const) {
        const { status, body, res } = await get(`${route}${qs}`);
        expect(status, `${route}${qs}`).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(JSON.stringify(body), route).toContain(param);
      }
    }
  });
});
