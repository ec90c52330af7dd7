import { randomUUID } from 'node:crypto';
import { eventSchema, type LoupeEventInput, MAX_TRAITS } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { rows } from './helpers/collect.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// identify: what the writer keeps per session and per answer, and the trait and returning filters'
// unhappy paths on the read API.

const T0 = Date.UTC(2026, 10, 2, 10);

describe('identify and audience filters', () => {
  let t: TestApp;
  let site: ReturnType<typeof createSite>;
  let nps: string;
  beforeAll(async () => {
    t = await createTestApp();
    site = createSite(t.app.db, { name: 'Shop', origins: [] });
    nps = createDatasetPrompts(t.app, site.siteId).nps;
    const ev = (sessionId: string, visitorId: string, ts: number, rest: Record<string, unknown>) =>
      ({
        id: randomUUID(),
        ts,
        sessionId,
        visitorId,
        url: 'https://shop.example/',
        path: '/',
        ...rest,
      }) as LoupeEventInput;
    const answer = (s: string, v: string, ts: number, score: number) =>
      ev(s, v, ts, { type: 'response', promptId: nps, displayId: randomUUID(), kind: 'nps', score });
    const events = [
      ev('s1', 'v1', T0, { type: 'pageview' }),
      answer('s1', 'v1', T0 + 1000, 3), // before identify: no traits
      ev('s1', 'v1', T0 + 2000, {
        type: 'identify',
        customerId: 'cus_1',
        traits: { plan: 'pro', seats: 12, trial: false },
      }),
      answer('s1', 'v1', T0 + 3000, 10),
      ev('s1', 'v1', T0 + 4000, { type: 'identify' }), // clears
      answer('s1', 'v1', T0 + 5000, 8),
      // v1 again, later: returning; free plan on mobile.
      ev('s2', 'v1', T0 + 60_000, { type: 'pageview' }),
      ev('s2', 'v1', T0 + 61_000, { type: 'identify', customerId: 'cus_1', traits: { plan: 'free' } }),
      answer('s2', 'v1', T0 + 62_000, 9),
    ].map((event) => ({ event, device: 'mobile' as const, browser: 'safari' }));
    ingestDataset(t.app, site.siteId, events, 4);
  });
  afterAll(() => t.close());

  const get = (qs: string) =>
    t.app.inject({
      url: `/v1/metrics/scores?kind=nps&from=2026-11-01&to=2026-11-03&tz=UTC&${qs}`,
      headers: { authorization: `Bearer ${site.secretKey}` },
    });

  it('keeps the customer and traits per session, and on every answer given after identify', () => {
    const sessions = rows<{ session_id: string; customer_id: string | null; returning: number }>(
      t.app,
      'SELECT session_id, customer_id, "returning" FROM sessions WHERE site_id = ? ORDER BY session_id',
      site.siteId,
    );
    expect(sessions).toEqual([
      { session_id: 's1', customer_id: null, returning: 0 },
      { session_id: 's2', customer_id: 'cus_1', returning: 1 },
    ]);
    expect(rows(t.app, 'SELECT session_id, key, value FROM session_traits WHERE site_id = ?', site.siteId)).toEqual([
      { session_id: 's2', key: 'plan', value: 'free' },
    ]);
    const answers = rows<{ score: number; customer_id: string | null; traits: string | null }>(
      t.app,
      'SELECT score, customer_id, traits FROM responses WHERE site_id = ? ORDER BY created_at',
      site.siteId,
    );
    expect(answers).toEqual([
      { score: 3, customer_id: null, traits: null },
      { score: 10, customer_id: 'cus_1', traits: '{"plan":"pro","seats":"12","trial":"false"}' },
      { score: 8, customer_id: null, traits: null },
      { score: 9, customer_id: 'cus_1', traits: '{"plan":"free"}' },
    ]);
  });

  it('filters and groups scores by trait and by new vs returning', async () => {
    const pro = await get('trait.plan=pro&device=mobile');
    expect(pro.statusCode, pro.body).toBe(200);
    expect(pro.json().total).toMatchObject({ responses: 1, score: 100, responseRate: null });
    expect((await get('trait.plan=pro&trait.seats=12&trait.trial=false')).json().total.responses).toBe(1);
    expect((await get('trait.plan=pro&trait.seats=13')).json().total.responses).toBe(0);
    expect((await get('returning=true')).json().total).toMatchObject({ responses: 1, score: 100 });
    expect((await get('returning=false')).json().total.responses).toBe(3);
    const grouped = (await get('groupBy=trait.plan')).json();
    expect(grouped.total.responses).toBe(4);
    expect(grouped.groups.map((g: { key: string; responses: number }) => [g.key, g.responses])).toEqual([
      ['free', 1],
      ['pro', 1],
    ]);
  });

  it('answers an unknown trait name with nothing, not an error', async () => {
    const res = await get('trait.colour=blue');
    expect(res.statusCode).toBe(200);
    expect(res.json().total.responses).toBe(0);
    const grouped = (await get('groupBy=trait.colour')).json();
    expect(grouped.groups).toEqual([]);
  });

  it('refuses malformed, repeated, oversize and too many trait filters with a problem naming the parameter', async () => {
    const cases: [string, string][] = [
      ['trait.plan=pro&trait.plan=free', 'querystring.trait.plan'],
      [`trait.plan=${'x'.repeat(257)}`, 'querystring.trait.plan'],
      [`trait.${'k'.repeat(65)}=1`, `querystring.trait.${'k'.repeat(65)}`],
      ['trait.=1', 'querystring.trait.'],
      [Array.from({ length: MAX_TRAITS + 1 }, (_, i) => `trait.k${i}=1`).join('&'), `querystring.trait.k${MAX_TRAITS}`],
      ['returning=maybe', 'querystring.returning'],
      ['groupBy=trait.', 'querystring.groupBy'],
    ];
    for (const [qs, param] of cases) {
      const res = await get(qs);
      expect(res.statusCode, qs).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body, qs).toContain(param);
    }
  });

  it('refuses trait filters on a route that cannot answer them', async () => {
    const res = await t.app.inject({
      url: '/v1/errors?from=2026-11-01&to=2026-11-03&trait.plan=pro',
      headers: { authorization: `Bearer ${site.secretKey}` },
    });
    expect(res.statusCode).toBe(400);
  });

  it('validates identify events: at most 20 traits, bounded names and values, flat values only', () => {
    const identify = (over: Record<string, unknown>) => ({
      id: randomUUID(),
      ts: T0,
      sessionId: 's',
      url: 'https://shop.example/',
      path: '/',
      type: 'identify',
      ...over,
    });
    expect(eventSchema.safeParse(identify({ customerId: 'c', traits: { plan: 'pro' } })).success).toBe(true);
    expect(eventSchema.safeParse(identify({})).success).toBe(true);
    const many = Object.fromEntries(Array.from({ length: MAX_TRAITS + 1 }, (_, i) => [`k${i}`, i]));
    expect(eventSchema.safeParse(identify({ traits: many })).success).toBe(false);
    expect(eventSchema.safeParse(identify({ traits: { plan: { nested: 1 } } })).success).toBe(false);
    expect(eventSchema.safeParse(identify({ traits: { plan: 'x'.repeat(257) } })).success).toBe(false);
    expect(eventSchema.safeParse(identify({ traits: { ['k'.repeat(65)]: 1 } })).success).toBe(false);
    expect(eventSchema.safeParse(identify({ customerId: '' })).success).toBe(false);
    expect(eventSchema.safeParse(identify({ traits: { n: Number.NaN } })).success).toBe(false);
  });
});
