import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatasetPrompts } from './helpers/ingest-dataset.js';
import { collect, rows, shopSite } from './helpers/collect.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// identify's edge cases through POST /v1/collect: a call with traits alone, an older call that
// arrives after a newer one, and the call that forgets. The customer id and the traits are each
// decided by the newest call by client time (docs/journeys-and-cohorts.md, README's identify).

describe('identify edge cases on the ingest path', () => {
  let t: TestApp;
  let site: ReturnType<typeof shopSite>;
  let nps: string;
  let session: string;
  const T0 = Date.now() - 60_000;
  const base = (ts: number) => ({
    id: randomUUID(),
    ts,
    sessionId: session,
    visitorId: 'v-edge',
    url: 'https://shop.example/account',
    path: '/account',
    language: 'en',
  });
  const identify = (ts: number, customerId?: string, traits?: Record<string, string>) => ({
    ...base(ts),
    type: 'identify',
    ...(customerId ? { customerId } : {}),
    ...(traits ? { traits } : {}),
  });
  const answer = (ts: number, score: number) => ({
    ...base(ts),
    type: 'response',
    promptId: nps,
    displayId: randomUUID(),
    kind: 'nps',
    score,
  });
  const send = async (...events: object[]) => {
    const res = await collect(t.app, { key: site.publicKey, events });
    expect(res.statusCode, res.body).toBe(202);
    // Every event is new: a 202 that stored fewer says so here, not as a missing row below.
    expect(res.json(), res.body).toMatchObject({ accepted: events.length, duplicates: 0, rejected: [] });
  };
  const stored = () => ({
    session: rows<{ customer_id: string | null }>(
      t.app,
      'SELECT customer_id FROM sessions WHERE site_id = ? AND session_id = ?',
      site.siteId,
      session,
    )[0],
    traits: rows<{ key: string; value: string }>(
      t.app,
      'SELECT key, value FROM session_traits WHERE site_id = ? AND session_id = ? ORDER BY key',
      site.siteId,
      session,
    ),
    answers: rows<{ score: number; customer_id: string | null; traits: string | null }>(
      t.app,
      'SELECT score, customer_id, traits FROM responses WHERE site_id = ? AND session_id = ? ORDER BY created_at',
      site.siteId,
      session,
    ),
  });

  beforeEach(async () => {
    t ??= await createTestApp();
    site = shopSite(t.app);
    nps = createDatasetPrompts(t.app, site.siteId).nps;
    session = `s-${randomUUID()}`;
    await send({ ...base(T0), type: 'pageview' });
  });
  afterAll(() => t.close());

  it('keeps the customer when a later call carries traits alone (data-loupe-traits on every page)', async () => {
    await send(identify(T0 + 1000, 'cus_1', { plan: 'basic' }));
    await send(identify(T0 + 2000, undefined, { plan: 'pro' }), answer(T0 + 3000, 9));
    expect(stored()).toEqual({
      session: { customer_id: 'cus_1' },
      traits: [{ key: 'plan', value: 'pro' }],
      answers: [{ score: 9, customer_id: 'cus_1', traits: '{"plan":"pro"}' }],
    });
  });

  it('lets a newer call with traits alone win over an older call with an id that arrives after it', async () => {
    await send(identify(T0 + 2000, undefined, { plan: 'pro' }));
    await send(identify(T0 + 1000, 'cus_1', { plan: 'basic' }));
    // The id was never replaced (the traits-only call does not decide it); the traits were, later.
    expect(stored()).toMatchObject({ session: { customer_id: 'cus_1' }, traits: [{ key: 'plan', value: 'pro' }] });
  });

  it('does not let an older call that arrives after a newer one overwrite it, in later batches or in one', async () => {
    await send(identify(T0 + 2000, 'cus_new', { plan: 'pro' }));
    await send(identify(T0 + 1000, 'cus_old', { plan: 'basic' }), answer(T0 + 1500, 4), answer(T0 + 2500, 10));
    expect(stored()).toEqual({
      session: { customer_id: 'cus_new' },
      traits: [{ key: 'plan', value: 'pro' }],
      // Each answer carries the call made before it: the late older call for the earlier answer.
      answers: [
        { score: 4, customer_id: 'cus_old', traits: '{"plan":"basic"}' },
        { score: 10, customer_id: 'cus_new', traits: '{"plan":"pro"}' },
      ],
    });
    // Newer first within one batch: the same.
    session = `s-${randomUUID()}`;
    await send(identify(T0 + 2000, 'cus_new', { plan: 'pro' }), identify(T0 + 1000, 'cus_old', { plan: 'basic' }));
    expect(stored()).toMatchObject({ session: { customer_id: 'cus_new' }, traits: [{ key: 'plan', value: 'pro' }] });
  });

  it("forgets the customer and traits for later answers on loupe('identify') with no id, and counts the session for the customer", async () => {
    await send(identify(T0 + 1000, 'cus_1', { plan: 'pro' }), answer(T0 + 1500, 10));
    await send(identify(T0 + 2000), answer(T0 + 3000, 2));
    expect(stored()).toEqual({
      session: { customer_id: null },
      traits: [],
      answers: [
        { score: 10, customer_id: 'cus_1', traits: '{"plan":"pro"}' },
        { score: 2, customer_id: null, traits: null },
      ],
    });
    // An older forget arriving later changes nothing.
    session = `s-${randomUUID()}`;
    await send({ ...base(T0), type: 'pageview' }, identify(T0 + 2000, 'cus_2', { plan: 'team' }));
    await send(identify(T0 + 1000));
    expect(stored()).toMatchObject({ session: { customer_id: 'cus_2' }, traits: [{ key: 'plan', value: 'team' }] });

    const auth = { authorization: `Bearer ${site.secretKey}` };
    const day = (d: number) => new Date(T0 + d * 86_400_000).toISOString().slice(0, 10);
    const range = `from=${day(-1)}&to=${day(1)}&tz=UTC`;
    const scores = await t.app.inject({ url: `/v1/metrics/scores?kind=nps&${range}&trait.plan=pro`, headers: auth });
    expect(scores.statusCode, scores.body).toBe(200);
    expect(scores.json().total.responses).toBe(1);
    // The customers were there: both count in the customers' cohorts, whatever the session holds now.
    const retention = await t.app.inject({ url: '/v1/metrics/retention?by=customer', headers: auth });
    expect(retention.statusCode, retention.body).toBe(200);
    const current = retention.json().cohorts.at(-1);
    expect(current.visitors).toBe(2);
  });
});
