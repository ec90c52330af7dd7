import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditPage, SiteWithSecret } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRef, recordAudit } from '../src/features/audit/audit-store.js';
import { ADMIN, addUser, SAME_ORIGIN, sessionCookieFor } from './helpers/accounts.js';
import { collect, rows, SHOP_ORIGIN } from './helpers/collect.js';
import { pageview, response } from './helpers/events.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  // The audit log: every deletion, who asked, how many rows; no deleted content; entries outlive their site.

  let t: TestApp;
  let owner: { userId: string; cookie: string };
  let viewerCookie: string;

  beforeAll(async () => {
    t = await apps.create(engine, { LOUPE_ADMIN_TOKEN: ADMIN });
    const o = await addUser(t.app, 'owner@example.com', 'owner');
    owner = { userId: o.userId, cookie: sessionCookieFor(t.app, o.userId) };
    viewerCookie = sessionCookieFor(t.app, (await addUser(t.app, 'viewer@example.com', 'viewer')).userId);
  });
  afterAll(() => t.close());

  const asAdmin = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${ADMIN}` }, ...(payload ? { payload } : {}) });
  const asOwner = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: owner.cookie, origin: SAME_ORIGIN },
      ...(payload ? { payload } : {}),
    });

  async function newSite(name: string): Promise<SiteWithSecret> {
    const res = await asAdmin('POST', '/v1/sites', { name, origins: [SHOP_ORIGIN] });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<SiteWithSecret>();
  }

  async function auditOf(siteId: string): Promise<AuditEntry[]> {
    const res = await asAdmin('GET', `/v1/audit?siteId=${siteId}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<AuditPage>().entries;
  }

  describe('audit log', () => {
    // A site's deletion waits out the change feed's lag before its last sweep: 5 s on PostgreSQL.
    it("records a site's deletion with who and the rows per table, and keeps it after the site is gone", {
      timeout: 20_000,
    }, async () => {
      for (const [who, send] of [
        ['admin token', asAdmin],
        ['owner', asOwner],
      ] as const) {
        const site = await newSite(`Audited ${who}`);
        const events = [pageview(), response(randomUUID(), 2, { comment: 'Secret complaint words' })];
        expect((await collect(t.app, { key: site.publicKey, events })).statusCode).toBe(202);

        const res = await send('DELETE', `/v1/sites/${site.siteId}`, { confirmName: `Audited ${who}` });
        expect(res.statusCode, res.body).toBe(200);

        const [entry, ...rest] = await auditOf(site.siteId);
        expect(rest).toEqual([]);
        expect(entry).toMatchObject({
          siteId: site.siteId,
          action: 'site.delete',
          target: { kind: 'site', ref: site.siteId },
          actor: who === 'owner' ? { kind: 'user', userId: owner.userId } : { kind: 'admin token', userId: null },
        });
        expect(entry!.rows).toMatchObject({ sites: 1, events: 2, responses: 1, sessions: 1 });
        expect(entry!.totalRows).toBe(Object.values(entry!.rows).reduce((a, b) => a + b, 0));
        expect(entry!.totalRows).toBe(res.json().rowsDeleted);
        expect(Date.parse(entry!.at)).toBeLessThanOrEqual(Date.now());
        // Nothing of what was deleted: neither the comment nor the site's name or keys.
        const stored = JSON.stringify(rows(t.app, 'SELECT * FROM audit_log'));
        for (const gone of ['Secret complaint words', `Audited ${who}`, site.publicKey])
          expect(stored).not.toContain(gone);
      }
    });

    it('keeps a visitor or session reference only as a keyed hash, stable per instance and site', () => {
      const visitorId = `v-${randomUUID()}`;
      recordAudit(t.app.db, {
        siteId: 'site_hash',
        actor: 'secret key',
        action: 'visitor.erase',
        target: { kind: 'visitor', id: visitorId },
        rows: { events: 3, sessions: 0 },
      });
      const stored = JSON.stringify(rows(t.app, 'SELECT * FROM audit_log'));
      expect(stored).not.toContain(visitorId);
      const [entry] = rows<{ target_ref: string; rows: string }>(
        t.app,
        "SELECT target_ref, rows FROM audit_log WHERE site_id = 'site_hash'",
      );
      expect(entry!.target_ref).toMatch(/^[0-9a-f]{32}$/);
      expect(entry!.target_ref).toBe(auditRef(t.app.db, 'site_hash', 'visitor', visitorId));
      expect(auditRef(t.app.db, 'other_site', 'visitor', visitorId)).not.toBe(entry!.target_ref);
      expect(auditRef(t.app.db, 'site_hash', 'session', visitorId)).not.toBe(entry!.target_ref);
      // Tables with no rows deleted are left out.
      expect(JSON.parse(entry!.rows)).toEqual({ events: 3 });
    });

    it('pages newest first, filters by site, and refuses a malformed cursor', async () => {
      for (let i = 0; i < 5; i++)
        recordAudit(t.app.db, {
          siteId: 'site_paged',
          actor: 'retention job',
          action: 'retention.purge',
          target: { kind: 'site', ref: 'site_paged' },
          rows: { events: i + 1 },
        });
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const res = await asOwner('GET', `/v1/audit?siteId=site_paged&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json<AuditPage>();
        expect(page.entries.length).toBeLessThanOrEqual(2);
        seen.push(...page.entries.map((e) => e.rows.events!));
        for (const e of page.entries) expect(e.actor).toEqual({ kind: 'retention job', userId: null });
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([5, 4, 3, 2, 1]);

      const all = (await asAdmin('GET', '/v1/audit?limit=200')).json<AuditPage>().entries;
      expect(new Set(all.map((e) => e.siteId)).size).toBeGreaterThan(1);
      expect(all.map((e) => Number(e.id))).toEqual([...all.map((e) => Number(e.id))].sort((a, b) => b - a));

      for (const bad of ['cursor=abc', 'cursor=0', 'limit=0', 'limit=201', 'nope=1']) {
        const res = await asAdmin('GET', `/v1/audit?${bad}`);
        expect(res.statusCode, bad).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('removes one allowed origin, audits who did, and the origin is refused from then on', async () => {
      const site = await newSite('Origins');
      const www = 'https://www.shop.example';
      expect((await asOwner('POST', `/v1/sites/${site.siteId}/origins`, { origin: www })).json().origins).toEqual([
        SHOP_ORIGIN,
        www,
      ]);
      const res = await asOwner('DELETE', `/v1/sites/${site.siteId}/origins`, { origin: SHOP_ORIGIN });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().origins).toEqual([www]);
      // Again: nothing to remove, nothing changes, nothing more is audited.
      const again = await asAdmin('DELETE', `/v1/sites/${site.siteId}/origins`, { origin: SHOP_ORIGIN });
      expect(again.statusCode).toBe(200);
      expect(again.json().origins).toEqual([www]);
      expect(await auditOf(site.siteId)).toEqual([
        expect.objectContaining({
          action: 'origin.remove',
          actor: { kind: 'user', userId: owner.userId },
          target: { kind: 'origin', ref: SHOP_ORIGIN },
          rows: {},
          totalRows: 0,
        }),
      ]);
      // Replacing the list (PATCH) audits the origins it drops, the same way.
      const patched = await asAdmin('POST', `/v1/sites/${site.siteId}/origins`, { origin: 'https://old.example' });
      expect(patched.statusCode).toBe(200);
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/v1/sites/${site.siteId}`,
        headers: { authorization: `Bearer ${ADMIN}` },
        payload: { origins: [www] },
      });
      expect(patch.statusCode, patch.body).toBe(200);
      expect((await auditOf(site.siteId))[0]).toMatchObject({
        action: 'origin.remove',
        actor: { kind: 'admin token', userId: null },
        target: { kind: 'origin', ref: 'https://old.example' },
      });
      // The route publishes the change, and the ingest path's view of the sites drops it: refused at once.
      expect((await collect(t.app, { key: site.publicKey, events: [pageview()] })).statusCode).toBe(403);

      for (const [send, body, code] of [
        [asOwner, { origin: 'shop.example' }, 400],
        [asOwner, {}, 400],
        [asOwner, { origin: www, extra: 1 }, 400],
      ] as const) {
        const bad = await send('DELETE', `/v1/sites/${site.siteId}/origins`, body);
        expect(bad.statusCode, JSON.stringify(body)).toBe(code);
        expect(bad.headers['content-type']).toContain('application/problem+json');
      }
      expect((await asOwner('DELETE', '/v1/sites/site_nope/origins', { origin: www })).statusCode).toBe(404);
      const byViewer = await t.app.inject({
        method: 'DELETE',
        url: `/v1/sites/${site.siteId}/origins`,
        headers: { cookie: viewerCookie, origin: SAME_ORIGIN },
        payload: { origin: www },
      });
      expect(byViewer.statusCode).toBe(403);
      const bySecret = await t.app.inject({
        method: 'DELETE',
        url: `/v1/sites/${site.siteId}/origins`,
        headers: { authorization: `Bearer ${site.secretKey}` },
        payload: { origin: www },
      });
      expect(bySecret.statusCode).toBe(401);
      expect((await asAdmin('GET', `/v1/sites/${site.siteId}`)).json().origins).toEqual([www]);
    });

    it('is read by owners and the admin token only', async () => {
      const site = await newSite('Keyed');
      expect((await t.app.inject({ url: '/v1/audit' })).statusCode).toBe(401);
      expect((await t.app.inject({ url: '/v1/audit', headers: { cookie: viewerCookie } })).statusCode).toBe(403);
      const bySecret = await t.app.inject({ url: '/v1/audit', headers: { authorization: `Bearer ${site.secretKey}` } });
      expect(bySecret.statusCode).toBe(401);
      expect(bySecret.headers['content-type']).toContain('application/problem+json');
      expect((await t.app.inject({ url: '/v1/audit', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(
        401,
      );
    });
  });
});
