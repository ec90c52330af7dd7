import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, rows, shopSite } from './helpers/collect.js';
import { response } from './helpers/events.js';
import { deliveryStatements } from '../src/features/webhooks/delivery-store.js';
import { DELIVERY_LOG_MS } from '../src/features/webhooks/delivery-worker.js';
import { deleteDeliveriesAbout, deleteSiteWebhooks } from '../src/features/webhooks/webhooks-store.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';
import { startReceiver } from './helpers/webhook-receiver.js';
import { type Site, addHook, attemptsOf, until } from './helpers/webhooks.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  // The delivery worker's own rules: the specification's schedule with jitter, the bound on
  // deliveries in flight, the delivery log's pruning, and the helpers erasure uses: one app with the
  // specification's schedule and two deliveries in flight at most. Every wait is for a marker (a
  // request received, a row written), never for time.

  let t: TestApp;
  beforeAll(async () => {
    t = await apps.create(
      engine,
      { LOUPE_WEBHOOK_ALLOW_PRIVATE: '1', LOUPE_WEBHOOK_CONCURRENCY: '2', LOUPE_API_RATE_LIMIT_MAX: '100000' },
      { webhookTiming: { pollMs: 10 } },
    );
  });
  afterAll(() => t.close());

  const removeHook = (site: Site, id: string) =>
    t.app.inject({
      method: 'DELETE',
      url: `/v1/webhooks/${id}`,
      headers: { authorization: `Bearer ${site.secretKey}` },
    });

  describe('the worker', () => {
    it("retries a failed first attempt after the specification's 5 s, ± 10 % jitter", async () => {
      const rx = await startReceiver(() => ({ status: 500 }));
      const site = shopSite(t.app);
      try {
        const hook = await addHook(t, site, rx.url);
        await collect(t.app, { key: site.publicKey, events: [response(randomUUID(), 5)] });
        const a = await until(() => attemptsOf(t, hook.id)[0], 'the first attempt');
        const [d] = rows<{ next_attempt_at: number; status: string; attempts: number }>(
          t.app,
          'SELECT next_attempt_at, status, attempts FROM webhook_deliveries WHERE webhook_id = ?',
          hook.id,
        );
        expect(d).toMatchObject({ status: 'pending', attempts: 1 });
        const wait = d!.next_attempt_at - a.at;
        expect(wait).toBeGreaterThanOrEqual(4500);
        expect(wait).toBeLessThanOrEqual(5500 + 1000); // measured from the attempt's start; the 500 took some ms
        await removeHook(site, hook.id);
      } finally {
        await rx.close();
      }
    });

    it('has at most LOUPE_WEBHOOK_CONCURRENCY deliveries in flight in total', async () => {
      const rxs = await Promise.all([0, 1, 2].map(() => startReceiver(() => 'hang')));
      const site = shopSite(t.app);
      try {
        const hooks = [];
        for (const rx of rxs) hooks.push(await addHook(t, site, rx.url));
        await collect(t.app, { key: site.publicKey, events: [response(randomUUID(), 5)] });
        const total = () => rxs.reduce((n, rx) => n + rx.received.length, 0);
        await until(() => (total() === 2 ? true : undefined), 'two deliveries in flight');
        // Two hang; the third endpoint gets its delivery only once one of them is answered.
        const held = rxs.filter((rx) => rx.received.length === 1);
        const waiting = rxs.find((rx) => rx.received.length === 0)!;
        const releasedAt = Date.now();
        held[0]!.release();
        await waiting.waitFor(1);
        expect(waiting.received[0]!.at).toBeGreaterThanOrEqual(releasedAt);
        expect(total()).toBe(3);
        for (const rx of rxs) rx.release();
        for (const h of hooks) await removeHook(site, h.id);
      } finally {
        for (const rx of rxs) await rx.close();
      }
    });
  });

  describe('the delivery log', () => {
    it('forgets deliveries done with after 30 days, with their attempts; pending ones stay', () => {
      const db = t.app.db.$client;
      const old = Date.now() - DELIVERY_LOG_MS - 1000;
      const add = (status: string, createdAt: number) => {
        const seq = db
          .prepare(
            "INSERT INTO webhook_deliveries (id, webhook_id, site_id, message_id, event_type, subject, created_at, payload, status, attempts) VALUES (?, 'wh_log', 's', 'msg_1', 'response.created', 'r', ?, '{}', ?, 1) RETURNING seq",
          )
          .pluck()
          .get(`dlv_${randomUUID()}`, createdAt, status);
        db.prepare(
          'INSERT INTO webhook_attempts (delivery_seq, attempt, at, status_code, duration_ms) VALUES (?, 1, ?, 200, 3)',
        ).run(seq, createdAt);
        return Number(seq);
      };
      const gone = [add('delivered', old), add('failed', old)];
      const kept = [add('pending', old), add('delivered', Date.now())];
      expect(deliveryStatements(db).pruneLog(Date.now() - DELIVERY_LOG_MS, 500)).toBe(2);
      const seqs = rows<{ seq: number }>(
        t.app,
        "SELECT seq FROM webhook_deliveries WHERE webhook_id = 'wh_log' ORDER BY seq",
      );
      expect(seqs.map((r) => r.seq)).toEqual(kept);
      const logged = rows<{ s: number }>(
        t.app,
        'SELECT delivery_seq AS s FROM webhook_attempts WHERE delivery_seq IN (?, ?, ?, ?) ORDER BY s',
        ...gone,
        ...kept,
      );
      expect(logged.map((r) => r.s)).toEqual(kept);
    });
  });

  describe('erasure helpers', () => {
    it("delete a site's webhooks, and the deliveries about erased answers, leaving the rest", async () => {
      const rx = await startReceiver();
      try {
        const a = shopSite(t.app);
        const b = shopSite(t.app);
        await addHook(t, a, rx.url);
        await addHook(t, b, rx.url);
        const [gone, kept] = [randomUUID(), randomUUID()];
        await collect(t.app, { key: a.publicKey, events: [response(gone, 1), response(kept, 2)] });
        await collect(t.app, { key: b.publicKey, events: [response(randomUUID(), 3)] });
        await rx.waitFor(3);
        const attempts = () =>
          rows(
            t.app,
            'SELECT 1 FROM webhook_attempts a JOIN webhook_deliveries d ON d.seq = a.delivery_seq WHERE d.site_id IN (?, ?)',
            a.siteId,
            b.siteId,
          ).length;
        await until(() => (attempts() === 3 ? true : undefined), 'three attempts logged');
        const subjects = (siteId: string) =>
          rows<{ subject: string }>(
            t.app,
            'SELECT subject FROM webhook_deliveries WHERE site_id = ? ORDER BY seq',
            siteId,
          ).map((r) => r.subject);
        expect(deleteDeliveriesAbout(t.app.db, a.siteId, [gone])).toBe(2);
        expect(subjects(a.siteId)).toEqual([kept]);
        expect(attempts()).toBe(2);
        expect(deleteSiteWebhooks(t.app.db, a.siteId)).toBe(2);
        expect(rows(t.app, 'SELECT site_id FROM webhooks WHERE site_id IN (?, ?)', a.siteId, b.siteId)).toEqual([
          { site_id: b.siteId },
        ]);
        expect(subjects(a.siteId)).toEqual([]);
        expect(subjects(b.siteId)).toHaveLength(1);
        expect(attempts()).toBe(1);
      } finally {
        await rx.close();
      }
    });
  });
});
