import type { SiteWithSecret } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  const ADMIN = 'test-admin-token-0123456789';
  const admin = { authorization: `Bearer ${ADMIN}` };

  describe('admin API: sites', () => {
    let t: TestApp;
    const create = (payload: unknown, headers: Record<string, string> = admin) =>
      t.app.inject({ method: 'POST', url: '/v1/sites', headers, payload: payload as object });

    beforeAll(async () => {
      t = await apps.create(engine, { LOUPE_ADMIN_TOKEN: ADMIN });
    });
    afterAll(() => t.close());

    it('creates a site and shows its secret key exactly once', async () => {
      const res = await create({ name: '  Shop ', origins: ['https://shop.example', 'https://shop.example'] });
      expect(res.statusCode).toBe(201);
      const site = res.json<SiteWithSecret>();
      expect(site).toMatchObject({ name: 'Shop', origins: ['https://shop.example'] });
      expect(site.siteId).toMatch(/^site_/);
      expect(site.publicKey).toMatch(/^pk_[\w-]{20,}$/);
      expect(site.secretKey).toMatch(/^sk_[\w-]{40,}$/);
      expect(new Date(site.createdAt).toString()).not.toBe('Invalid Date');

      const stored = t.app.db.$client.prepare('SELECT * FROM sites WHERE id = ?').get(site.siteId) as Record<
        string,
        unknown
      >;
      expect(JSON.stringify(stored)).not.toContain(site.secretKey);
      expect(JSON.stringify(stored)).not.toContain(site.secretKey.slice(3));

      const list = await t.app.inject({ method: 'GET', url: '/v1/sites', headers: admin });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain('sk_');
      expect(list.json().sites).toContainEqual({
        siteId: site.siteId,
        name: 'Shop',
        origins: ['https://shop.example'],
        publicKey: site.publicKey,
        timeZone: 'UTC',
        lastEventAt: null,
        createdAt: site.createdAt,
        rawEventsDays: 395,
        responsesDays: null,
      });
    });

    it('keeps a time zone per site: UTC by default, set on create or with PATCH, returned wherever the site is', async () => {
      const made = await create({ name: 'Copenhagen shop', timeZone: 'Europe/Copenhagen' });
      expect(made.statusCode).toBe(201);
      expect(made.json()).toMatchObject({ name: 'Copenhagen shop', timeZone: 'Europe/Copenhagen' });
      const { siteId, secretKey } = made.json<SiteWithSecret>();

      const patch = (payload: unknown, id = siteId) =>
        t.app.inject({ method: 'PATCH', url: `/v1/sites/${id}`, headers: admin, payload: payload as object });
      const moved = await patch({ timeZone: 'America/New_York' });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ siteId, name: 'Copenhagen shop', timeZone: 'America/New_York' });
      const renamed = await patch({ name: 'New York shop' });
      expect(renamed.json()).toMatchObject({ name: 'New York shop', timeZone: 'America/New_York' });

      const own = await t.app.inject({ url: '/v1/site', headers: { authorization: `Bearer ${secretKey}` } });
      expect(own.json().timeZone).toBe('America/New_York');
      const list = await t.app.inject({ url: '/v1/sites', headers: admin });
      expect(list.json().sites).toContainEqual(expect.objectContaining({ siteId, timeZone: 'America/New_York' }));

      for (const [payload, path] of [
        [{ timeZone: 'Mars/Olympus_Mons' }, 'body.timeZone'],
        [{ timeZone: '' }, 'body.timeZone'],
        [{}, 'body'],
        [{ timeZone: 'UTC', secretKey: 'x' }, 'body'],
      ] as const) {
        const bad = await patch(payload);
        expect(bad.statusCode, JSON.stringify(payload)).toBe(400);
        expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain(path);
      }
      expect((await create({ name: 'X', timeZone: 'Not/AZone' })).json().errors[0].path).toBe('body.timeZone');
      expect((await patch({ timeZone: 'UTC' }, 'site_missing')).statusCode).toBe(404);
      expect(
        (await t.app.inject({ method: 'PATCH', url: `/v1/sites/${siteId}`, payload: { timeZone: 'UTC' } })).statusCode,
      ).toBe(401);
    });

    it('creates a site without origins (origins default to none)', async () => {
      const res = await create({ name: 'Later' });
      expect(res.statusCode).toBe(201);
      expect(res.json().origins).toEqual([]);
    });

    it.each([
      [{}, 'body.name'],
      [{ name: '' }, 'body.name'],
      [{ name: 'x'.repeat(201) }, 'body.name'],
      [{ name: 'A', origins: ['shop.example'] }, 'body.origins.0'],
      [{ name: 'A', origins: ['https://shop.example/'] }, 'body.origins.0'],
      [{ name: 'A', origins: ['https://shop.example/path'] }, 'body.origins.0'],
      [{ name: 'A', origins: ['ftp://shop.example'] }, 'body.origins.0'],
      [{ name: 'A', origins: 'https://shop.example' }, 'body.origins'],
      [{ name: 'A', admin: true }, 'body'],
    ])('rejects body %j with a problem naming %s', async (payload, field) => {
      const res = await create(payload);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.json();
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors.map((e: { path: string }) => e.path)).toContain(field);
    });

    it('rejects malformed JSON and a wrong content type', async () => {
      const bad = await t.app.inject({
        method: 'POST',
        url: '/v1/sites',
        headers: { ...admin, 'content-type': 'application/json' },
        payload: '{"name":',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('malformed_body');
      const text = await t.app.inject({
        method: 'POST',
        url: '/v1/sites',
        headers: { ...admin, 'content-type': 'text/csv' },
        payload: 'name\nShop',
      });
      expect(text.statusCode).toBe(415);
      expect(text.json().code).toBe('unsupported_media_type');
    });

    it('rotates the secret: the old one stops working at once, the new one works', async () => {
      const site = (await create({ name: 'Rotate me' })).json<SiteWithSecret>();
      const bearer = (k: string) => ({ authorization: `Bearer ${k}` });
      expect((await t.app.inject({ url: '/v1/site', headers: bearer(site.secretKey) })).statusCode).toBe(200);

      const res = await t.app.inject({ method: 'POST', url: `/v1/sites/${site.siteId}/rotate-secret`, headers: admin });
      expect(res.statusCode).toBe(200);
      const rotated = res.json<SiteWithSecret>();
      expect(rotated.siteId).toBe(site.siteId);
      expect(rotated.publicKey).toBe(site.publicKey);
      expect(rotated.secretKey).not.toBe(site.secretKey);

      const old = await t.app.inject({ url: '/v1/site', headers: bearer(site.secretKey) });
      expect(old.statusCode).toBe(401);
      expect(old.json().code).toBe('unauthorized');
      const fresh = await t.app.inject({ url: '/v1/site', headers: bearer(rotated.secretKey) });
      expect(fresh.statusCode).toBe(200);
      expect(fresh.json().siteId).toBe(site.siteId);
    });

    it('adds origins idempotently and validates them', async () => {
      const site = (await create({ name: 'Origins', origins: ['https://a.example'] })).json<SiteWithSecret>();
      const add = (origin: unknown) =>
        t.app.inject({ method: 'POST', url: `/v1/sites/${site.siteId}/origins`, headers: admin, payload: { origin } });
      const once = await add('http://localhost:3000');
      expect(once.statusCode).toBe(200);
      expect(once.json().origins).toEqual(['https://a.example', 'http://localhost:3000']);
      expect(once.body).not.toContain('sk_');
      expect((await add('http://localhost:3000')).json().origins).toHaveLength(2);
      const bad = await add('localhost:3000');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].path).toBe('body.origin');
    });

    it('answers 404 problem+json for an unknown site', async () => {
      for (const url of ['/v1/sites/site_nope/rotate-secret', '/v1/sites/site_nope/origins']) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: admin,
          payload: { origin: 'https://x.example' },
        });
        expect(res.statusCode).toBe(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ code: 'not_found', detail: 'No such site.' });
      }
    });
  });
});
