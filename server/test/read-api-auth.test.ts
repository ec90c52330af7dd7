import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, shopSite } from './helpers/collect.js';
import { response } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Every read route: secret key of the site only, and only that site's data.

const ROUTES = [
  '/v1/metrics/scores?kind=nps',
  '/v1/metrics/pages',
  '/v1/metrics/overview',
  '/v1/responses',
  '/v1/responses.csv',
  '/v1/responses.ndjson',
  '/v1/errors',
  '/v1/clicks',
  '/v1/insights/friction',
  '/v1/insights/journeys',
  '/v1/insights/touchpoints',
  '/v1/metrics/retention',
  '/v1/page-groups',
  '/v1/traits',
];

describe('read API authorization', () => {
  let t: TestApp;
  let shop: ReturnType<typeof shopSite>;
  let other: ReturnType<typeof shopSite>;
  const displayId = randomUUID();
  beforeAll(async () => {
    t = await createTestApp();
    shop = shopSite(t.app);
    other = shopSite(t.app);
    expect(
      (await collect(t.app, { key: shop.publicKey, events: [response(displayId, 9, { comment: 'shop only' })] }))
        .statusCode,
    ).toBe(202);
  });
  afterAll(() => t.close());

  const get = (url: string, authorization?: string) =>
    t.app.inject({ url, headers: authorization ? { authorization } : {} });

  it.each(ROUTES)('%s: 401 without a key, 403 with a public key, 401 with an unknown secret', async (url) => {
    const none = await get(url);
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(none.headers['www-authenticate']).toContain('Bearer');
    const pk = await get(url, `Bearer ${shop.publicKey}`);
    expect([pk.statusCode, pk.json().code]).toEqual([403, 'wrong_key_type']);
    const bad = await get(url, 'Bearer sk_not-a-real-key');
    expect([bad.statusCode, bad.json().code]).toEqual([401, 'unauthorized']);
    expect((await get(url, `Bearer ${shop.secretKey}`)).statusCode).toBe(200);
  });

  it("never shows one site's answers to another site's key", async () => {
    const mine = await get('/v1/responses', `Bearer ${shop.secretKey}`);
    expect(mine.json().responses.map((r: { id: string }) => r.id)).toEqual([displayId]);
    const theirs = await get('/v1/responses', `Bearer ${other.secretKey}`);
    expect(theirs.json().responses).toEqual([]);
    const scores = await get('/v1/metrics/scores?kind=nps', `Bearer ${other.secretKey}`);
    expect(scores.json().total.responses).toBe(0);
    const csv = await get('/v1/responses.csv', `Bearer ${other.secretKey}`);
    expect(csv.body).not.toContain('shop only');
  });

  it("answers another site's response id with 404, exactly like an unknown id", async () => {
    for (const id of [displayId, randomUUID()]) {
      const read = await get(`/v1/responses/${id}`, `Bearer ${other.secretKey}`);
      expect([read.statusCode, read.json().code]).toEqual([404, 'not_found']);
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/v1/responses/${id}`,
        headers: { authorization: `Bearer ${other.secretKey}` },
        payload: { status: 'resolved' },
      });
      expect([patch.statusCode, patch.json().code]).toEqual([404, 'not_found']);
    }
    const row = t.app.db.$client.prepare('SELECT status FROM responses WHERE display_id = ?').get(displayId);
    expect(row).toEqual({ status: 'open' });
  });
});
