import { randomUUID } from 'node:crypto';
import type { AuditPage, ErasureResult, LoupeEventInput, SiteWithSecret, VisitorExport } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, addUser, SAME_ORIGIN, sessionCookieFor } from './helpers/accounts.js';
import { collect, rows, SHOP_ORIGIN } from './helpers/collect.js';
import { base, click, engagement, jsError, pageview, response } from './helpers/events.js';
import { everyRow } from './helpers/every-row.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  // Erasure and access: after DELETE /v1/visitors/:id (or /v1/sessions/:id) the id is in no column of
  // any table, every other visitor's rows and read answers are as they were, and the audit log
  // records it without the id. The writer waits long enough for a request's rows to be seen queued.

  let t: TestApp;
  let owner: { userId: string; cookie: string };
  let viewerCookie: string;

  beforeAll(async () => {
    t = await apps.create(engine, { LOUPE_ADMIN_TOKEN: ADMIN, LOUPE_WRITER_MAX_DELAY_MS: '200' });
    const o = await addUser(t.app, 'owner@example.com', 'owner');
    owner = { userId: o.userId, cookie: sessionCookieFor(t.app, o.userId) };
    viewerCookie = sessionCookieFor(t.app, (await addUser(t.app, 'viewer@example.com', 'viewer')).userId);
  });
  afterAll(() => t.close());

  type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
  const withKey = (site: SiteWithSecret, method: Method, url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${site.secretKey}` },
      ...(payload ? { payload } : {}),
    });
  const asOwner = (method: Method, url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: owner.cookie, origin: SAME_ORIGIN },
      ...(payload ? { payload } : {}),
    });

  async function newSite(name: string): Promise<SiteWithSecret> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: { authorization: `Bearer ${ADMIN}` },
      payload: { name, origins: [SHOP_ORIGIN] },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<SiteWithSecret>();
  }

  const mentions = (needle: string) => everyRow(t).filter((r) => r.row.includes(needle));

  /** The read model's rows of a visitor or session, compared before and after another one's erasure. */
  const readModelOf = (needle: string) =>
    mentions(needle)
      .filter((r) => !r.table.startsWith('webhook') && r.table !== 'audit_log')
      .map((r) => `${r.table} ${r.row}`)
      .sort();

  interface Visit {
    visitorId: string;
    sessions: string[];
    comment: string;
    displayId: string;
  }

  /**
   * One visitor's two sessions with rows in every table that can hold them: page views, engagement,
   * friction, an error, a goal, an answer with a comment (which queues a webhook delivery); the
   * second session begins before consent (no visitor id), as after an optIn.
   */
  async function visit(site: SiteWithSecret, tag: string): Promise<Visit> {
    const v: Visit = {
      visitorId: `visitor-${tag}-${randomUUID()}`,
      sessions: [`sess-${tag}-1-${randomUUID()}`, `sess-${tag}-2-${randomUUID()}`],
      comment: `Comment of ${tag} ${randomUUID()}`,
      displayId: randomUUID(),
    };
    const [s1, s2] = v.sessions as [string, string];
    const a = { sessionId: s1, visitorId: v.visitorId };
    const events: LoupeEventInput[] = [
      pageview(a),
      pageview({ ...a, path: '/checkout' }),
      engagement(12_000, 80, a),
      click('rage', a),
      jsError(`Boom ${tag}`, [{ fn: 'pay', file: 'https://shop.example/app.js', line: 1, col: 2 }], a),
      { ...base(a), type: 'track', name: 'purchase' },
      response(v.displayId, 2, { ...a, comment: v.comment }),
      pageview({ sessionId: s2 }),
      pageview({ sessionId: s2, visitorId: v.visitorId, path: '/help' }),
    ];
    const res = await collect(t.app, { key: site.publicKey, events });
    expect(res.statusCode, res.body).toBe(202);
    const note = await withKey(site, 'PATCH', `/v1/responses/${v.displayId}`, { note: `Note about ${tag}` });
    expect(note.statusCode, note.body).toBe(200);
    return v;
  }

  describe('erasing a visitor', () => {
    let shop: SiteWithSecret;
    let other: SiteWithSecret;
    let doomed: Visit;
    let kept: Visit;
    let elsewhere: Visit;

    beforeAll(async () => {
      shop = await newSite('Shop');
      other = await newSite('Other shop');
      const hook = await withKey(shop, 'POST', '/v1/webhooks', { url: 'https://hooks.example/erasure' });
      expect(hook.statusCode, hook.body).toBe(201);
      doomed = await visit(shop, 'doomed');
      kept = await visit(shop, 'kept');
      elsewhere = await visit(other, 'elsewhere');
    });

    it("exports everything stored about the visitor, with the answer's comment and note", async () => {
      const res = await withKey(shop, 'GET', `/v1/visitors/${doomed.visitorId}/export`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('application/json');
      const doc = res.json<VisitorExport>();
      expect(doc).toMatchObject({ siteId: shop.siteId, visitorId: doomed.visitorId });
      expect(doc.sessions.map((s) => s.sessionId).sort()).toEqual([...doomed.sessions].sort());
      expect(doc.events).toHaveLength(9);
      expect(doc.events.filter((e) => e.visitorId === null)).toHaveLength(1);
      expect(doc.pageVisits.map((p) => p.path).sort()).toEqual(['/cart', '/cart', '/checkout', '/help']);
      expect(doc.sessionGoals).toEqual([expect.objectContaining({ name: 'purchase' })]);
      expect(doc.sessionErrors).toHaveLength(1);
      expect(doc.responses).toEqual([
        expect.objectContaining({ displayId: doomed.displayId, comment: doomed.comment, note: 'Note about doomed' }),
      ]);
      // Another visitor's rows are not in it.
      expect(res.body).not.toContain(kept.visitorId);
      expect(res.body).not.toContain(kept.comment);

      const nobody = await withKey(shop, 'GET', `/v1/visitors/nobody-${randomUUID()}/export`);
      expect(nobody.statusCode).toBe(200);
      expect(nobody.json<VisitorExport>()).toMatchObject({ sessions: [], events: [], responses: [], pageVisits: [] });
      // Another site's key reads nothing of this site's visitor.
      const cross = (await withKey(other, 'GET', `/v1/visitors/${doomed.visitorId}/export`)).json<VisitorExport>();
      expect(cross.events).toEqual([]);
    });

    it('refuses strangers, viewers, cross-site changes and malformed ids with problem+json, and erases nothing', async () => {
      const url = `/v1/visitors/${doomed.visitorId}`;
      const cases = [
        [t.app.inject({ method: 'DELETE', url }), 401],
        [t.app.inject({ method: 'DELETE', url, headers: { authorization: 'Bearer sk_wrong' } }), 401],
        [t.app.inject({ method: 'DELETE', url, headers: { authorization: `Bearer ${shop.publicKey}` } }), 403],
        [t.app.inject({ method: 'DELETE', url: `${url}?site=${shop.siteId}`, headers: { cookie: viewerCookie } }), 403],
        // An owner's session from another origin (a cross-site form or script).
        [
          t.app.inject({
            method: 'DELETE',
            url: `${url}?site=${shop.siteId}`,
            headers: { cookie: owner.cookie, origin: 'https://evil.example' },
          }),
          403,
        ],
        [
          t.app.inject({
            method: 'DELETE',
            url: `${url}?site=site_nope`,
            headers: { cookie: owner.cookie, origin: SAME_ORIGIN },
          }),
          404,
        ],
        [withKey(shop, 'DELETE', `/v1/visitors/${'x'.repeat(65)}`), 400],
        [withKey(shop, 'DELETE', `/v1/sessions/${'x'.repeat(65)}`), 400],
        [withKey(shop, 'GET', `/v1/visitors/${'x'.repeat(65)}/export`), 400],
      ] as const;
      for (const [pending, status] of cases) {
        const res = await pending;
        expect(res.statusCode, res.body).toBe(status);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
      expect(mentions(doomed.visitorId).length).toBeGreaterThan(5);

      // Another site's secret key erases nothing here: its own site has no such visitor.
      const cross = await withKey(other, 'DELETE', url);
      expect(cross.statusCode).toBe(200);
      expect(cross.json<ErasureResult>().totalRows).toBe(0);
      expect(mentions(doomed.visitorId).length).toBeGreaterThan(5);
    });

    it('removes the id from every table, and leaves every other visitor and their read answers as they were', async () => {
      const keptBefore = readModelOf(kept.visitorId);
      const elsewhereBefore = readModelOf(elsewhere.visitorId);
      const keptSessionsBefore = kept.sessions.map(readModelOf);
      const listBefore = (await withKey(shop, 'GET', '/v1/responses')).json<{ responses: { id: string }[] }>()
        .responses;
      const otherOverview = (await withKey(other, 'GET', '/v1/metrics/overview')).body;
      const deliveriesAbout = () =>
        rows(t.app, 'SELECT seq FROM webhook_deliveries WHERE subject = ?', doomed.displayId).length;
      expect(deliveriesAbout()).toBeGreaterThan(0);

      const res = await withKey(shop, 'DELETE', `/v1/visitors/${doomed.visitorId}`);
      expect(res.statusCode, res.body).toBe(200);
      const { rows: deleted, totalRows } = res.json<ErasureResult>();
      expect(deleted).toMatchObject({
        events: 9,
        sessions: 2,
        session_pages: 4,
        session_errors: 1,
        session_goals: 1,
        responses: 1,
      });
      expect(deleted.webhook_deliveries).toBeGreaterThan(0);
      expect(totalRows).toBe(Object.values(deleted).reduce((a, b) => a + b, 0));

      // The id, its sessions, its comment and its note: in no column of any table.
      for (const needle of [
        doomed.visitorId,
        ...doomed.sessions,
        doomed.comment,
        'Note about doomed',
        doomed.displayId,
      ])
        expect(mentions(needle), needle).toEqual([]);
      expect(deliveriesAbout()).toBe(0);

      expect(readModelOf(kept.visitorId)).toEqual(keptBefore);
      expect(kept.sessions.map(readModelOf)).toEqual(keptSessionsBefore);
      expect(readModelOf(elsewhere.visitorId)).toEqual(elsewhereBefore);
      const listAfter = (await withKey(shop, 'GET', '/v1/responses')).json<{ responses: { id: string }[] }>().responses;
      expect(listAfter).toEqual(listBefore.filter((r) => r.id !== doomed.displayId));
      expect((await withKey(other, 'GET', '/v1/metrics/overview')).body).toBe(otherOverview);

      // The audit log: who, what, the counts; a keyed hash, never the id.
      const audit = (
        await t.app.inject({ url: `/v1/audit?siteId=${shop.siteId}`, headers: { authorization: `Bearer ${ADMIN}` } })
      ).json<AuditPage>();
      const entry = audit.entries.find((e) => e.action === 'visitor.erase' && e.totalRows > 0)!;
      expect(entry).toMatchObject({ actor: { kind: 'secret key', userId: null }, target: { kind: 'visitor' } });
      expect(entry.rows).toEqual(Object.fromEntries(Object.entries(deleted).filter(([, n]) => n > 0)));
      expect(entry.target.ref).toMatch(/^[0-9a-f]{32}$/);

      // Erasing again: nothing is left, and the answer is the one an unknown id gets.
      const again = await withKey(shop, 'DELETE', `/v1/visitors/${doomed.visitorId}`);
      expect(again.json<ErasureResult>().totalRows).toBe(0);
      expect(Object.keys(again.json<ErasureResult>().rows)).toEqual(Object.keys(deleted));
    });

    it('also erases an event of the visitor that sits in the writer queue while the erasure runs', async () => {
      const late = await visit(shop, 'late');
      const queued = collect(t.app, {
        key: shop.publicKey,
        events: [pageview({ sessionId: `sess-late-3-${randomUUID()}`, visitorId: late.visitorId, path: '/queued' })],
      });
      // The writer holds a request's rows for LOUPE_WRITER_MAX_DELAY_MS: wait until they are queued.
      while (t.app.ingestWriter.queuedRows === 0) await new Promise((r) => setImmediate(r));
      const res = await withKey(shop, 'DELETE', `/v1/visitors/${late.visitorId}`);
      expect(res.statusCode, res.body).toBe(200);
      expect((await queued).statusCode).toBe(202);
      expect(res.json<ErasureResult>().rows.events).toBe(10);
      expect(mentions(late.visitorId)).toEqual([]);
      // Its page stays only in the aggregates (counts per page), never in a row of the visitor.
      expect(mentions('/queued').filter((r) => ['events', 'session_pages', 'sessions'].includes(r.table))).toEqual([]);
    });
  });

  describe('the export of a visitor with many events', () => {
    it('streams every row once, in chunks, across sessions', async () => {
      const shop = await newSite('Busy shop');
      const visitorId = `busy-${randomUUID()}`;
      const sessions = [`busy-a-${randomUUID()}`, `busy-b-${randomUUID()}`];
      const ids: string[] = [];
      // 1,300 events: more than two of the export's 500-row chunks in the first session.
      for (let i = 0; i < 13; i++) {
        const sessionId = sessions[i < 11 ? 0 : 1]!;
        const events = Array.from({ length: 100 }, () => pageview({ sessionId, visitorId }));
        ids.push(...events.map((e) => e.id));
        expect((await collect(t.app, { key: shop.publicKey, events })).statusCode).toBe(202);
      }
      const res = await withKey(shop, 'GET', `/v1/visitors/${visitorId}/export`);
      expect(res.statusCode).toBe(200);
      const doc = res.json<VisitorExport>();
      expect(doc.events.map((e) => e.id).sort()).toEqual([...ids].sort());
      expect(doc.sessions).toHaveLength(2);
    });
  });

  describe('erasing a session', () => {
    it("removes one session's rows, keeps the visitor's other session, and audits the owner who asked", async () => {
      const shop = await newSite('Session shop');
      const v = await visit(shop, 'session');
      const [gone, stays] = v.sessions as [string, string];
      const staysBefore = readModelOf(stays);

      const res = await asOwner('DELETE', `/v1/sessions/${gone}?site=${shop.siteId}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<ErasureResult>().rows).toMatchObject({ events: 7, sessions: 1, responses: 1, session_goals: 1 });
      for (const needle of [gone, v.comment, 'Note about session']) expect(mentions(needle), needle).toEqual([]);
      expect(readModelOf(stays)).toEqual(staysBefore);
      expect(readModelOf(stays).length).toBeGreaterThan(0);

      const unknown = await withKey(shop, 'DELETE', `/v1/sessions/never-${randomUUID()}`);
      expect(unknown.statusCode).toBe(200);
      expect(unknown.json<ErasureResult>().totalRows).toBe(0);

      const audit = (await asOwner('GET', `/v1/audit?siteId=${shop.siteId}`)).json<AuditPage>();
      expect(audit.entries.map((e) => [e.action, e.actor])).toEqual([
        ['session.erase', { kind: 'secret key', userId: null }],
        ['session.erase', { kind: 'user', userId: owner.userId }],
      ]);
      expect(JSON.stringify(rows(t.app, 'SELECT * FROM audit_log'))).not.toContain(gone);
    });
  });

  describe('erasing a customer', () => {
    const identify = (customerId: string, over: { sessionId: string; visitorId: string }): LoupeEventInput =>
      ({ ...pageview(over), type: 'identify', customerId, traits: { plan: 'pro' } }) as LoupeEventInput;

    /** One identified visit: a page view, the identify call, a goal and an answer, on a browser of its own. */
    async function identifiedVisit(site: SiteWithSecret, customerId: string, tag: string) {
      const over = { sessionId: `sess-${tag}-${randomUUID()}`, visitorId: `visitor-${tag}-${randomUUID()}` };
      const res = await collect(t.app, {
        key: site.publicKey,
        events: [
          pageview(over),
          identify(customerId, over),
          { ...base(over), type: 'track', name: 'purchase' },
          { ...base(over), type: 'task', name: 'checkout', action: 'start' },
          response(randomUUID(), 9, { ...over, comment: `Comment of ${tag}` }),
          { ...base(over), type: 'task', name: 'checkout', action: 'success' },
        ],
      });
      expect(res.statusCode, res.body).toBe(202);
      return over;
    }

    /** The read answers kept from counts: they stay as they were after an erasure (docs/privacy.md). */
    const aggregateReads = async (site: SiteWithSecret) => {
      const out: Record<string, string> = {};
      for (const url of [
        '/v1/metrics/retention?by=customer&interval=week',
        '/v1/metrics/retention?by=customer&interval=month',
        '/v1/metrics/retention?interval=week',
        '/v1/metrics/scores?kind=nps',
        // Breakdowns under an audience of at most one trait read counts by who the session is.
        ...['device', 'browser', 'language', 'entryPage'].map((by) => `/v1/metrics/breakdown?by=${by}&returning=false`),
        // So does engagement (audience_engagement_counts), with a browser filter by dimension.
        '/v1/metrics/engagement?trait.plan=pro&interval=day',
        // And the tasks (audience_task_counts, audience_task_score_counts).
        '/v1/metrics/tasks?trait.plan=pro&interval=day',
        '/v1/metrics/tasks?returning=false',
        '/v1/metrics/engagement?trait.plan=pro&browser=chrome',
        // And the error rate, by release too (audience_dimension_rates).
        '/v1/metrics/error-rate?trait.plan=pro&by=release',
      ])
        out[url] = (await withKey(site, 'GET', url)).body;
      return out;
    };

    it('removes every session the customer was identified in, on every device, and the customer’s own rows', async () => {
      const shop = await newSite('Customer shop');
      const customerId = `cust-doomed-${randomUUID()}`;
      const keptId = `cust-kept-${randomUUID()}`;
      const phone = await identifiedVisit(shop, customerId, 'phone');
      const laptop = await identifiedVisit(shop, customerId, 'laptop');
      const kept = await identifiedVisit(shop, keptId, 'kept');
      const tablesOf = (needle: string) => [...new Set(mentions(needle).map((r) => r.table))].sort();
      // The customer is in their sessions, answers and the retention cohorts' rows kept per customer.
      expect(tablesOf(customerId)).toEqual(
        expect.arrayContaining(['customer_cohorts', 'customer_periods', 'customer_sessions', 'responses', 'sessions']),
      );
      // A visitor's export holds the rows of the customer identified in their sessions.
      const exported = (await withKey(shop, 'GET', `/v1/visitors/${phone.visitorId}/export`)).json<
        Record<string, { customerId?: string }[]>
      >();
      expect(exported.customerCohorts).toEqual([expect.objectContaining({ customerId })]);
      expect(exported.customerPeriods).toHaveLength(2);
      const keptBefore = [keptId, kept.sessionId, kept.visitorId].map(readModelOf);
      const readsBefore = await aggregateReads(shop);

      const res = await withKey(shop, 'DELETE', `/v1/customers/${encodeURIComponent(customerId)}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<ErasureResult>().rows).toMatchObject({
        sessions: 2,
        customer_sessions: 2,
        customer_cohorts: 1,
        customer_periods: 2,
        session_traits: 2,
        responses: 2,
        // The two browsers had no other visit: their visitors' cohort rows go with their last session.
        visitor_cohorts: 2,
        visitor_periods: 4,
      });
      for (const needle of [customerId, phone.sessionId, laptop.sessionId, phone.visitorId, laptop.visitorId])
        expect(mentions(needle), needle).toEqual([]);
      expect([keptId, kept.sessionId, kept.visitorId].map(readModelOf)).toEqual(keptBefore);
      // Aggregates stay: the customer still counts in the cohort tables and scores already reported.
      expect(await aggregateReads(shop)).toEqual(readsBefore);

      const audit = (
        await withKey(shop, 'DELETE', `/v1/customers/${encodeURIComponent(customerId)}`)
      ).json<ErasureResult>();
      expect(audit.totalRows).toBe(0);
      const entries = (
        await t.app.inject({ url: `/v1/audit?siteId=${shop.siteId}`, headers: { authorization: `Bearer ${ADMIN}` } })
      ).json<AuditPage>().entries;
      expect(entries.map((e) => [e.action, e.target.kind])).toEqual([
        ['customer.erase', 'customer'],
        ['customer.erase', 'customer'],
      ]);
      expect(JSON.stringify(rows(t.app, 'SELECT * FROM audit_log'))).not.toContain(customerId);
      // The longest id there is, percent-encoded: a path the router takes, and nothing of it stored.
      const longest = await withKey(shop, 'DELETE', `/v1/customers/${encodeURIComponent('é'.repeat(128))}`);
      expect(longest.statusCode, longest.body).toBe(200);
      expect(longest.json<ErasureResult>().totalRows).toBe(0);
      const tooLong = await withKey(shop, 'DELETE', `/v1/customers/${'x'.repeat(129)}`);
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.headers['content-type']).toContain('application/problem+json');
    });

    it("a visitor's or a session's erasure takes the customer of its sessions along once none of theirs is left", async () => {
      const shop = await newSite('Customer shop 2');
      const alone = `cust-alone-${randomUUID()}`;
      const twice = `cust-twice-${randomUUID()}`;
      const a = await identifiedVisit(shop, alone, 'alone');
      const first = await identifiedVisit(shop, twice, 'twice-1');
      const second = await identifiedVisit(shop, twice, 'twice-2');

      expect((await withKey(shop, 'DELETE', `/v1/visitors/${a.visitorId}`)).json<ErasureResult>().rows).toMatchObject({
        customer_cohorts: 1,
        customer_periods: 2,
      });
      expect(mentions(alone)).toEqual([]);

      // One of two sessions: the customer is still there, with their cohort rows.
      const one = (await withKey(shop, 'DELETE', `/v1/sessions/${first.sessionId}`)).json<ErasureResult>();
      expect(one.rows).toMatchObject({ sessions: 1, customer_sessions: 1, customer_cohorts: 0 });
      expect(mentions(twice).map((r) => r.table)).toContain('customer_cohorts');
      const last = (await withKey(shop, 'DELETE', `/v1/sessions/${second.sessionId}`)).json<ErasureResult>();
      expect(last.rows).toMatchObject({ sessions: 1, customer_sessions: 1, customer_cohorts: 1, customer_periods: 2 });
      expect(mentions(twice)).toEqual([]);
    });
  });
});
