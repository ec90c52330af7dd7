import { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, rows, SHOP_ORIGIN, shopSite } from './helpers/collect.js';
import { click, pageview, response } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('POST /v1/collect', () => {
  let t: TestApp;
  let key: string;
  let siteId: string;
  beforeAll(async () => {
    t = await createTestApp();
    ({ publicKey: key, siteId } = shopSite(t.app));
  });
  afterAll(() => t.close());

  const stored = (id: string) => rows(t.app, 'SELECT * FROM events WHERE site_id = ? AND id = ?', siteId, id);

  it('accepts text/plain (sendBeacon) and answers 202 with counts after storing', async () => {
    const events = [pageview(), click('click')];
    const res = await collect(t.app, { key, events });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    for (const e of events) expect(stored(e.id)).toHaveLength(1);
  });

  it('accepts application/json too', async () => {
    const e = pageview();
    const res = await collect(t.app, { key, events: [e] }, { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(202);
    expect(stored(e.id)).toHaveLength(1);
  });

  it('stores a retried batch once and counts the duplicates', async () => {
    const events = [pageview(), click('rage'), response(crypto.randomUUID(), 9)];
    expect((await collect(t.app, { key, events })).json()).toMatchObject({ accepted: 3, duplicates: 0 });
    expect((await collect(t.app, { key, events })).json()).toMatchObject({ accepted: 0, duplicates: 3 });
    // The same id twice in one batch is a duplicate as well.
    const e = pageview();
    expect((await collect(t.app, { key, events: [e, e] })).json()).toMatchObject({ accepted: 1, duplicates: 1 });
    for (const x of [...events, e]) expect(stored(x.id)).toHaveLength(1);
  });

  it('rejects only the invalid events, by index and with a reason, and stores the rest', async () => {
    const good = [pageview(), pageview()];
    const bad = { ...pageview(), id: '4b8f6f59-52d5-4a63-a0b3-42f6e4a7a111', path: 'no-leading-slash' };
    const res = await collect(t.app, { key, events: [good[0], bad, 'garbage', good[1]] });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected).toHaveLength(2);
    expect(body.rejected[0]).toMatchObject({ index: 1, id: bad.id });
    expect(body.rejected[0].reason).toMatch(/^path: /);
    expect(body.rejected[1]).toMatchObject({ index: 2 });
    expect(stored(bad.id)).toHaveLength(0);
    for (const g of good) expect(stored(g!.id)).toHaveLength(1);
  });

  it('rejects events whose time is more than 7 days old or a day ahead', async () => {
    const old = pageview({ ts: Date.now() - 8 * 86_400_000 });
    const future = pageview({ ts: Date.now() + 2 * 86_400_000 });
    const res = await collect(t.app, { key, events: [old, future] });
    expect(res.json().rejected.map((r: { reason: string }) => r.reason)).toEqual([
      'ts: older than 7 days',
      'ts: more than 24 hours in the future',
    ]);
  });

  it('corrects a skewed client clock by the batch sentAt', async () => {
    const hourAhead = Date.now() + 3_600_000;
    const e = pageview({ ts: hourAhead - 500 });
    await collect(t.app, { key, events: [e], sentAt: hourAhead });
    const [row] = stored(e.id) as { ts: number; received_at: number; payload: string }[];
    expect(Math.abs(row!.ts - (row!.received_at - 500))).toBeLessThan(1000);
    expect(JSON.parse(row!.payload).clientTs).toBe(e.ts);
  });

  it('answers a malformed envelope with 400 problem+json', async () => {
    for (const body of [
      { events: [pageview()] },
      { key, events: [] },
      { key, events: 'x' },
      [1, 2],
      { key, events: [pageview()], extra: 1 },
    ]) {
      const res = await collect(t.app, body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('validation_failed');
    }
    const tooMany = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => pageview());
    expect((await collect(t.app, { key, events: tooMany })).statusCode).toBe(400);
  });

  it('answers invalid JSON and an empty body with 400 malformed_body', async () => {
    for (const payload of ['{"key":', 'not json', '']) {
      const res = await collect(t.app, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('malformed_body');
    }
  });

  it.each([
    ['__proto__', (e: object) => `{"key":"KEY","events":[${JSON.stringify(e)}],"__proto__":{"polluted":true}}`],
    [
      'constructor.prototype',
      (e: object) => `{"key":"KEY","events":[{"constructor":{"prototype":{"polluted":true}}},${JSON.stringify(e)}]}`,
    ],
  ])('rejects a %s poisoning body with 400 and stores nothing', async (_name, make) => {
    const e = pageview();
    for (const type of ['text/plain', 'application/json']) {
      const res = await collect(t.app, make(e).replace('KEY', key), { 'content-type': type });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('malformed_body');
    }
    expect(stored(e.id)).toHaveLength(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers a body over 64 KiB with 413 problem+json', async () => {
    const big = JSON.stringify({ key, events: [pageview({ title: 'x'.repeat(MAX_BODY_BYTES) })] });
    const res = await collect(t.app, big);
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'body_too_large', detail: `The body limit is ${MAX_BODY_BYTES} bytes.` });
  });

  it('answers other content types with 415', async () => {
    const res = await collect(t.app, `key=${key}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported_media_type');
  });

  it('answers an unknown key with 401 unknown_site_key', async () => {
    const res = await collect(t.app, { key: 'pk_doesnotexist', events: [pageview()] });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unknown_site_key');
  });

  it('answers a browser request from an origin the site does not allow with 403 and stores nothing', async () => {
    const e = pageview();
    const res = await collect(t.app, { key, events: [e] }, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('origin_not_allowed');
    expect(stored(e.id)).toHaveLength(0);
    // Sandboxed iframes and file: pages send the opaque origin "null".
    const opaque = await collect(t.app, { key, events: [e] }, { origin: 'null' });
    expect(opaque.statusCode).toBe(403);
  });

  it('accepts requests without an Origin header (server-side senders, curl)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/collect',
      headers: { 'content-type': 'application/json' },
      payload: { key, events: [pageview()] },
    });
    expect(res.statusCode).toBe(202);
  });

  it('reflects allowed origins for CORS, including on preflights and error answers', async () => {
    const ok = await collect(t.app, { key, events: [pageview()] });
    expect(ok.headers['access-control-allow-origin']).toBe(SHOP_ORIGIN);
    expect(ok.headers['access-control-expose-headers']).toContain('retry-after');

    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/collect',
      headers: {
        origin: SHOP_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(SHOP_ORIGIN);
    expect(preflight.headers['access-control-allow-methods']).toBe('POST');

    const bad = await collect(t.app, '{oops');
    expect(bad.headers['access-control-allow-origin']).toBe(SHOP_ORIGIN);

    const evil = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/collect',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps CORS out of the other routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz', headers: { origin: SHOP_ORIGIN } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/sites',
      headers: { origin: SHOP_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sees a newly allowed origin at once', async () => {
    const site = shopSite(t.app);
    const origin = 'https://new.example';
    expect((await collect(t.app, { key: site.publicKey, events: [pageview()] }, { origin })).statusCode).toBe(403);
    t.app.db.$client.prepare('UPDATE sites SET origins = ? WHERE id = ?').run(JSON.stringify([origin]), site.siteId);
    expect((await collect(t.app, { key: site.publicKey, events: [pageview()] }, { origin })).statusCode).toBe(202);
  });
});
