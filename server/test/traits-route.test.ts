import { randomUUID } from 'node:crypto';
import type { LoupeEventInput, TraitsResponse } from '@loupe/shared';
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

  it('is in /openapi.json with its example', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    const op = doc.paths['/v1/traits'].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['values', 'site']));
    expect(JSON.stringify(doc.components.schemas.TraitsResponse)).toContain('"plan"');
  });
});
