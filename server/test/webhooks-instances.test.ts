import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, rows, shopSite } from './helpers/collect.js';
import { response } from './helpers/events.js';
import { postgresDatabases } from './helpers/postgres-database.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { startReceiver } from './helpers/webhook-receiver.js';
import { addHook, FAST, until } from './helpers/webhooks.js';

// Two instances on one PostgreSQL poll the same delivery queue: each delivery is sent by one of
// them, once (a claim moves its next attempt past the send before it goes out), not by both.

describe('webhook deliveries with two instances on one PostgreSQL', () => {
  const databases = postgresDatabases();
  const instances: TestApp[] = [];

  // Instances share the key that encrypts the endpoints' secrets, as they must in production.
  const env = {
    LOUPE_WEBHOOK_ALLOW_PRIVATE: '1',
    LOUPE_WEBHOOK_CONCURRENCY: '8',
    LOUPE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOUPE_RATE_LIMIT_MAX: '100000',
  };

  beforeAll(async () => {
    const { url } = await databases.create();
    // A send is given 15 s, not FAST's 400 ms: on a loaded machine a slow answer would otherwise
    // count as a failed attempt and be retried, a second send the claim rightly allows (at least
    // once), which this test would mistake for two instances sending the same delivery.
    for (let i = 0; i < 2; i++) {
      instances.push(await createTestApp(env, { postgresUrl: url, webhookTiming: { ...FAST, timeoutMs: 15_000 } }));
    }
  }, 60_000);
  afterAll(async () => {
    for (const t of instances) await t.close();
    await databases.dropAll();
  });

  it('sends each delivery once, whichever instance polls first', async () => {
    const [a, b] = instances as [TestApp, TestApp];
    const rx = await startReceiver();
    try {
      const site = shopSite(a.app);
      // One endpoint per answer: every delivery is the head of its own queue, all due at once, so
      // both instances' polls find the same due deliveries.
      const hooks = [];
      for (let i = 0; i < 12; i++) hooks.push(await addHook(a, site, `${rx.url}?hook=${i}`));
      for (let i = 0; i < 4; i++) {
        const res = await collect(i % 2 === 0 ? a.app : b.app, {
          key: site.publicKey,
          events: [response(randomUUID(), 5)],
        });
        expect(res.statusCode, res.body).toBe(202);
      }
      const deliveries = hooks.length * 4;
      // The marker: every delivery recorded as delivered, by one instance or the other.
      await until(
        () => {
          const [row] = rows<{ n: number }>(
            b.app,
            "SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'delivered'",
          );
          return row!.n === deliveries ? true : undefined;
        },
        `${deliveries} deliveries delivered`,
        30_000,
      );
      // A delivery is one event (its webhook-id) to one endpoint (the path called).
      const ids = rx.received.map((r) => `${r.url} ${r.headers['webhook-id']}`);
      expect(new Set(ids).size).toBe(deliveries);
      expect(ids).toHaveLength(deliveries);
      const [attempts] = rows<{ n: number }>(a.app, 'SELECT count(*) AS n FROM webhook_attempts');
      expect(attempts!.n).toBe(deliveries);
    } finally {
      await rx.close();
    }
  }, 60_000);

  it('gives a delivery back when its instance shuts down mid-send, so another sends it at once', async () => {
    const { url } = await databases.create();
    // The first instance's sends wait up to a minute: its claim would hold the delivery past this
    // test's limit, so only a claim given back lets the second instance send it in time.
    const first = await createTestApp(env, { postgresUrl: url, webhookTiming: { ...FAST, timeoutMs: 60_000 } });
    let second: TestApp | undefined;
    const rx = await startReceiver((_r, n) => (n === 1 ? 'hang' : { status: 200, body: 'ok' }));
    try {
      const site = shopSite(first.app);
      await addHook(first, site, rx.url);
      const res = await collect(first.app, { key: site.publicKey, events: [response(randomUUID(), 5)] });
      expect(res.statusCode, res.body).toBe(202);
      await rx.waitFor(1);
      second = await createTestApp(env, { postgresUrl: url, webhookTiming: FAST });
      await first.close();
      await rx.waitFor(2);
      expect(rx.received[1]!.headers['webhook-id']).toBe(rx.received[0]!.headers['webhook-id']);
      await until(() => {
        const [row] = rows<{ status: string }>(second!.app, 'SELECT status FROM webhook_deliveries');
        return row?.status === 'delivered' ? true : undefined;
      }, 'the delivery recorded as delivered');
    } finally {
      await second?.close();
      await rx.close();
    }
  }, 30_000);
});
