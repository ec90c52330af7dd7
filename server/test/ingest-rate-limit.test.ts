import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, shopSite } from './helpers/collect.js';
import { pageview } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('ingest rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOUPE_RATE_LIMIT_MAX: '2', LOUPE_RATE_LIMIT_WINDOW_MS: '30000' });
  });
  afterAll(() => t.close());

  it('answers 429 problem+json with Retry-After once a client IP exceeds its budget for a site', async () => {
    const { publicKey: key } = shopSite(t.app);
    const from = { remoteAddress: '198.51.100.1' };
    for (let i = 0; i < 2; i++)
      expect((await collect(t.app, { key, events: [pageview()] }, {}, from)).statusCode).toBe(202);
    const res = await collect(t.app, { key, events: [pageview()] }, {}, from);
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('rate_limited');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    // Readable by the widget across origins.
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example');
  });

  it('keys by IP and site: another site or another IP has its own budget', async () => {
    const a = shopSite(t.app).publicKey;
    const b = shopSite(t.app).publicKey;
    const ip = { remoteAddress: '198.51.100.2' };
    await collect(t.app, { key: a, events: [pageview()] }, {}, ip);
    await collect(t.app, { key: a, events: [pageview()] }, {}, ip);
    expect((await collect(t.app, { key: a, events: [pageview()] }, {}, ip)).statusCode).toBe(429);
    expect((await collect(t.app, { key: b, events: [pageview()] }, {}, ip)).statusCode).toBe(202);
    expect(
      (await collect(t.app, { key: a, events: [pageview()] }, {}, { remoteAddress: '198.51.100.3' })).statusCode,
    ).toBe(202);
  });

  it('ignores a forged X-Forwarded-For while trustProxy is off', async () => {
    const { publicKey: key } = shopSite(t.app);
    const ip = { remoteAddress: '198.51.100.4' };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await collect(t.app, { key, events: [pageview()] }, { 'x-forwarded-for': `203.0.113.${i}` }, ip);
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([202, 202, 429, 429]);
  });
});

describe('ingest rate limit buckets', () => {
  const unknownKey = () => `pk_${crypto.randomUUID().replaceAll('-', '')}`;

  it("counts unknown keys against the client IP: they neither get budgets of their own nor reset a site's", async () => {
    const t = await createTestApp({ LOUPE_RATE_LIMIT_MAX: '2', LOUPE_RATE_LIMIT_WINDOW_MS: '60000' });
    try {
      const { publicKey: key } = shopSite(t.app);
      const site = { remoteAddress: '198.51.100.20' };
      for (let i = 0; i < 2; i++)
        expect((await collect(t.app, { key, events: [pageview()] }, {}, site)).statusCode).toBe(202);
      expect((await collect(t.app, { key, events: [pageview()] }, {}, site)).statusCode).toBe(429);

      // Another client tries a new key on every request: after its IP's two tries, 429.
      const guesser = { remoteAddress: '198.51.100.21' };
      const guesses: number[] = [];
      for (let i = 0; i < 4; i++)
        guesses.push((await collect(t.app, { key: unknownKey(), events: [pageview()] }, {}, guesser)).statusCode);
      expect(guesses).toEqual([401, 401, 429, 429]);

      // More unknown keys than the old LRU held (5,000), from many addresses: the site's bucket is intact.
      for (let i = 0; i < 5100; i++) {
        await collect(
          t.app,
          { key: unknownKey(), events: [pageview()] },
          {},
          { remoteAddress: `10.${(i >> 8) & 255}.${i & 255}.1` },
        );
      }
      expect((await collect(t.app, { key, events: [pageview()] }, {}, site)).statusCode).toBe(429);
    } finally {
      await t.close();
    }
  }, 60_000);

  it('never evicts a live bucket when the table is full: newcomers share one overflow budget', async () => {
    const t = await createTestApp({
      LOUPE_RATE_LIMIT_MAX: '2',
      LOUPE_RATE_LIMIT_WINDOW_MS: '60000',
      LOUPE_RATE_LIMIT_BUCKETS: '50',
    });
    try {
      const { publicKey: key } = shopSite(t.app);
      const site = { remoteAddress: '198.51.100.30' };
      for (let i = 0; i < 3; i++) await collect(t.app, { key, events: [pageview()] }, {}, site);
      expect((await collect(t.app, { key, events: [pageview()] }, {}, site)).statusCode).toBe(429);

      const statuses: number[] = [];
      for (let i = 0; i < 200; i++) {
        statuses.push(
          (await collect(t.app, { key, events: [pageview()] }, {}, { remoteAddress: `10.0.${i >> 8}.${i & 255}` }))
            .statusCode,
        );
      }
      // 49 newcomers fill the table (one bucket is the limited client's), the other 151 share the
      // overflow bucket's budget of 2.
      expect(statuses.filter((s) => s === 202)).toHaveLength(49 + 2);
      expect(statuses.slice(0, 49).every((s) => s === 202)).toBe(true);
      expect((await collect(t.app, { key, events: [pageview()] }, {}, site)).statusCode).toBe(429);
    } finally {
      await t.close();
    }
  }, 60_000);
});

describe('API rate limit buckets', () => {
  it("no stream of requests from new addresses resets a limited client's budget", async () => {
    const t = await createTestApp({ LOUPE_API_RATE_LIMIT_MAX: '2', LOUPE_RATE_LIMIT_WINDOW_MS: '60000' });
    try {
      const { secretKey } = shopSite(t.app);
      const site = (remoteAddress: string) =>
        t.app.inject({ url: '/v1/site', headers: { authorization: `Bearer ${secretKey}` }, remoteAddress });
      expect((await site('198.51.100.40')).statusCode).toBe(200);
      expect((await site('198.51.100.40')).statusCode).toBe(200);
      expect((await site('198.51.100.40')).statusCode).toBe(429);
      // More addresses than the plugin's own LRU held (5,000), each with a bucket of its own.
      for (let i = 0; i < 5100; i++)
        await t.app.inject({ url: '/v1/site', remoteAddress: `10.${(i >> 8) & 255}.${i & 255}.2` });
      expect((await site('198.51.100.40')).statusCode).toBe(429);
    } finally {
      await t.close();
    }
  }, 60_000);
});

describe('ingest rate limit behind a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOUPE_RATE_LIMIT_MAX: '1', LOUPE_TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('keys by the forwarded client address when the proxy is trusted', async () => {
    const { publicKey: key } = shopSite(t.app);
    const via = (client: string) =>
      collect(t.app, { key, events: [pageview()] }, { 'x-forwarded-for': client }, { remoteAddress: '127.0.0.1' });
    expect((await via('203.0.113.10')).statusCode).toBe(202);
    expect((await via('203.0.113.10')).statusCode).toBe(429);
    expect((await via('203.0.113.11')).statusCode).toBe(202);
  });
});
