import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, rows, shopSite } from './helpers/collect.js';
import { response } from './helpers/events.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';
import { startReceiver, verify } from './helpers/webhook-receiver.js';
import { FAST, type Site, addHook, attemptsOf, removeHook, until } from './helpers/webhooks.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  // The delivery worker against local receivers that fail in the ways real ones do. A short retry
  // schedule (buildApp's test-only option) keeps it fast; every wait is for a marker (a request
  // received, a row written), never for time.

  const endpoint = (t: TestApp, id: string) =>
    rows<{ enabled: number; disabled_reason: string | null; failing_since: number | null }>(
      t.app,
      'SELECT enabled, disabled_reason, failing_since FROM webhooks WHERE id = ?',
      id,
    )[0]!;

  describe('delivery (loopback allowed)', () => {
    let t: TestApp;
    let site: Site;
    beforeAll(async () => {
      t = await apps.create(
        engine,
        { LOUPE_WEBHOOK_ALLOW_PRIVATE: '1', LOUPE_API_RATE_LIMIT_MAX: '100000' },
        { webhookTiming: FAST },
      );
      site = shopSite(t.app);
    });
    afterAll(() => t.close());

    it('receiver down, then up: each message arrives, once by webhook-id, in order of creation', async () => {
      const probe = await startReceiver();
      const { port, url } = probe;
      await probe.close(); // down: connections are refused
      const hook = await addHook(t, site, url);
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      for (const id of ids)
        expect((await collect(t.app, { key: site.publicKey, events: [response(id, 7)] })).statusCode).toBe(202);
      // The first has failed twice: the worker is retrying it, the others wait behind it.
      await until(() => (attemptsOf(t, hook.id).length >= 2 ? true : undefined), 'two failed attempts');
      expect(new Set(attemptsOf(t, hook.id).map((a) => a.seq)).size).toBe(1);
      const rx = await startReceiver(undefined, port);
      try {
        await rx.waitFor(3);
        // One more message, and the marker that nothing else was queued before it.
        const last = randomUUID();
        await collect(t.app, { key: site.publicKey, events: [response(last, 8)] });
        await rx.waitFor(4);
        const seen = rx.received.map((r) => (verify(hook.secret, r) as { data: { id: string } }).data.id);
        expect(seen).toEqual([...ids, last]);
        expect(new Set(rx.received.map((r) => r.headers['webhook-id'])).size).toBe(4);
        const failed = attemptsOf(t, hook.id).filter((a) => a.status_code === null);
        expect(failed.length).toBeGreaterThanOrEqual(2);
        expect(failed[0]!.error).toMatch(/ECONNREFUSED/);
      } finally {
        await rx.close();
      }
    });

    it('410 Gone disables the endpoint at once; re-enabling sends what waited', async () => {
      let gone = true;
      const rx = await startReceiver(() => (gone ? { status: 410, body: 'bye' } : { status: 200 }));
      const marker = await startReceiver();
      try {
        const hook = await addHook(t, site, rx.url);
        const first = randomUUID();
        await collect(t.app, { key: site.publicKey, events: [response(first, 3)] });
        await rx.waitFor(1);
        const e = await until(
          () => (endpoint(t, hook.id).enabled === 0 ? endpoint(t, hook.id) : undefined),
          'the endpoint disabled',
        );
        expect(e.disabled_reason).toBe('gone');
        expect(attemptsOf(t, hook.id)).toMatchObject([{ attempt: 1, status_code: 410 }]);
        // Later answers are not queued for a disabled endpoint; another endpoint proves they were announced.
        const other = await addHook(t, site, marker.url);
        await collect(t.app, { key: site.publicKey, events: [response(randomUUID(), 4)] });
        await marker.waitFor(1);
        expect(rx.received).toHaveLength(1);
        gone = false;
        const res = await t.app.inject({
          method: 'PATCH',
          url: `/v1/webhooks/${hook.id}`,
          headers: { authorization: `Bearer ${site.secretKey}` },
          payload: { enabled: true },
        });
        expect(res.json()).toMatchObject({ enabled: true, disabledReason: null });
        await rx.waitFor(2);
        expect(rx.received[1]!.headers['webhook-id']).toBe(rx.received[0]!.headers['webhook-id']);
        expect((verify(hook.secret, rx.received[1]!) as { data: { id: string } }).data.id).toBe(first);
        for (const h of [hook, other]) await removeHook(t, site, h.id);
      } finally {
        await rx.close();
        await marker.close();
      }
    });

    it('honours Retry-After on 429 (the schedule alone would retry after 20 ms)', async () => {
      const rx = await startReceiver((_r, n) =>
        n === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' } : { status: 200 },
      );
      try {
        const hook = await addHook(t, site, rx.url);
        await collect(t.app, { key: site.publicKey, events: [response(randomUUID(), 5)] });
        await rx.waitFor(2);
        expect(rx.received[1]!.at - rx.received[0]!.at).toBeGreaterThanOrEqual(1000);
        expect(rx.received[1]!.headers['webhook-id']).toBe(rx.received[0]!.headers['webhook-id']);
        const log = attemptsOf(t, hook.id);
        expect(log[0]).toMatchObject({ attempt: 1, status_code: 429 });
        await removeHook(t, site, hook.id);
      } finally {
        await rx.close();
      }
    });

    it('follows no redirect, times out a receiver that never answers, and ingestion never waits for either', async () => {
      const target = await startReceiver();
      const redirect = await startReceiver(() => ({ status: 302, headers: { location: target.url } }));
      const hang = await startReceiver(() => 'hang');
      try {
        const r = await addHook(t, site, redirect.url);
        const h = await addHook(t, site, hang.url);
        await collect(t.app, { key: site.publicKey, events: [response(randomUUID(), 6)] });
        await redirect.waitFor(1);
        await hang.waitFor(1);
        // While the receiver hangs, answers are still stored and acknowledged.
        expect((await collect(t.app, { key: site.publicKey, events: [response(randomUUID(), 6)] })).statusCode).toBe(
          202,
        );
        const redirected = await until(() => attemptsOf(t, r.id)[0], 'the redirect attempt');
        expect(redirected).toMatchObject({ status_code: 302, error: `redirect not followed (to ${target.url})` });
        const timedOut = await until(() => attemptsOf(t, h.id)[0], 'the timed-out attempt');
        expect(timedOut).toMatchObject({ status_code: null, error: 'timed out after 400 ms' });
        for (const x of [r, h]) await removeHook(t, site, x.id);
        expect(target.received).toHaveLength(0);
      } finally {
        for (const x of [target, redirect, hang]) await x.close();
      }
    });

    it('disables and flags an endpoint that has failed for 5 days; a success clears the failure clock', async () => {
      let fail = false;
      const rx = await startReceiver(() => (fail ? { status: 500, body: 'broken' } : { status: 200 }));
      try {
        const hook = await addHook(t, site, rx.url);
        fail = true;
        await collect(t.app, { key: site.publicKey, events: [response(randomUUID(), 2)] });
        await rx.waitFor(1);
        const since = await until(() => endpoint(t, hook.id).failing_since ?? undefined, 'failing_since');
        expect(since).toBeLessThanOrEqual(Date.now());
        // Five days of failures, compressed: the clock started 5 days ago.
        t.app.db.$client
          .prepare('UPDATE webhooks SET failing_since = ? WHERE id = ?')
          .run(Date.now() - 5 * 86_400_000 - 1000, hook.id);
        const e = await until(
          () => (endpoint(t, hook.id).enabled === 0 ? endpoint(t, hook.id) : undefined),
          'the endpoint disabled',
        );
        expect(e.disabled_reason).toBe('failing');
        const api = await t.app.inject({
          url: `/v1/webhooks/${hook.id}`,
          headers: { authorization: `Bearer ${site.secretKey}` },
        });
        expect(api.json()).toMatchObject({
          enabled: false,
          disabledReason: 'failing',
          failingSince: expect.any(String),
          pendingDeliveries: 1,
        });
        fail = false;
        await t.app.inject({
          method: 'PATCH',
          url: `/v1/webhooks/${hook.id}`,
          headers: { authorization: `Bearer ${site.secretKey}` },
          payload: { enabled: true },
        });
        await until(
          () =>
            rows(t.app, "SELECT 1 FROM webhook_deliveries WHERE webhook_id = ? AND status = 'delivered'", hook.id)
              .length
              ? true
              : undefined,
          'delivered',
        );
        expect(endpoint(t, hook.id)).toMatchObject({ enabled: 1, failing_since: null });
        await removeHook(t, site, hook.id);
      } finally {
        await rx.close();
      }
    });
  });
});
