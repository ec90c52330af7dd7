import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoupeEventInput } from '@loupe/shared';
import { addUser, SAME_ORIGIN, sessionCookieFor } from './helpers/accounts.js';
import { collect, shopSite } from './helpers/collect.js';
import { base, response } from './helpers/events.js';
import { PageConversionDeltas } from '../src/features/ingest/derive/page-conversion-deltas.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  // Saved funnels through the routes: saved, counted at ingest and in the background, read from
  // their counts (or walked when filtered), renamed, re-stepped, deleted; and every way a request can be wrong.

  const SHOP = ['/product/*', '/cart', 'track:purchase'];

  describe('saved funnels', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await apps.create(engine);
    });
    afterAll(() => t.close());

    function site() {
      const s = shopSite(t.app);
      const auth = { authorization: `Bearer ${s.secretKey}` };
      const send = async (...events: LoupeEventInput[]) => {
        const res = await collect(t.app, { key: s.publicKey, events });
        expect(res.statusCode, res.body).toBe(202);
      };
      const get = (url: string) => t.app.inject({ url, headers: auth });
      const save = (payload: object) =>
        t.app.inject({ method: 'POST', url: '/v1/funnels/saved', headers: auth, payload });
      return { ...s, auth, send, get, save };
    }

    const page = (sessionId: string, path: string, ts: number): LoupeEventInput => ({
      ...base({ sessionId, path, ts }),
      type: 'pageview',
    });
    const goal = (sessionId: string, name: string, ts: number): LoupeEventInput => ({
      ...base({ sessionId, ts }),
      type: 'track',
      name,
    });

    /** Three sessions an hour ago: all see a product, two the cart, one buys. */
    async function shop(s: ReturnType<typeof site>, t0: number, prefix = 's') {
      await s.send(page(`${prefix}1`, '/product/lamp', t0), page(`${prefix}1`, '/cart', t0 + 10_000));
      await s.send(goal(`${prefix}1`, 'purchase', t0 + 40_000));
      await s.send(page(`${prefix}2`, '/product/chair', t0), page(`${prefix}2`, '/cart', t0 + 20_000));
      await s.send(page(`${prefix}3`, '/product/lamp', t0), page(`${prefix}3`, '/about', t0 + 5_000));
    }

    it('counts a funnel saved before its events at ingest, and reads the same answer as GET /v1/funnels', async () => {
      const s = site();
      const saved = await s.save({ name: 'Shop', steps: SHOP });
      expect(saved.statusCode, saved.body).toBe(201);
      const f = saved.json();
      expect(f).toMatchObject({ name: 'Shop', steps: SHOP, counted: true });
      await shop(s, Date.now() - 3_600_000);
      const read = await s.get(`/v1/funnels/saved/${f.id}`);
      expect(read.statusCode, read.body).toBe(200);
      const body = read.json();
      expect(body.answeredFrom).toBe('counts');
      expect(body.funnel.id).toBe(f.id);
      expect(body.steps.map((x: { entered: number }) => x.entered)).toEqual([3, 2, 1]);
      const adHoc = (await s.get(`/v1/funnels?steps=${encodeURIComponent(SHOP.join(','))}`)).json();
      expect(body.steps.map((x: { converted: number }) => x.converted)).toEqual(
        adHoc.steps.map((x: { converted: number }) => x.converted),
      );
      expect(body.completionRate).toBe(adHoc.completionRate);
      // One converting session per gap: the median is that gap, within the histogram's 5 %.
      expect(Math.abs(body.steps[1].medianMsToNext - 30_000)).toBeLessThanOrEqual(1500);
      expect(Math.abs(body.medianMsToComplete - 40_000)).toBeLessThanOrEqual(2000);
      // A filter the counts do not keep walks the sessions instead, with the same answer.
      const mobile = (await s.get(`/v1/funnels/saved/${f.id}?path=%2Fabout`)).json();
      expect(mobile.answeredFrom).toBe('sessions');
      expect(mobile.steps.map((x: { entered: number }) => x.entered)).toEqual([1, 0, 0]);
    });

    it('counts a funnel saved after its events in the background, walking the sessions until then', async () => {
      const s = site();
      await shop(s, Date.now() - 3_600_000);
      const f = (await s.save({ name: 'Later', steps: SHOP })).json();
      expect(f.counted).toBe(false);
      await t.app.savedFunnelBackfill.idle();
      // As if stopped half-way (a restart): read by walking the sessions until the count resumes and ends.
      t.app.db.$client.prepare("UPDATE saved_funnels SET backfill_cursor = 's1' WHERE id = ?").run(f.id);
      const early = (await s.get(`/v1/funnels/saved/${f.id}`)).json();
      expect(early.answeredFrom).toBe('sessions');
      expect(early.funnel.counted).toBe(false);
      expect(early.steps.map((x: { entered: number }) => x.entered)).toEqual([3, 2, 1]);
      t.app.savedFunnelBackfill.kick();
      await t.app.savedFunnelBackfill.idle();
      expect((await s.get('/v1/funnels/saved')).json().funnels[0].counted).toBe(true);
      const late = (await s.get(`/v1/funnels/saved/${f.id}`)).json();
      expect(late.answeredFrom).toBe('counts');
      expect(late.steps.map((x: { entered: number }) => x.entered)).toEqual([3, 2, 1]);
      // A session that goes on after the count moves from one step to the next.
      await s.send(page('s3', '/cart', Date.now() - 3_000_000));
      const moved = (await s.get(`/v1/funnels/saved/${f.id}`)).json();
      expect(moved.steps.map((x: { entered: number }) => x.entered)).toEqual([3, 3, 1]);
    });

    it('counts stored sessions past one background batch (1000 a transaction) from where the last one stopped', async () => {
      const s = site();
      const t0 = Date.now() - 3_600_000;
      // 1,201 sessions over two batches and a bit: every one sees a product, every third the cart.
      const events: LoupeEventInput[] = [];
      for (let i = 0; i < 1201; i++) {
        const id = `b${String(i).padStart(4, '0')}`;
        events.push(page(id, '/product/lamp', t0));
        if (i % 3 === 0) events.push(page(id, '/cart', t0 + 5_000));
      }
      for (let i = 0; i < events.length; i += 100) await s.send(...events.slice(i, i + 100));
      const f = (await s.save({ name: 'Many', steps: SHOP })).json();
      expect(f.counted).toBe(false);
      await t.app.savedFunnelBackfill.idle();
      const read = (await s.get(`/v1/funnels/saved/${f.id}`)).json();
      expect(read.answeredFrom).toBe('counts');
      expect(read.steps.map((x: { entered: number }) => x.entered)).toEqual([1201, 401, 0]);
      const progress = t.app.db.$client
        .prepare('SELECT count(*) FROM saved_funnel_sessions WHERE funnel_id = ?')
        .pluck()
        .get(f.id);
      expect(progress).toBe(1201);
      // 1,601 events through PostgreSQL's one connection take seconds on a busy machine.
    }, 30_000);

    it('renames without recounting, recounts new steps, and deletes the counts with the funnel', async () => {
      const s = site();
      await shop(s, Date.now() - 3_600_000);
      const f = (await s.save({ name: 'A', steps: SHOP })).json();
      await t.app.savedFunnelBackfill.idle();
      const patch = (payload: object) =>
        t.app.inject({ method: 'PATCH', url: `/v1/funnels/saved/${f.id}`, headers: s.auth, payload });
      const renamed = await patch({ name: 'Renamed' });
      expect(renamed.json()).toMatchObject({ name: 'Renamed', steps: SHOP, counted: true });
      const restepped = await patch({ steps: ['/cart', 'track:purchase'] });
      expect(restepped.json()).toMatchObject({ name: 'Renamed', steps: ['/cart', 'track:purchase'], counted: false });
      await t.app.savedFunnelBackfill.idle();
      const read = (await s.get(`/v1/funnels/saved/${f.id}`)).json();
      expect(read.answeredFrom).toBe('counts');
      expect(read.steps.map((x: { entered: number }) => x.entered)).toEqual([2, 1]);
      const rows = (table: string) =>
        t.app.db.$client.prepare(`SELECT count(*) FROM ${table} WHERE funnel_id = ?`).pluck().get(f.id) as number;
      // The first generation's rows are gone; the second's remain until the funnel is deleted.
      expect(
        t.app.db.$client
          .prepare('SELECT count(*) FROM saved_funnel_counts WHERE funnel_id = ? AND generation = 1')
          .pluck()
          .get(f.id),
      ).toBe(0);
      expect(rows('saved_funnel_sessions')).toBe(2);
      const del = await t.app.inject({ method: 'DELETE', url: `/v1/funnels/saved/${f.id}`, headers: s.auth });
      expect(del.statusCode).toBe(204);
      await t.app.savedFunnelBackfill.idle();
      for (const table of ['saved_funnel_sessions', 'saved_funnel_counts', 'saved_funnel_counts_daily'])
        expect(rows(table), table).toBe(0);
      expect((await s.get(`/v1/funnels/saved/${f.id}`)).statusCode).toBe(404);
      expect((await s.get('/v1/funnels/saved')).json().funnels).toEqual([]);
      // Ingest goes on without the funnel.
      await shop(s, Date.now() - 1_800_000, 'n');
    });

    it('counts goal conversion by band of answers stored before it was kept at ingest, in the background', async () => {
      const s = site();
      const t0 = Date.now() - 3_600_000;
      await shop(s, t0);
      const answer = (sessionId: string, score: number, ts: number) => response(randomUUID(), score, { sessionId, ts });
      await s.send(answer('s1', 10, t0 + 50_000), answer('s2', 3, t0 + 50_000), answer('s3', 9, t0 + 50_000));
      const band = async () =>
        Object.fromEntries(
          (await s.get('/v1/metrics/conversion?by=band&goal=purchase'))
            .json()
            .rows.map((r: { value: string; sessions: number; converted: number }) => [
              r.value,
              [r.sessions, r.converted],
            ]),
        );
      const want = { promoter: [2, 1], detractor: [1, 0] };
      expect(await band()).toEqual(want);
      // As after an upgrade: the counts do not hold the site's answers yet, and the site is queued.
      const db = t.app.db.$client;
      for (const table of ['band_conversion_counts', 'band_conversion_counts_daily', 'band_conversion_counts_monthly'])
        db.prepare(`DELETE FROM ${table} WHERE site_id = ?`).run(s.siteId);
      db.prepare('DELETE FROM band_conversion_sessions WHERE site_id = ?').run(s.siteId);
      db.prepare("INSERT INTO band_conversion_backfill (site_id, cursor) VALUES (?, '')").run(s.siteId);
      expect(await band()).toEqual(want);
      t.app.savedFunnelBackfill.kick();
      await t.app.savedFunnelBackfill.idle();
      expect(db.prepare('SELECT count(*) FROM band_conversion_backfill WHERE site_id = ?').pluck().get(s.siteId)).toBe(
        0,
      );
      expect(
        db
          .prepare('SELECT sum(sessions) FROM band_conversion_counts WHERE site_id = ? AND goal = ?')
          .pluck()
          .get(s.siteId, ''),
      ).toBe(3);
      expect(await band()).toEqual(want);
    });

    it('counts goal conversion by page of sessions stored before it was kept at ingest, in the background, while the writer goes on', async () => {
      const s = site();
      const t0 = Date.now() - 3_600_000;
      await shop(s, t0);
      const byPage = async () =>
        Object.fromEntries(
          (await s.get('/v1/metrics/conversion?by=page&goal=purchase'))
            .json()
            .rows.map((r: { value: string; sessions: number; converted: number }) => [
              r.value,
              [r.sessions, r.converted],
            ]),
        );
      expect(await byPage()).toEqual({
        '/product/lamp': [2, 1],
        '/cart': [2, 1],
        '/product/chair': [1, 0],
        '/about': [1, 0],
      });
      // As after an upgrade, with the background count past s1: only s1 is in the counts.
      const db = t.app.db.$client;
      for (const table of ['page_conversion_counts', 'page_conversion_counts_daily', 'page_conversion_counts_monthly'])
        db.prepare(`DELETE FROM ${table} WHERE site_id = ?`).run(s.siteId);
      const s1 = db
        .prepare("SELECT steps, device, browser, language FROM session_steps WHERE site_id = ? AND session_id = 's1'")
        .raw()
        .get(s.siteId) as [string, string, string, string];
      const pages = new PageConversionDeltas(db);
      pages.count(s.siteId, [s1[1], s1[2], s1[3]], JSON.parse(s1[0]) as number[], 1);
      pages.apply();
      db.prepare("INSERT INTO page_conversion_backfill (site_id, cursor) VALUES (?, 's1')").run(s.siteId);
      // The writer moves s1's counts (reached) and leaves s2 (not yet) to the background count.
      await s.send(page('s1', '/checkout', t0 + 30_000), goal('s2', 'purchase', t0 + 60_000));
      const want = {
        '/product/lamp': [2, 1],
        '/cart': [2, 2],
        '/product/chair': [1, 1],
        '/about': [1, 0],
        '/checkout': [1, 1],
      };
      expect(await byPage()).toEqual(want);
      t.app.savedFunnelBackfill.kick();
      await t.app.savedFunnelBackfill.idle();
      expect(db.prepare('SELECT count(*) FROM page_conversion_backfill WHERE site_id = ?').pluck().get(s.siteId)).toBe(
        0,
      );
      expect(
        db
          .prepare('SELECT sum(sessions) FROM page_conversion_counts_monthly WHERE site_id = ? AND goal_key = 0')
          .pluck()
          .get(s.siteId),
      ).toBe(7);
      expect(await byPage()).toEqual(want);
    });

    it('refuses bad input with 400 problem+json naming the field, and unknown ids with 404', async () => {
      const s = site();
      const cases: [object, string][] = [
        [{ name: 'x', steps: ['/a'] }, 'body.steps'],
        [{ name: 'x', steps: Array.from({ length: 11 }, (_, i) => `/p${i}`) }, 'body.steps'],
        [{ name: 'x', steps: ['/a', 'cart'] }, 'body.steps'],
        [{ name: 'x', steps: ['/a', '/b,/c'] }, 'body.steps'],
        [{ name: 'x', steps: ['/a', 'track:'] }, 'body.steps'],
        [{ name: 'x', steps: ['/a', `/${'p'.repeat(1100)}`] }, 'body.steps.1'],
        [{ name: '', steps: SHOP }, 'body.name'],
        [{ name: 'n'.repeat(121), steps: SHOP }, 'body.name'],
        [{ steps: SHOP }, 'body.name'],
        [{ name: 'x', steps: SHOP, extra: 1 }, 'body'],
      ];
      for (const [payload, field] of cases) {
        const res = await s.save(payload);
        expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().code).toBe('validation_failed');
        expect(JSON.stringify(res.json().errors)).toContain(field);
      }
      expect((await s.get('/v1/funnels/saved')).json().funnels).toEqual([]);
      const f = (await s.save({ name: 'ok', steps: SHOP })).json();
      const badRange = await s.get(`/v1/funnels/saved/${f.id}?from=yesterday`);
      expect(badRange.statusCode).toBe(400);
      const badFilter = await s.get(`/v1/funnels/saved/${f.id}?steps=/a,/b`);
      expect(badFilter.statusCode).toBe(400);
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const res = await t.app.inject({ method, url: '/v1/funnels/saved/fn_nope', headers: s.auth, payload: {} });
        expect(res.statusCode, method).toBe(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('keeps saved funnels to their site, to 20 per site, and to owners for changes', async () => {
      const a = site();
      const b = site();
      const f = (await a.save({ name: '<img src=x onerror=alert(1)>', steps: SHOP })).json();
      expect(f.name).toBe('<img src=x onerror=alert(1)>');
      expect((await b.get('/v1/funnels/saved')).json().funnels).toEqual([]);
      expect((await b.get(`/v1/funnels/saved/${f.id}`)).statusCode).toBe(404);
      for (const method of ['PATCH', 'DELETE'] as const) {
        const res = await t.app.inject({
          method,
          url: `/v1/funnels/saved/${f.id}`,
          headers: b.auth,
          payload: { name: 'x' },
        });
        expect(res.statusCode).toBe(404);
      }
      // Viewers read, never change.
      const viewer = await addUser(t.app, `viewer-${a.siteId}@example.com`, 'viewer', [a.siteId]);
      const headers = { cookie: sessionCookieFor(t.app, viewer.userId), origin: SAME_ORIGIN };
      expect((await t.app.inject({ url: `/v1/funnels/saved?site=${a.siteId}`, headers })).statusCode).toBe(200);
      expect((await t.app.inject({ url: `/v1/funnels/saved/${f.id}?site=${a.siteId}`, headers })).statusCode).toBe(200);
      for (const [method, url] of [
        ['POST', '/v1/funnels/saved'],
        ['PATCH', `/v1/funnels/saved/${f.id}`],
        ['DELETE', `/v1/funnels/saved/${f.id}`],
      ] as const) {
        const res = await t.app.inject({
          method,
          url: `${url}?site=${a.siteId}`,
          headers,
          payload: { name: 'V', steps: SHOP },
        });
        expect(res.statusCode, method).toBe(403);
      }
      for (let i = 1; i < 20; i++) expect((await a.save({ name: `f${i}`, steps: SHOP })).statusCode).toBe(201);
      const over = await a.save({ name: 'one too many', steps: SHOP });
      expect(over.statusCode).toBe(409);
      expect(over.json().code).toBe('saved_funnel_limit_reached');
    });
  });
});
