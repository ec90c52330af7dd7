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
    for (let i = 0; i < 2; i++) expect((await collect(t.app, { key, events: [pageview()] }, {}, from)).statusCode).toBe(202);
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
    expect((await collect(t.app, { key: a, events: [pageview()] }, {}, { remoteAddress: '198.51.100.3' })).statusCode).toBe(202);
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
