import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS, hourOf } from '../src/lib/hour-bucket.js';
import { addUser, sessionCookieFor, SAME_ORIGIN } from './helpers/accounts.js';
import { collect, rows, shopSite } from './helpers/collect.js';
import { pageview, response } from './helpers/events.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Journeys, touchpoints with page groups, and retention cohorts through the routes: what is kept
// at ingest, what each answer says, and every way a request can be wrong.

const apps = engineApps();
/** GET /v1/insights/journeys is not served on PostgreSQL yet (plugins/postgres-routes.ts). */
const JOURNEYS_ON = (engine: string) => engine === 'sqlite';

describe.each(ENGINES)('journeys, touchpoints and page groups on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await apps.create(engine);
  });
  afterAll(() => t.close());

  function site() {
    const s = shopSite(t.app);
    const auth = { authorization: `Bearer ${s.secretKey}` };
    const send = async (...events: object[]) => {
      const res = await collect(t.app, { key: s.publicKey, events });
      expect(res.statusCode, res.body).toBe(202);
    };
    const get = (url: string) => t.app.inject({ url, headers: auth });
    return { ...s, auth, send, get };
  }

  const displays = new Map<string, string>();
  const displayOf = (sessionId: string) => {
    if (!displays.has(sessionId)) displays.set(sessionId, randomUUID());
    return displays.get(sessionId)!;
  };

  /** A session that views `paths` one after another, then answers `score` on the last one. */
  async function visit(s: ReturnType<typeof site>, sessionId: string, paths: string[], score: number, t0: number) {
    const events = paths.map((path, i) => pageview({ sessionId, path, ts: t0 + i * 1000 }));
    const last = paths[paths.length - 1]!;
    events.push(response(displayOf(sessionId), score, { sessionId, path: last, ts: t0 + paths.length * 1000 }));
    await s.send(...events);
  }

  it.runIf(JOURNEYS_ON(engine))(
    'keeps the last five page steps before each answer, a reload being no step, and ranks them',
    async () => {
      const s = site();
      const t0 = hourOf(Date.now() - 2 * HOUR_MS) + 60_000;
      // Two detractors through the lamp page to checkout (one reloads the cart), one promoter the same way, one promoter another.
      await visit(s, 'a', ['/', '/p/lamp', '/cart', '/cart', '/checkout'], 2, t0);
      await visit(s, 'b', ['/p/lamp', '/cart', '/checkout'], 5, t0);
      await visit(s, 'c', ['/x1', '/x2', '/x3', '/p/lamp', '/cart', '/checkout'], 10, t0);
      await visit(s, 'd', ['/', '/blog', '/checkout'], 9, t0);
      expect(
        rows(t.app, 'SELECT journey FROM responses WHERE site_id = ? AND display_id = ?', s.siteId, displayOf('c')),
      ).toEqual([{ journey: JSON.stringify(['/x2', '/x3', '/p/lamp', '/cart', '/checkout']) }]);
      const res = await s.get('/v1/insights/journeys?kind=nps&segment=detractor&depth=3');
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.totals).toEqual({ segment: 2, compareTo: 2 });
      expect(body.compareTo).toBe('promoter');
      expect(body.journeys).toEqual([
        {
          steps: ['/p/lamp', '/cart', '/checkout'],
          responses: 2,
          share: 100,
          meanScore: 3.5,
          compared: { responses: 1, share: 50 },
          lift: 50,
        },
      ]);
      const promoters = (await s.get('/v1/insights/journeys?segment=promoter&depth=1')).json();
      expect(promoters.compareTo).toBe('detractor');
      expect(promoters.journeys).toEqual([
        expect.objectContaining({
          steps: ['/checkout'],
          responses: 2,
          meanScore: 9.5,
          compared: { responses: 2, share: 100 },
        }),
      ]);
      // A later page view before the answer (sent late) changes the journey once, not twice.
      await s.send(pageview({ sessionId: 'b', path: '/help', ts: t0 + 1500 }));
      const after = (await s.get('/v1/insights/journeys?depth=2')).json();
      expect(after.totals.segment).toBe(2);
      expect(after.journeys.map((j: { steps: string[] }) => j.steps)).toEqual([
        ['/cart', '/checkout'],
        ['/help', '/checkout'],
      ]);
      expect(
        rows<{ n: number }>(
          t.app,
          'SELECT sum(responses) AS n FROM journey_rollups WHERE site_id = ? AND depth = 1',
          s.siteId,
        )[0]!.n,
      ).toBe(4);
      // Segment filters narrow by the answer's visitor segment; nothing matches an unknown language.
      expect((await s.get('/v1/insights/journeys?language=xx')).json().journeys).toEqual([]);
    },
  );

  it('reads NPS per page group and per page, groups applied to answers given before they existed', async () => {
    const s = site();
    const t0 = hourOf(Date.now() - 2 * HOUR_MS) + 60_000;
    await visit(s, 'a', ['/products/lamp'], 10, t0);
    await visit(s, 'b', ['/products/chair'], 0, t0);
    await visit(s, 'c', ['/checkout/pay'], 9, t0);
    await visit(s, 'd', ['/about'], 8, t0);
    const before = (await s.get('/v1/insights/touchpoints?kind=nps')).json();
    expect(before.groups).toEqual([]);
    expect(before.pages.map((p: { path: string }) => p.path).sort()).toEqual([
      '/about',
      '/checkout/pay',
      '/products/chair',
      '/products/lamp',
    ]);
    const add = (payload: object) => t.app.inject({ method: 'POST', url: '/v1/page-groups', headers: s.auth, payload });
    const products = await add({ name: 'Product pages', pattern: '/products/*' });
    expect(products.statusCode, products.body).toBe(201);
    expect(products.json()).toMatchObject({ name: 'Product pages', match: 'wildcard', position: 0 });
    expect((await add({ name: 'Checkout', pattern: '/checkout*' })).json().position).toBe(1);
    const after = (await s.get('/v1/insights/touchpoints?kind=nps&limit=1')).json();
    expect(after.groups).toEqual([
      expect.objectContaining({ name: 'Product pages', pages: 2, responses: 2, score: 0, promoters: 1, detractors: 1 }),
      expect.objectContaining({ name: 'Checkout', pages: 1, responses: 1, score: 100 }),
    ]);
    expect(after.pages).toEqual([expect.objectContaining({ path: '/about', responses: 1, passives: 1, score: 0 })]);
    expect(after.otherPages).toBe(0);

    // Rename, move first, delete: each read follows.
    const id = products.json().id as string;
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/v1/page-groups/${id}`,
      headers: s.auth,
      payload: { name: 'Shop', match: 'prefix', pattern: '/products/l' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const renamed = (await s.get('/v1/insights/touchpoints')).json();
    expect(renamed.groups[0]).toMatchObject({ name: 'Shop', responses: 1 });
    expect(renamed.pages.map((p: { path: string }) => p.path).sort()).toEqual(['/about', '/products/chair']);
    const list = (await s.get('/v1/page-groups')).json();
    expect(list.groups.map((g: { name: string }) => g.name)).toEqual(['Shop', 'Checkout']);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/page-groups/${id}`, headers: s.auth })).statusCode).toBe(
      204,
    );
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/page-groups/${id}`, headers: s.auth })).statusCode).toBe(
      404,
    );
    expect((await s.get('/v1/page-groups')).json().groups).toHaveLength(1);
  });

  it.runIf(JOURNEYS_ON(engine))('refuses bad input with 400 problem+json naming the parameter', async () => {
    const s = site();
    for (const [url, param] of [
      ['/v1/insights/journeys?depth=6', 'depth'],
      ['/v1/insights/journeys?depth=0', 'depth'],
      ['/v1/insights/journeys?segment=angry', 'segment'],
      ['/v1/insights/journeys?kind=stars', 'kind'],
      ['/v1/insights/journeys?compareTo=x', 'compareTo'],
      ['/v1/insights/journeys?device=fridge', 'device'],
      ['/v1/insights/journeys?path=/x', 'path'],
      [`/v1/insights/journeys?browser=${'b'.repeat(65)}`, 'browser'],
      ['/v1/insights/journeys?from=2026-02-30', 'from'],
      ['/v1/insights/touchpoints?limit=0', 'limit'],
      ['/v1/insights/touchpoints?tz=Mars/Olympus', 'tz'],
      ['/v1/metrics/retention?interval=day', 'interval'],
      ['/v1/metrics/retention?from=2026-13-01', 'from'],
      ['/v1/metrics/retention?from=2026-02-30', 'from'],
      ['/v1/metrics/retention?from=2026-05-01&to=2026-01-01', 'from'],
      ['/v1/metrics/retention?interval=week&from=2020-01-01&to=2026-01-01', 'from'],
      ['/v1/metrics/retention?tz=UTC', 'tz'],
    ] as const) {
      const res = await s.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(res.body, url).toContain(param);
    }
    const post = (payload: unknown) =>
      t.app.inject({ method: 'POST', url: '/v1/page-groups', headers: s.auth, payload: payload as object });
    for (const [payload, param] of [
      [{ name: '', pattern: '/a' }, 'name'],
      [{ name: 'x'.repeat(81), pattern: '/a' }, 'name'],
      [{ name: 'A', pattern: 'no-slash' }, 'pattern'],
      [{ name: 'A', pattern: `/${'a'.repeat(1024)}` }, 'pattern'],
      [{ name: 'A', pattern: '/a*b*c*d*e*' }, 'pattern'],
      [{ name: 'A', pattern: '/a', match: 'regex' }, 'match'],
      [{ name: 'A', pattern: '/a', extra: 1 }, 'extra'],
    ] as const) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.body, JSON.stringify(payload)).toContain(param);
    }
    const patch = await t.app.inject({ method: 'PATCH', url: '/v1/page-groups/pg_nope', headers: s.auth, payload: {} });
    expect(patch.statusCode).toBe(404);
  });

  it('keeps page groups to their site, to 50 per site, and to owners for changes', async () => {
    const a = site();
    const b = site();
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/page-groups',
      headers: a.auth,
      payload: { name: '<img src=x onerror=alert(1)>', pattern: '/a' },
    });
    expect(created.json().name).toBe('<img src=x onerror=alert(1)>');
    const id = created.json().id as string;
    // Another site's key neither sees nor changes it.
    expect((await b.get('/v1/page-groups')).json().groups).toEqual([]);
    for (const method of ['PATCH', 'DELETE'] as const) {
      const res = await t.app.inject({ method, url: `/v1/page-groups/${id}`, headers: b.auth, payload: { name: 'x' } });
      expect(res.statusCode).toBe(404);
    }
    // Viewers read, never change.
    const viewer = await addUser(t.app, `viewer-${a.siteId}@example.com`, 'viewer', [a.siteId]);
    const cookie = sessionCookieFor(t.app, viewer.userId);
    const headers = { cookie, origin: SAME_ORIGIN };
    expect((await t.app.inject({ url: `/v1/page-groups?site=${a.siteId}`, headers })).statusCode).toBe(200);
    const refused = await t.app.inject({
      method: 'POST',
      url: `/v1/page-groups?site=${a.siteId}`,
      headers,
      payload: { name: 'V', pattern: '/v' },
    });
    expect(refused.statusCode).toBe(403);
    for (let i = 1; i < 50; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/page-groups',
        headers: a.auth,
        payload: { name: `g${i}`, pattern: `/g${i}` },
      });
      expect(res.statusCode).toBe(201);
    }
    const over = await t.app.inject({
      method: 'POST',
      url: '/v1/page-groups',
      headers: a.auth,
      payload: { name: 'one too many', pattern: '/z' },
    });
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('page_group_limit_reached');
  });
});

describe('retention cohorts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('counts visitors by first week, returning and converting later; visitors without an id are not followed', async () => {
    const s = shopSite(t.app);
    t.app.db.$client.prepare("UPDATE sites SET time_zone = 'Europe/Copenhagen' WHERE id = ?").run(s.siteId);
    const send = async (...events: object[]) =>
      expect((await collect(t.app, { key: s.publicKey, events })).statusCode).toBe(202);
    // Ingestion takes events up to 8 days old: the first visit is 6 days ago, the return now.
    const now = Date.now();
    const first = now - 6 * 24 * HOUR_MS;
    const track = (sessionId: string, ts: number, visitorId?: string) => ({
      ...pageview({ sessionId, ts, ...(visitorId ? { visitorId } : {}) }),
      type: 'track',
      name: 'purchase',
    });
    await send(pageview({ sessionId: 's1', visitorId: 'v1', ts: first }), track('s1', first + 1000, 'v1'));
    await send(pageview({ sessionId: 's2', visitorId: 'v2', ts: first + 1000 }));
    await send(pageview({ sessionId: 's3', ts: first + 2000 }));
    await send(pageview({ sessionId: 's4', visitorId: 'v1', ts: now - 1000 }), track('s4', now - 500, 'v1'));
    const res = await t.app.inject({
      url: '/v1/metrics/retention?interval=week',
      headers: { authorization: `Bearer ${s.secretKey}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.timeZone).toBe('Europe/Copenhagen');
    expect(body.cohorts).toHaveLength(12);
    const withVisitors = body.cohorts.filter((c: { visitors: number }) => c.visitors > 0);
    expect(withVisitors).toHaveLength(1);
    const cohort = withVisitors[0];
    expect(cohort).toMatchObject({ visitors: 2, converters: 1 });
    const sameWeek = cohort.periods.length === 1;
    // v1 came back (and bought again) six days later: the same ISO week, or the next one.
    if (sameWeek) {
      expect(cohort.periods[0]).toMatchObject({ offset: 0, visitors: 2, rate: 100, converters: 1 });
      expect(cohort.repeatConverters).toBe(0);
    } else {
      expect(cohort.periods[1]).toMatchObject({ offset: 1, visitors: 1, rate: 50, converters: 1 });
      expect(cohort.repeatConverters).toBe(1);
      expect(cohort.repeatConversionRate).toBe(50);
    }
    // Visitor segment of the first session; nothing for another device.
    const none = await t.app.inject({
      url: '/v1/metrics/retention?interval=month&device=mobile',
      headers: { authorization: `Bearer ${s.secretKey}` },
    });
    expect(none.json().cohorts.every((c: { visitors: number }) => c.visitors === 0)).toBe(true);
    expect(rows(t.app, 'SELECT count(*) AS n FROM visitor_cohorts WHERE site_id = ?', s.siteId)).toEqual([{ n: 2 }]);
  });
});
