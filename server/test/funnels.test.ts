import { randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, rows, shopSite } from './helpers/collect.js';
import { base, pageview, response } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const track = (name: string, over: Parameters<typeof base>[0]): LoupeEventInput => ({
  ...base(over),
  type: 'track',
  name,
});

describe('GET /v1/funnels and GET /v1/metrics/conversion', () => {
  let t: TestApp;
  let site: ReturnType<typeof shopSite>;
  const get = (url: string, key = site.secretKey) => t.app.inject({ url, headers: { authorization: `Bearer ${key}` } });
  const T0 = Date.now() - 3 * 3_600_000;

  /** One session's page views and goals, a second apart (or at the times given). */
  const visit = (sessionId: string, steps: (string | [string, number])[], device?: 'mobile' | 'desktop') =>
    steps.map((s, i) => {
      const [step, at] = typeof s === 'string' ? [s, T0 + i * 1000] : s;
      const over = { sessionId, ts: at, ...(device ? { device } : {}) };
      return step.startsWith('track:')
        ? track(step.slice(6), { ...over, path: '/checkout' })
        : pageview({ ...over, path: step });
    });

  beforeAll(async () => {
    t = await createTestApp();
    site = shopSite(t.app);
    const events = [
      ...visit('a', ['/product/1', '/cart', '/checkout', 'track:purchase']),
      ...visit('b', ['/product/2', '/cart']),
      // Cart first, then a product: entered the funnel, never reached the cart after it.
      ...visit('c', ['/cart', '/product/1'], 'mobile'),
      // Back to the products and on to the cart again: the later cart view counts.
      ...visit('d', ['/cart', '/product/3/', '/cart', '/checkout'], 'mobile'),
      ...visit('e', ['/about']),
      response(randomUUID(), 10, { sessionId: 'a', ts: T0 + 5000, path: '/checkout' }),
      response(randomUUID(), 3, { sessionId: 'c', ts: T0 + 5000 }),
      response(randomUUID(), 8, { sessionId: 'd', ts: T0 + 5000 }),
    ];
    const res = await collect(t.app, { key: site.publicKey, events });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().rejected ?? []).toEqual([]);
  });
  afterAll(() => t.close());

  it('counts entries, conversions, drop-off and the median time per step, in order within each session', async () => {
    const res = await get('/v1/funnels?steps=/product/*,/cart,/checkout,track:purchase');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.steps.map((s: { step: string }) => s.step)).toEqual([
      '/product/*',
      '/cart',
      '/checkout',
      'track:purchase',
    ]);
    expect(body.steps.map((s: { entered: number }) => s.entered)).toEqual([4, 3, 2, 1]);
    expect(body.steps[0]).toMatchObject({
      converted: 3,
      dropOff: 1,
      conversionRate: 75,
      fromStartRate: 100,
      medianMsToNext: 1000,
    });
    expect(body.steps[1]).toMatchObject({ converted: 2, dropOff: 1, fromStartRate: 75 });
    expect(body.steps[3]).toMatchObject({ converted: 0, dropOff: 0, conversionRate: null, medianMsToNext: null });
    expect(body.completionRate).toBe(25);
    expect(body.medianMsToComplete).toBe(3000);
  });

  it('a repeated step needs a repeated reach, and segment filters narrow the sessions', async () => {
    const twice = (await get('/v1/funnels?steps=/cart,/cart')).json();
    expect(twice.steps.map((s: { entered: number }) => s.entered)).toEqual([4, 1]);
    const mobile = (await get('/v1/funnels?steps=/product/*,/cart&device=mobile')).json();
    expect(mobile.steps.map((s: { entered: number }) => s.entered)).toEqual([2, 1]);
    const viaAbout = (await get('/v1/funnels?steps=/product/*,/cart&path=/about')).json();
    expect(viaAbout.steps.map((s: { entered: number }) => s.entered)).toEqual([0, 0]);
  });

  it('trait filters and returning narrow to those customers’ sessions (an unknown trait: zeros)', async () => {
    const db = t.app.db.$client;
    const addTrait = db.prepare('INSERT INTO session_traits (site_id, session_id, key, value) VALUES (?, ?, ?, ?)');
    addTrait.run(site.siteId, 'a', 'plan', 'pro');
    addTrait.run(site.siteId, 'd', 'plan', 'pro');
    addTrait.run(site.siteId, 'd', 'country', 'PT');
    addTrait.run(site.siteId, 'b', 'plan', 'free');
    db.prepare('UPDATE sessions SET "returning" = 1 WHERE site_id = ? AND session_id IN (?, ?)').run(
      site.siteId,
      'b',
      'c',
    );
    const entered = async (qs: string) =>
      (await get(`/v1/funnels?steps=/product/*,/cart,/checkout&${qs}`))
        .json()
        .steps.map((s: { entered: number }) => s.entered);
    expect(await entered('trait.plan=pro')).toEqual([2, 2, 2]);
    expect(await entered('trait.plan=pro&trait.country=PT')).toEqual([1, 1, 1]);
    expect(await entered('trait.plan=enterprise')).toEqual([0, 0, 0]);
    expect(await entered('trait.nosuchtrait=x')).toEqual([0, 0, 0]);
    expect(await entered('returning=true')).toEqual([2, 1, 0]);
    expect(await entered('returning=false&trait.plan=pro')).toEqual([2, 2, 2]);
    const band = (await get('/v1/metrics/conversion?by=band&goal=purchase&trait.plan=pro')).json();
    expect(band.rows.map((r: { value: string }) => r.value)).toEqual(['promoter', 'passive']);
    const device = (await get('/v1/metrics/conversion?by=device&returning=true')).json();
    expect(device.rows.map((r: { sessions: number }) => r.sessions).reduce((a: number, b: number) => a + b, 0)).toBe(2);
    const bad = await get(`/v1/funnels?steps=/a,/b&trait.${'k'.repeat(65)}=x`);
    expect(bad.statusCode).toBe(400);
    expect((await get('/v1/funnels?steps=/a,/b&returning=maybe')).json().errors[0].path).toBe('querystring.returning');
    db.prepare('DELETE FROM session_traits WHERE site_id = ?').run(site.siteId);
    db.prepare('UPDATE sessions SET "returning" = 0 WHERE site_id = ?').run(site.siteId);
  });

  it('unknown pages and goals give zeros, not errors', async () => {
    const res = await get('/v1/funnels?steps=/nowhere,track:never');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      steps: [{ entered: 0, conversionRate: null }, { entered: 0 }],
      completionRate: null,
    });
  });

  it('a range before the sessions has nobody in it', async () => {
    const day = new Date(T0 - 10 * 86_400_000).toISOString().slice(0, 10);
    const body = (await get(`/v1/funnels?steps=/product/*,/cart&from=${day}&to=${day}`)).json();
    expect(body.steps[0].entered).toBe(0);
  });

  it('goal conversion per device, page and score band', async () => {
    const device = (await get('/v1/metrics/conversion?by=device&goal=purchase')).json();
    expect(device.rows).toEqual([
      { value: 'desktop', sessions: 3, converted: 1, conversionRate: 33.33 },
      { value: 'mobile', sessions: 2, converted: 0, conversionRate: 0 },
    ]);
    const page = (await get('/v1/metrics/conversion?by=page')).json();
    expect(page.rows.find((r: { value: string }) => r.value === '/checkout')).toEqual({
      value: '/checkout',
      sessions: 2,
      converted: 1,
      conversionRate: 50,
    });
    const band = (await get('/v1/metrics/conversion?by=band&goal=purchase')).json();
    expect(band).toMatchObject({ by: 'band', goal: 'purchase', totalValues: 3 });
    expect(band.rows).toEqual([
      { value: 'promoter', sessions: 1, converted: 1, conversionRate: 100 },
      { value: 'passive', sessions: 1, converted: 0, conversionRate: 0 },
      { value: 'detractor', sessions: 1, converted: 0, conversionRate: 0 },
    ]);
    const unknown = (await get('/v1/metrics/conversion?by=device&goal=never')).json();
    expect(unknown.rows.every((r: { converted: number }) => r.converted === 0)).toBe(true);
  });

  it.each([
    ['/v1/funnels', 'querystring.steps'],
    ['/v1/funnels?steps=/cart', 'querystring.steps'],
    [`/v1/funnels?steps=${Array.from({ length: 11 }, (_, i) => `/p${i}`).join(',')}`, 'querystring.steps'],
    ['/v1/funnels?steps=/cart,checkout', 'querystring.steps'],
    ['/v1/funnels?steps=/cart,track:', 'querystring.steps'],
    ['/v1/funnels?steps=/cart,,/checkout', 'querystring.steps'],
    [`/v1/funnels?steps=/cart,track:${'x'.repeat(129)}`, 'querystring.steps'],
    [`/v1/funnels?steps=/cart,/${'x'.repeat(4100)}`, 'querystring.steps'],
    ['/v1/funnels?steps=/a,/b&device=fridge', 'querystring.device'],
    ['/v1/funnels?steps=/a,/b&from=2024-03-10&to=2024-03-01', 'querystring.from'],
    ['/v1/funnels?steps=/a,/b&stpes=1', 'querystring'],
    ['/v1/metrics/conversion', 'querystring.by'],
    ['/v1/metrics/conversion?by=os', 'querystring.by'],
    ['/v1/metrics/conversion?by=band&kind=stars', 'querystring.kind'],
    [`/v1/metrics/conversion?by=page&goal=${'g'.repeat(129)}`, 'querystring.goal'],
    ['/v1/metrics/conversion?by=page&limit=0', 'querystring.limit'],
  ])('%s → 400 naming %s', async (url, path) => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e: { path: string }) => e.path).join(' ')).toContain(path);
  });

  it('refuses a pattern that could match more pages than a read may walk, naming the step', async () => {
    const other = shopSite(t.app);
    const insert = t.app.db.$client.prepare("INSERT INTO funnel_keys (site_id, kind, name) VALUES (?, 'page', ?)");
    t.app.db.$client.transaction(() => {
      for (let i = 0; i <= 5000; i++) insert.run(other.siteId, `/item/${i}`);
    })();
    const res = await get('/v1/funnels?steps=/item/*,/cart', other.secretKey);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ path: 'querystring.steps' });
    expect(res.json().errors[0].message).toContain('step 1');
    // A longer prefix narrows it enough.
    expect((await get('/v1/funnels?steps=/item/42*,/cart', other.secretKey)).statusCode).toBe(200);
  });

  it('needs the site’s secret key; another site’s key reads that site’s (empty) funnel', async () => {
    expect((await t.app.inject({ url: '/v1/funnels?steps=/a,/b' })).statusCode).toBe(401);
    expect((await get('/v1/funnels?steps=/a,/b', site.publicKey)).statusCode).toBe(403);
    const other = shopSite(t.app);
    const body = (await get('/v1/funnels?steps=/product/*,/cart', other.secretKey)).json();
    expect(body.steps[0].entered).toBe(0);
  });

  it('is in /openapi.json with examples', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    for (const route of ['/v1/funnels', '/v1/metrics/conversion']) {
      const op = doc.paths[route].get;
      expect(op.tags).toEqual(['funnels']);
      const ok = op.responses['200'].content['application/json'];
      const schema = ok.schema.$ref ? doc.components.schemas[ok.schema.$ref.split('/').pop()] : ok.schema;
      expect(ok.example ?? schema.example, route).toBeTruthy();
      expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['from', 'device']));
    }
    const steps = doc.paths['/v1/funnels'].get.parameters.find((p: { name: string }) => p.name === 'steps');
    expect(steps.required).toBe(true);
    expect(JSON.stringify(steps)).toContain('/product/*,/cart,/checkout,track:purchase');
  });

  it('keeps one compact row per session and the first reach per key, never re-reading events', () => {
    const d = rows<{ steps: string }>(
      t.app,
      'SELECT steps FROM session_steps WHERE site_id = ? AND session_id = ?',
      site.siteId,
      'd',
    );
    expect(JSON.parse(d[0]!.steps)).toHaveLength(8);
    const reaches = rows(
      t.app,
      'SELECT key_id FROM session_reaches WHERE site_id = ? AND session_id = ?',
      site.siteId,
      'd',
    );
    expect(reaches).toHaveLength(3);
  });
});
