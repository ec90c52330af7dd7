import { randomUUID } from 'node:crypto';
import {
  type LoupeEventInput,
  MAX_TRAIT_NAMES_LISTED,
  MAX_TRAITS,
  TRAIT_VALUE_SAMPLE_SESSIONS,
  type TraitsResponse,
} from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { ingestDataset } from './helpers/ingest-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// GET /v1/traits: every trait name a site's sessions carry, with its most common values counted
// over the latest sessions; only the site's own; bad parameters are problem+json naming them.

const T0 = Date.UTC(2026, 10, 2, 10);
const HOSTILE = '<img src=x onerror=alert(1)>';

describe('GET /v1/traits', () => {
  let t: TestApp;
  let shop: ReturnType<typeof createSite>;
  let other: ReturnType<typeof createSite>;
  let empty: ReturnType<typeof createSite>;
  beforeAll(async () => {
    t = await createTestApp();
    shop = createSite(t.app.db, { name: 'Shop', origins: [] });
    other = createSite(t.app.db, { name: 'Other', origins: [] });
    empty = createSite(t.app.db, { name: 'Empty', origins: [] });
    let n = 0;
    const session = (traits: Record<string, string | number | boolean> | undefined) => {
      const sessionId = `s${++n}`;
      const base = { sessionId, url: 'https://shop.example/', path: '/', visitorId: `v${n}` };
      const events: LoupeEventInput[] = [{ ...base, id: randomUUID(), ts: T0 + n * 1000, type: 'pageview' }];
      if (traits)
        events.push({
          ...base,
          id: randomUUID(),
          ts: T0 + n * 1000 + 1,
          type: 'identify',
          customerId: `c${n}`,
          traits,
        });
      return events.map((event) => ({ event, device: 'desktop' as const, browser: 'chrome' }));
    };
    const shopEvents = [
      ...session({ plan: 'pro', seats: 12 }),
      ...session({ plan: 'free', trial: true }),
      ...session({ plan: 'free' }),
      ...session({ plan: 'free', [HOSTILE]: HOSTILE }),
      ...session({ plan: 'team' }),
      ...session({ plan: 'pro' }),
      ...session(undefined),
    ];
    ingestDataset(t.app, shop.siteId, shopEvents, 4);
    ingestDataset(t.app, other.siteId, session({ secret: 'other site only' }), 4);
  });
  afterAll(() => t.close());

  const get = (site: { secretKey: string }, qs = '') =>
    t.app.inject({ url: `/v1/traits${qs}`, headers: { authorization: `Bearer ${site.secretKey}` } });

  it('lists every name in text order, values most common first (ties in text order), as stored', async () => {
    const res = await get(shop);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<TraitsResponse>();
    expect(body.sampledSessions).toBe(7);
    expect(body.traits).toEqual([
      { name: HOSTILE, sessions: 1, values: [{ value: HOSTILE, sessions: 1 }] },
      {
        name: 'plan',
        sessions: 6,
        values: [
          { value: 'free', sessions: 3 },
          { value: 'pro', sessions: 2 },
          { value: 'team', sessions: 1 },
        ],
      },
      { name: 'seats', sessions: 1, values: [{ value: '12', sessions: 1 }] },
      { name: 'trial', sessions: 1, values: [{ value: 'true', sessions: 1 }] },
    ]);
  });

  it('cuts each name to `values` values', async () => {
    const body = (await get(shop, '?values=1')).json<TraitsResponse>();
    expect(body.traits.find((x) => x.name === 'plan')?.values).toEqual([{ value: 'free', sessions: 3 }]);
  });

  it("never shows another site's traits; a site without any answers an empty list", async () => {
    expect(JSON.stringify((await get(shop)).json())).not.toContain('other site only');
    expect((await get(empty)).json()).toEqual({ traits: [], sampledSessions: 0 });
  });

  it.each([
    ['?values=0', 'values'],
    ['?values=101', 'values'],
    ['?values=many', 'values'],
    ['?trait.plan=pro', 'trait.plan'],
    ['?name=plan', 'name'],
  ])('%s is a 400 problem naming %s', async (qs, param) => {
    const res = await get(shop, qs);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('validation_failed');
    expect(res.body).toContain(param);
  });

  it(`lists at most ${MAX_TRAIT_NAMES_LISTED} names, the first in text order`, async () => {
    const site = createSite(t.app.db, { name: 'Many names', origins: [] });
    const names = Array.from({ length: MAX_TRAIT_NAMES_LISTED + 5 }, (_, i) => `k${String(i).padStart(3, '0')}`);
    const events: LoupeEventInput[] = [];
    for (let i = 0; i * MAX_TRAITS < names.length; i++) {
      const base = { sessionId: `n${i}`, url: 'https://shop.example/', path: '/', visitorId: `nv${i}` };
      const traits = Object.fromEntries(names.slice(i * MAX_TRAITS, (i + 1) * MAX_TRAITS).map((k) => [k, 'x']));
      events.push({ ...base, id: randomUUID(), ts: T0 + i * 1000, type: 'identify', customerId: `nc${i}`, traits });
    }
    ingestDataset(
      t.app,
      site.siteId,
      events.map((event) => ({ event, device: 'desktop' as const, browser: 'chrome' })),
      4,
    );
    const body = (await get(site)).json<TraitsResponse>();
    expect(body.traits.map((x) => x.name)).toEqual(names.slice(0, MAX_TRAIT_NAMES_LISTED));
  });

  it(`counts values over the latest ${TRAIT_VALUE_SAMPLE_SESSIONS} sessions, still listing older names`, async () => {
    const site = createSite(t.app.db, { name: 'Long history', origins: [] });
    const events: LoupeEventInput[] = [];
    for (let i = 0; i <= TRAIT_VALUE_SAMPLE_SESSIONS; i++) {
      const base = { sessionId: `h${i}`, url: 'https://shop.example/', path: '/', visitorId: `hv${i}` };
      const traits: Record<string, string> | undefined =
        i === 0 ? { legacy: 'old' } : i === 1 ? { plan: 'pro' } : undefined;
      events.push(
        traits
          ? { ...base, id: randomUUID(), ts: T0 + i * 1000, type: 'identify', customerId: `hc${i}`, traits }
          : { ...base, id: randomUUID(), ts: T0 + i * 1000, type: 'pageview' },
      );
    }
    ingestDataset(
      t.app,
      site.siteId,
      events.map((event) => ({ event, device: 'desktop' as const, browser: 'chrome' })),
      500,
    );
    const body = (await get(site)).json<TraitsResponse>();
    expect(body.sampledSessions).toBe(TRAIT_VALUE_SAMPLE_SESSIONS);
    expect(body.traits).toEqual([
      { name: 'legacy', sessions: 0, values: [] },
      { name: 'plan', sessions: 1, values: [{ value: 'pro', sessions: 1 }] },
    ]);
    // Ingesting 10,001 sessions takes 3–5 s of CPU, more than the default 5 s of wall time on a loaded machine.
  }, 60_000);

  it('is in /openapi.json with its example', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    const op = doc.paths['/v1/traits'].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['values', 'site']));
    expect(JSON.stringify(doc.components.schemas.TraitsResponse)).toContain('"plan"');
  });
});
