import { randomUUID } from 'node:crypto';
import type { Site, SiteWithSecret } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, addUser, SAME_ORIGIN, sessionCookieFor, fromOtherSite } from './helpers/accounts.js';
import { collect, SHOP_ORIGIN } from './helpers/collect.js';
import { click, engagement, jsError, pageview, response, vital } from './helpers/events.js';
import { everyRow } from './helpers/every-row.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  // Sites managed by an owner's session (the dashboard) exactly as by the admin token (scripts).

  let t: TestApp;
  let owner: string;
  let viewer: string;

  beforeAll(async () => {
    t = await apps.create(engine, { LOUPE_ADMIN_TOKEN: ADMIN });
    owner = sessionCookieFor(t.app, (await addUser(t.app, 'owner@example.com', 'owner')).userId);
    viewer = sessionCookieFor(t.app, (await addUser(t.app, 'viewer@example.com', 'viewer')).userId);
  });
  afterAll(() => t.close());

  const asOwner = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    url: string,
    payload?: object,
    cookie = owner,
  ) => t.app.inject({ method, url, headers: { cookie, origin: SAME_ORIGIN }, ...(payload ? { payload } : {}) });

  async function newSite(name: string, origins: string[] = [SHOP_ORIGIN]): Promise<SiteWithSecret> {
    const res = await asOwner('POST', '/v1/sites', { name, origins });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<SiteWithSecret>();
  }

  /** A site with rows in as many tables as the public API can fill. */
  async function populate(site: SiteWithSecret, tag: string): Promise<void> {
    // A webhook first, so the answer below queues a delivery about it.
    const hook = await asOwner('POST', `/v1/webhooks?site=${site.siteId}`, { url: `https://hooks.example/${tag}` });
    expect(hook.statusCode, hook.body).toBe(201);
    const s = { sessionId: `sess-${tag}` };
    const events = [
      pageview(s),
      pageview({ ...s, path: '/checkout' }),
      engagement(12_000, 80, s),
      click('rage', s),
      click('dead', s),
      jsError(`Boom ${tag}`, [{ fn: 'pay', file: 'https://shop.example/app.js', line: 1, col: 2 }], s),
      vital('LCP', 1800, s),
      response(randomUUID(), 3, { ...s, comment: `Slow ${tag}` }),
    ];
    const res = await collect(t.app, { key: site.publicKey, events });
    expect(res.statusCode, res.body).toBe(202);
    const prompt = await asOwner('POST', `/v1/prompts?site=${site.siteId}`, {
      name: `NPS ${tag}`,
      kind: 'nps',
      texts: { en: { question: 'How likely?' } },
    });
    expect(prompt.statusCode, prompt.body).toBe(201);
    expect(
      (await asOwner('PUT', `/v1/prompt-settings?site=${site.siteId}`, { globalCooldownDays: 3 })).statusCode,
    ).toBe(200);
    expect((await asOwner('POST', `/v1/sites/${site.siteId}/shares`, { label: `For ${tag}` })).statusCode).toBe(201);
  }

  describe('site settings', () => {
    it('creates, renames, re-zones and replaces allowed origins; the site reads back the same everywhere', async () => {
      const site = await newSite('Shop');
      const res = await asOwner('PATCH', `/v1/sites/${site.siteId}`, {
        name: 'Big shop',
        timeZone: 'Europe/Copenhagen',
        origins: ['https://shop.example', 'https://www.shop.example:8443', 'https://shop.example'],
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<Site>()).toMatchObject({
        name: 'Big shop',
        timeZone: 'Europe/Copenhagen',
        origins: ['https://shop.example', 'https://www.shop.example:8443'],
      });
      const one = await asOwner('GET', `/v1/sites/${site.siteId}`);
      expect(one.json<Site>()).toEqual(res.json<Site>());
      expect(one.body).not.toContain('sk_');
    });

    it.each([
      [{ origins: ['shop.example'] }, 'body.origins.0'],
      [{ origins: ['https://shop.example/path'] }, 'body.origins.0'],
      [{ origins: ['javascript:alert(1)'] }, 'body.origins.0'],
      [{ origins: Array.from({ length: 101 }, (_, i) => `https://s${i}.example`) }, 'body.origins'],
      [{ timeZone: 'Mars/Olympus' }, 'body.timeZone'],
      [{ name: '   ' }, 'body.name'],
      [{}, 'body'],
    ])('refuses %j with a problem naming %s, and changes nothing', async (payload, field) => {
      const site = await newSite('Untouched');
      const res = await asOwner('PATCH', `/v1/sites/${site.siteId}`, payload);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((f: { path: string }) => f.path)).toContain(field);
      const after = (await asOwner('GET', `/v1/sites/${site.siteId}`)).json<Site>();
      expect(after).toMatchObject({ name: 'Untouched', origins: [SHOP_ORIGIN], timeZone: 'UTC' });
    });

    it('viewers, cross-site pages and strangers cannot manage sites', async () => {
      const site = await newSite('Guarded');
      for (const [method, url, payload] of [
        ['GET', '/v1/sites', undefined],
        ['POST', '/v1/sites', { name: 'Sneaky' }],
        ['PATCH', `/v1/sites/${site.siteId}`, { name: 'Renamed' }],
        ['POST', `/v1/sites/${site.siteId}/rotate-secret`, undefined],
        ['DELETE', `/v1/sites/${site.siteId}`, { confirmName: 'Guarded' }],
      ] as const) {
        const asViewer = await asOwner(method, url, payload, viewer);
        expect(asViewer.statusCode, `${method} ${url}`).toBe(403);
        expect(asViewer.json().code).toBe('forbidden');
        if (method !== 'GET') {
          const cross = await fromOtherSite(t.app, owner, method, url, payload);
          expect(cross.statusCode).toBe(403);
          expect(cross.json().code).toBe('cross_site_request');
        }
        const anon = await t.app.inject({ method, url, ...(payload ? { payload } : {}) });
        expect(anon.statusCode).toBe(401);
      }
      expect((await asOwner('GET', `/v1/sites/${site.siteId}`)).json()).toMatchObject({ name: 'Guarded' });
    });

    it('rotating the secret shows the new one once; the old one stops working at once', async () => {
      const site = await newSite('Rotating');
      const rotated = await asOwner('POST', `/v1/sites/${site.siteId}/rotate-secret`);
      expect(rotated.statusCode).toBe(200);
      const { secretKey } = rotated.json<SiteWithSecret>();
      expect(secretKey).toMatch(/^sk_/);
      expect(secretKey).not.toBe(site.secretKey);
      expect(
        (await t.app.inject({ url: '/v1/site', headers: { authorization: `Bearer ${site.secretKey}` } })).statusCode,
      ).toBe(401);
      expect(
        (await t.app.inject({ url: '/v1/site', headers: { authorization: `Bearer ${secretKey}` } })).statusCode,
      ).toBe(200);
      const listed = await asOwner('GET', '/v1/sites');
      expect(listed.body).not.toContain(secretKey);
    });

    it('records when an event last arrived with the public key (the install check)', async () => {
      const site = await newSite('Installing');
      expect((await asOwner('GET', `/v1/sites/${site.siteId}`)).json<Site>().lastEventAt).toBeNull();
      const before = Date.now();
      expect((await collect(t.app, { key: site.publicKey, events: [pageview()] })).statusCode).toBe(202);
      const at = (await asOwner('GET', `/v1/sites/${site.siteId}`)).json<Site>().lastEventAt;
      expect(at).not.toBeNull();
      expect(Date.parse(at!)).toBeGreaterThanOrEqual(before - 1000);
      const me = await t.app.inject({ url: '/v1/auth/me', headers: { cookie: owner } });
      expect(me.json().sites.find((s: Site) => s.siteId === site.siteId).lastEventAt).toBe(at);
    });
  });

  describe('deleting a site', () => {
    it('needs the name typed again; a wrong one deletes nothing', async () => {
      const site = await newSite('Keep me');
      const res = await asOwner('DELETE', `/v1/sites/${site.siteId}`, { confirmName: 'keep me' });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ path: 'body.confirmName', message: expect.any(String) }]);
      expect((await asOwner('GET', `/v1/sites/${site.siteId}`)).statusCode).toBe(200);
      expect((await asOwner('DELETE', '/v1/sites/site_nope', { confirmName: 'x' })).statusCode).toBe(404);
    });

    // Two sites populated in many tables, every row of the database compared: seconds on a loaded machine.
    it('removes every row of the site from every table, and leaves another site exactly as it was', {
      timeout: 20_000,
    }, async () => {
      const doomed = await newSite('Doomed "shop"');
      const kept = await newSite('Kept');
      await populate(doomed, 'doomed');
      await populate(kept, 'kept');
      const grantee = await addUser(t.app, `grantee-${randomUUID()}@example.com`, 'viewer', [
        doomed.siteId,
        kept.siteId,
      ]);

      const mentions = (needle: string) => everyRow(t).filter((r) => r.row.includes(needle));
      const doomedBefore = mentions(doomed.siteId);
      // The populated site really has rows in many tables, or this test would prove little.
      expect(new Set(doomedBefore.map((r) => r.table)).size).toBeGreaterThanOrEqual(10);
      // The other site's rows stay as they were; its webhook and deliveries keep being retried
      // meanwhile (their attempt counters and health move), so those are compared by id.
      const keptRows = () =>
        mentions(kept.siteId)
          .map((r) =>
            r.table.startsWith('webhook')
              ? `${r.table} ${(JSON.parse(r.row) as { id: string }).id}`
              : `${r.table} ${r.row}`,
          )
          .sort();
      const keptBefore = keptRows();

      const res = await asOwner('DELETE', `/v1/sites/${doomed.siteId}`, { confirmName: 'Doomed "shop"' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().rowsDeleted).toBeGreaterThan(0);

      // The audit log keeps one entry naming the site's id (and nothing of its content).
      const audit = everyRow(t).filter((r) => r.table === 'audit_log' && r.row.includes(doomed.siteId));
      expect(audit).toHaveLength(1);
      expect(audit[0]!.row).toContain('site.delete');
      expect(
        everyRow(t).filter(
          (r) => r.table !== '__drizzle_migrations' && r.table !== 'audit_log' && r.row.includes(doomed.siteId),
        ),
      ).toEqual([]);
      const left = everyRow(t).filter((r) => r.table !== '__drizzle_migrations');
      for (const needle of [
        doomed.publicKey,
        'Slow doomed',
        'Boom doomed',
        'NPS doomed',
        'For doomed',
        'sess-doomed',
        'hooks.example/doomed',
      ]) {
        expect(
          left.filter((r) => r.row.includes(needle)),
          needle,
        ).toEqual([]);
      }
      expect(keptRows()).toEqual(keptBefore);

      // Its keys open nothing, its events are refused, the viewer keeps the other site only.
      expect(
        (await t.app.inject({ url: '/v1/site', headers: { authorization: `Bearer ${doomed.secretKey}` } })).statusCode,
      ).toBe(401);
      expect((await collect(t.app, { key: doomed.publicKey, events: [pageview()] })).statusCode).not.toBe(202);
      const me = await t.app.inject({
        url: '/v1/auth/me',
        headers: { cookie: sessionCookieFor(t.app, grantee.userId) },
      });
      expect(me.json().sites.map((s: Site) => s.siteId)).toEqual([kept.siteId]);
      expect((await asOwner('DELETE', `/v1/sites/${doomed.siteId}`, { confirmName: 'Doomed "shop"' })).statusCode).toBe(
        404,
      );
    });
  });
});
