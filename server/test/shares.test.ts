import { randomUUID } from 'node:crypto';
import type { ShareWithKey, SiteWithSecret } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, addUser, cookieOf, createSiteAsAdmin, SAME_ORIGIN, sessionCookieFor } from './helpers/accounts.js';
import { collect, SHOP_ORIGIN } from './helpers/collect.js';
import { pageview, response } from './helpers/events.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  // Shared links: logged out, read-only, one site, revocable at once, optional password, throttled.
  // Password tests hash with scrypt several times (about half a second each on a busy machine).
  const HASHING = { timeout: 30_000 };

  let t: TestApp;
  let shop: SiteWithSecret;
  let blog: SiteWithSecret;
  let owner: string;
  const responseId = randomUUID();

  beforeAll(async () => {
    t = await apps.create(engine, {
      LOUPE_ADMIN_TOKEN: ADMIN,
      LOUPE_LOGIN_MAX_FAILURES: '3',
      LOUPE_LOGIN_MAX_FAILURES_PER_CLIENT: '50',
    });
    shop = await createSiteAsAdmin(t.app, 'Shop');
    blog = await createSiteAsAdmin(t.app, 'Blog');
    owner = sessionCookieFor(t.app, (await addUser(t.app, 'owner@example.com', 'owner')).userId);
    await t.app.inject({
      method: 'PATCH',
      url: `/v1/sites/${shop.siteId}`,
      headers: { authorization: `Bearer ${ADMIN}` },
      payload: { origins: [SHOP_ORIGIN] },
    });
    const res = await collect(t.app, {
      key: shop.publicKey,
      events: [pageview(), response(responseId, 9, { comment: 'Lovely' })],
    });
    expect(res.statusCode).toBe(202);
  });
  afterAll(() => t.close());

  const asOwner = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie: owner, origin: SAME_ORIGIN }, ...(payload ? { payload } : {}) });

  async function newShare(siteId: string, body: object = { label: 'Board' }): Promise<ShareWithKey> {
    const res = await asOwner('POST', `/v1/sites/${siteId}/shares`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ShareWithKey>();
  }

  /** Opens the link as a logged-out browser would: POST the key (and password), keep the cookie. */
  const open = (shareId: string, body: object, remoteAddress = '203.0.113.7') =>
    t.app.inject({
      method: 'POST',
      url: `/v1/shares/${shareId}/session`,
      headers: { origin: SAME_ORIGIN },
      payload: body,
      remoteAddress,
    });

  async function openedCookie(share: ShareWithKey, password?: string): Promise<string> {
    const res = await open(share.shareId, { key: share.key, ...(password ? { password } : {}) });
    expect(res.statusCode, res.body).toBe(200);
    return cookieOf(res.headers['set-cookie']);
  }

  describe('shared links', () => {
    it('show the key once, with an unguessable key; only its hash is stored', async () => {
      const share = await newShare(shop.siteId);
      expect(share.shareId).toMatch(/^shr_/);
      expect(share.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const list = await asOwner('GET', `/v1/sites/${shop.siteId}/shares`);
      expect(list.json().shares).toContainEqual(
        expect.objectContaining({ shareId: share.shareId, label: 'Board', hasPassword: false, lastUsedAt: null }),
      );
      expect(list.body).not.toContain(share.key);
      const stored = JSON.stringify(t.app.db.$client.prepare('SELECT * FROM shares').all());
      expect(stored).not.toContain(share.key);
    });

    it('work logged out: the view reads the overview and scores of its site, with any period and filters', async () => {
      const share = await newShare(shop.siteId);
      const cookie = await openedCookie(share);
      expect(cookie).toMatch(new RegExp(`^loupe_share_${share.shareId}=`));
      const view = await t.app.inject({ url: `/v1/shares/${share.shareId}/view`, headers: { cookie } });
      expect(view.json()).toEqual({ shareId: share.shareId, label: 'Board', site: { name: 'Shop', timeZone: 'UTC' } });
      for (const path of [
        '/v1/metrics/overview?device=desktop',
        '/v1/metrics/scores?kind=nps&interval=week',
        '/v1/metrics/timeseries?interval=day',
        '/v1/metrics/breakdown?by=device',
        '/v1/metrics/pages',
        '/v1/insights/friction?kind=nps',
      ]) {
        const res = await t.app.inject({
          url: `${path}&share=${share.shareId}`.replace('pages&', 'pages?'),
          headers: { cookie },
        });
        expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
      }
      const scores = await t.app.inject({
        url: `/v1/metrics/scores?kind=nps&share=${share.shareId}`,
        headers: { cookie },
      });
      expect(scores.json().total.responses).toBe(1);
      const listed = await asOwner('GET', `/v1/sites/${shop.siteId}/shares`);
      expect(
        listed.json().shares.find((s: { shareId: string }) => s.shareId === share.shareId).lastUsedAt,
      ).not.toBeNull();
    });

    it('are read-only: everything else refuses the view, and the view never reaches another site', async () => {
      const share = await newShare(shop.siteId);
      const cookie = await openedCookie(share);
      const q = `share=${share.shareId}`;
      for (const [method, url, payload] of [
        ['GET', `/v1/responses?${q}`, undefined],
        ['GET', `/v1/responses.csv?${q}`, undefined],
        ['GET', `/v1/errors?${q}`, undefined],
        ['GET', `/v1/prompt-settings?${q}`, undefined],
        ['PATCH', `/v1/responses/${responseId}?${q}`, { status: 'resolved' }],
        ['POST', `/v1/prompts?${q}`, { name: 'x', kind: 'nps', texts: { en: { question: 'Q?' } } }],
        ['DELETE', `/v1/sites/${shop.siteId}/shares/${share.shareId}`, undefined],
        ['PATCH', `/v1/sites/${shop.siteId}`, { name: 'Pwned' }],
        ['GET', '/v1/auth/me', undefined],
        ['GET', `/v1/metrics/overview?site=${shop.siteId}`, undefined],
        ['GET', `/v1/metrics/overview?site=${blog.siteId}&${q}`, undefined],
      ] as const) {
        const res = await t.app.inject({
          method,
          url,
          headers: { cookie, origin: SAME_ORIGIN },
          ...(payload ? { payload } : {}),
        });
        expect([400, 401, 403, 404], `${method} ${url}: ${res.statusCode}`).toContain(res.statusCode);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body).not.toContain('Lovely');
      }
      const stored = t.app.db.$client.prepare('SELECT status FROM responses WHERE display_id = ?').get(responseId) as {
        status: string;
      };
      expect(stored.status).toBe('open');
      expect((await asOwner('GET', `/v1/sites/${shop.siteId}`)).json().name).toBe('Shop');
      // Another share's id with this share's cookie opens nothing.
      const other = await newShare(blog.siteId);
      const cross = await t.app.inject({ url: `/v1/metrics/overview?share=${other.shareId}`, headers: { cookie } });
      expect(cross.statusCode).toBe(401);
    });

    it('end at once when revoked', async () => {
      const share = await newShare(shop.siteId);
      const cookie = await openedCookie(share);
      const read = () => t.app.inject({ url: `/v1/metrics/overview?share=${share.shareId}`, headers: { cookie } });
      expect((await read()).statusCode).toBe(200);
      expect((await asOwner('DELETE', `/v1/sites/${shop.siteId}/shares/${share.shareId}`)).statusCode).toBe(204);
      const after = await read();
      expect(after.statusCode).toBe(401);
      expect(String(after.headers['set-cookie'])).toMatch(/Max-Age=0/);
      expect((await open(share.shareId, { key: share.key })).statusCode).toBe(404);
      expect((await asOwner('DELETE', `/v1/sites/${shop.siteId}/shares/${share.shareId}`)).statusCode).toBe(404);
    });

    it('refuse a wrong key like an unknown link', async () => {
      const share = await newShare(shop.siteId);
      const wrong = await open(
        share.shareId,
        {
          key: `${share.key.slice(0, -1)}A` === share.key ? `${share.key.slice(0, -1)}B` : `${share.key.slice(0, -1)}A`,
        },
        '203.0.113.20',
      );
      const unknown = await open('shr_nope', { key: share.key }, '203.0.113.20');
      expect(wrong.statusCode).toBe(404);
      expect(unknown.statusCode).toBe(404);
      expect(wrong.json().detail).toBe(unknown.json().detail);
    });

    it('enforce their password, and throttle guessing it', HASHING, async () => {
      const share = await newShare(shop.siteId, { label: 'Investors', password: 'open sesame 123' });
      expect(share.hasPassword).toBe(true);
      const ip = '198.51.100.9';
      const none = await open(share.shareId, { key: share.key }, ip);
      expect(none.statusCode).toBe(401);
      expect(none.json().code).toBe('share_password_required');
      expect(none.headers['set-cookie']).toBeUndefined();
      for (let i = 0; i < 3; i++) {
        const wrong = await open(share.shareId, { key: share.key, password: `guess ${i}` }, ip);
        expect(wrong.statusCode).toBe(401);
        expect(wrong.json().code).toBe('invalid_credentials');
      }
      // The link's failures reached the limit: even the right password waits now, from any address.
      const limited = await open(share.shareId, { key: share.key, password: 'open sesame 123' }, '198.51.100.10');
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      const stored = JSON.stringify(t.app.db.$client.prepare('SELECT * FROM shares WHERE id = ?').get(share.shareId));
      expect(stored).not.toContain('open sesame');
    });

    it('a password link opens with the right password', HASHING, async () => {
      const share = await newShare(shop.siteId, { label: 'Team', password: 'right password 42' });
      const cookie = await openedCookie(share, 'right password 42');
      expect(
        (await t.app.inject({ url: `/v1/metrics/overview?share=${share.shareId}`, headers: { cookie } })).statusCode,
      ).toBe(200);
    });

    it('viewers cannot create, list or revoke links', async () => {
      const viewer = sessionCookieFor(
        t.app,
        (await addUser(t.app, 'viewer@example.com', 'viewer', [shop.siteId])).userId,
      );
      const res = await t.app.inject({
        method: 'POST',
        url: `/v1/sites/${shop.siteId}/shares`,
        headers: { cookie: viewer, origin: SAME_ORIGIN },
        payload: { label: 'x' },
      });
      expect(res.statusCode).toBe(403);
      expect(
        (await t.app.inject({ url: `/v1/sites/${shop.siteId}/shares`, headers: { cookie: viewer } })).statusCode,
      ).toBe(403);
    });
  });
});
