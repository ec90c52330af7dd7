import type { SiteWithSecret, UserListing } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  addUser,
  cookieOf,
  createSiteAsAdmin,
  fromOtherSite,
  login,
  SAME_ORIGIN,
  sessionCookieFor,
} from './helpers/accounts.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  // The dashboard's people, managed by owners: invite, remove, reset a password, grant sites.

  let t: TestApp;
  let shop: SiteWithSecret;
  let ownerId: string;
  let owner: string;
  let viewer: string;

  beforeAll(async () => {
    t = await apps.create(engine, { LOUPE_ADMIN_TOKEN: ADMIN });
    shop = await createSiteAsAdmin(t.app, 'Shop');
    ownerId = (await addUser(t.app, 'owner@example.com', 'owner')).userId;
    owner = sessionCookieFor(t.app, ownerId);
    viewer = sessionCookieFor(t.app, (await addUser(t.app, 'viewer@example.com', 'viewer', [shop.siteId])).userId);
  });
  afterAll(() => t.close());

  const as = (cookie: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie, origin: SAME_ORIGIN }, ...(payload ? { payload } : {}) });

  // Creating users and resetting passwords hash with scrypt (about half a second each on a busy machine).
  describe('/v1/users', { timeout: 30_000 }, () => {
    it('invites a viewer of one site, who logs in with the first password and sees that site only', async () => {
      const res = await as(owner, 'POST', '/v1/users', {
        email: 'New@Example.com',
        role: 'viewer',
        password: 'a first password 1',
        siteIds: [shop.siteId],
      });
      expect(res.statusCode, res.body).toBe(201);
      const made = res.json<UserListing>();
      expect(made).toMatchObject({ email: 'new@example.com', role: 'viewer', sites: [shop.siteId] });
      expect(res.body).not.toContain('a first password');
      const session = await login(t.app, 'new@example.com', 'a first password 1');
      expect(session.statusCode).toBe(204);
      const me = await t.app.inject({
        url: '/v1/auth/me',
        headers: { cookie: cookieOf(session.headers['set-cookie']) },
      });
      expect(me.json().sites.map((s: SiteWithSecret) => s.siteId)).toEqual([shop.siteId]);
      const list = (await as(owner, 'GET', '/v1/users')).json<{ users: UserListing[] }>().users;
      expect(list.map((u) => u.email)).toContain('new@example.com');
      expect(JSON.stringify(list)).not.toMatch(/hash|scrypt/i);
    });

    it.each([
      [{ email: 'not an email', role: 'viewer', password: 'long enough password' }, 'body.email'],
      [{ email: 'x@example.com', role: 'admin', password: 'long enough password' }, 'body.role'],
      [{ email: 'x@example.com', role: 'viewer', password: 'short' }, 'body.password'],
      [{ email: 'x@example.com', role: 'owner', password: 'long enough password', siteIds: ['s'] }, 'body.siteIds'],
      [
        { email: 'x@example.com', role: 'viewer', password: 'long enough password', siteIds: ['site_nope'] },
        'body.siteIds.0',
      ],
    ])('refuses %j at %s, creating nobody', async (payload, field) => {
      const res = await as(owner, 'POST', '/v1/users', payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(field);
      const list = (await as(owner, 'GET', '/v1/users')).json<{ users: UserListing[] }>().users;
      expect(list.map((u) => u.email)).not.toContain('x@example.com');
    });

    it('an email with an account already is a conflict', async () => {
      const res = await as(owner, 'POST', '/v1/users', {
        email: 'OWNER@example.com',
        role: 'viewer',
        password: 'long enough password',
      });
      expect(res.statusCode).toBe(409);
    });

    it('resets a password: the old one stops working and every session of that user ends', async () => {
      const user = await addUser(t.app, 'reset@example.com', 'viewer', [shop.siteId]);
      const theirs = sessionCookieFor(t.app, user.userId);
      expect((await t.app.inject({ url: '/v1/auth/me', headers: { cookie: theirs } })).statusCode).toBe(200);
      const res = await as(owner, 'PUT', `/v1/users/${user.userId}/password`, { password: 'a brand new password' });
      expect(res.statusCode).toBe(204);
      expect((await t.app.inject({ url: '/v1/auth/me', headers: { cookie: theirs } })).statusCode).toBe(401);
      expect((await login(t.app, 'reset@example.com')).statusCode).toBe(401);
      expect((await login(t.app, 'reset@example.com', 'a brand new password')).statusCode).toBe(204);
    });

    it('removes a user (sessions end); never yourself, never the last owner', async () => {
      const user = await addUser(t.app, 'gone@example.com', 'viewer');
      const theirs = sessionCookieFor(t.app, user.userId);
      expect((await as(owner, 'DELETE', `/v1/users/${user.userId}`)).statusCode).toBe(204);
      expect((await t.app.inject({ url: '/v1/auth/me', headers: { cookie: theirs } })).statusCode).toBe(401);
      expect((await as(owner, 'DELETE', `/v1/users/${user.userId}`)).statusCode).toBe(404);
      const self = await as(owner, 'DELETE', `/v1/users/${ownerId}`);
      expect(self.statusCode).toBe(409);
      const last = await t.app.inject({
        method: 'DELETE',
        url: `/v1/users/${ownerId}`,
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      expect(last.statusCode).toBe(409);
      expect(last.json().detail).toMatch(/last owner/);
    });

    it('grants and revokes sites for viewers, idempotently', async () => {
      const blog = await createSiteAsAdmin(t.app, 'Blog');
      const user = await addUser(t.app, 'grants@example.com', 'viewer');
      const grant = await as(owner, 'PUT', `/v1/users/${user.userId}/sites/${blog.siteId}`);
      expect(grant.json<UserListing>().sites).toEqual([blog.siteId]);
      expect(
        (await as(owner, 'PUT', `/v1/users/${user.userId}/sites/${blog.siteId}`)).json<UserListing>().sites,
      ).toEqual([blog.siteId]);
      expect(
        (await as(owner, 'DELETE', `/v1/users/${user.userId}/sites/${blog.siteId}`)).json<UserListing>().sites,
      ).toEqual([]);
      expect((await as(owner, 'PUT', `/v1/users/${ownerId}/sites/${blog.siteId}`)).statusCode).toBe(409);
    });

    it('viewers may neither read nor change the people; cross-site pages may not either', async () => {
      for (const [method, url, payload] of [
        ['GET', '/v1/users', undefined],
        ['POST', '/v1/users', { email: 'v@example.com', role: 'owner', password: 'long enough password' }],
        ['PUT', `/v1/users/${ownerId}/password`, { password: 'hijacked password!' }],
        ['DELETE', `/v1/users/${ownerId}`, undefined],
      ] as const) {
        expect((await as(viewer, method, url, payload)).statusCode, `${method} ${url}`).toBe(403);
        if (method !== 'GET') {
          const cross = await fromOtherSite(t.app, owner, method, url, payload);
          expect(cross.json().code).toBe('cross_site_request');
        }
      }
      expect((await login(t.app, 'owner@example.com')).statusCode).toBe(204);
    });
  });
});
