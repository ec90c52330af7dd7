import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, rows, shopSite } from './helpers/collect.js';
import { jsError, response } from './helpers/events.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';
import { type Receiver, startReceiver, verify } from './helpers/webhook-receiver.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  // Standard Webhooks endpoints against a real local receiver that verifies every delivery with the
  // official `standardwebhooks` library. Loopback is allowed here (LOUPE_WEBHOOK_ALLOW_PRIVATE), as a
  // self-hoster would; the guard itself is tested in webhooks-delivery.test.ts.

  const FAST = { retryScheduleMs: [0, 20, 20, 20], jitter: 0, pollMs: 10, timeoutMs: 2000 };

  let t: TestApp;
  let rx: Receiver;
  let site: ReturnType<typeof shopSite>;
  const auth = () => ({ authorization: `Bearer ${site.secretKey}` });

  beforeAll(async () => {
    t = await apps.create(
      engine,
      {
        LOUPE_WEBHOOK_ALLOW_PRIVATE: 'true',
        LOUPE_PUBLIC_URL: 'https://loupe.example',
        LOUPE_API_RATE_LIMIT_MAX: '100000',
      },
      { webhookTiming: FAST },
    );
    site = shopSite(t.app);
    rx = await startReceiver();
  });
  afterAll(async () => {
    await t.close();
    await rx.close();
  });

  async function addHook(payload: object) {
    const res = await t.app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth(), payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; secret: string; events: string[]; kind: string }>();
  }

  const bodyOf = (i: number) =>
    JSON.parse(rx.received[i]!.body) as { type: string; timestamp: string; data: Record<string, unknown> };

  describe('webhook endpoints', () => {
    it('creates an endpoint: the secret once, stored encrypted, never listed', async () => {
      const hook = await addHook({ url: `${rx.url}?a`, events: ['response.created'] });
      expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(hook).toMatchObject({
        kind: 'standard',
        events: ['response.created'],
        enabled: true,
        disabledReason: null,
      });
      const [stored] = rows<{ secret: string }>(t.app, 'SELECT secret FROM webhooks WHERE id = ?', hook.id);
      expect(stored!.secret).not.toContain(hook.secret.slice(6));
      expect(stored!.secret).toMatch(/^v1:/);
      const list = await t.app.inject({ url: '/v1/webhooks', headers: auth() });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(hook.secret.slice(6));
      expect(list.json().webhooks.map((w: { id: string }) => w.id)).toContain(hook.id);
      const one = await t.app.inject({ url: `/v1/webhooks/${hook.id}`, headers: auth() });
      expect(one.json()).toMatchObject({ id: hook.id, pendingDeliveries: 0 });
      const gone = await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${hook.id}`, headers: auth() });
      expect(gone.statusCode).toBe(204);
      expect((await t.app.inject({ url: `/v1/webhooks/${hook.id}`, headers: auth() })).statusCode).toBe(404);
    });

    it('rejects bad input with problem+json', async () => {
      const bad = [
        { url: 'ftp://x.example/' },
        { url: 'https://user:pw@x.example/' },
        { url: 'not a url' },
        { url: 'https://x.example/', events: [] },
        { url: 'https://x.example/', events: ['response.created', 'response.created'] },
        { url: 'https://x.example/', events: ['order.paid'] },
        { url: 'https://x.example/', kind: 'teams' },
        { url: 'https://x.example/', extra: 1 },
      ];
      for (const payload of bad) {
        const res = await t.app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth(), payload });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
      const patch = await t.app.inject({ method: 'PATCH', url: '/v1/webhooks/wh_nope', headers: auth(), payload: {} });
      expect(patch.statusCode).toBe(400);
      const missing = await t.app.inject({
        method: 'PATCH',
        url: '/v1/webhooks/wh_nope',
        headers: auth(),
        payload: { enabled: false },
      });
      expect(missing.statusCode).toBe(404);
    });

    it('delivers response.created, signed so that the official library verifies it, with the response as the read API returns it', async () => {
      const hook = await addHook({ url: rx.url, events: ['response.created', 'response.updated'] });
      const id = randomUUID();
      const before = rx.received.length;
      await collect(t.app, {
        key: site.publicKey,
        events: [response(id, 2, { comment: 'Checkout <!channel> broke' })],
      });
      await rx.waitFor(before + 1);
      const r = rx.received[before]!;
      expect(verify(hook.secret, r)).toMatchObject({ type: 'response.created' });
      expect(r.headers['webhook-id']).toMatch(/^msg_/);
      expect(r.headers['content-type']).toBe('application/json');
      const body = bodyOf(before);
      const read = await t.app.inject({ url: `/v1/responses/${id}`, headers: auth() });
      expect(body).toEqual({ type: 'response.created', timestamp: expect.any(String), data: read.json() });
      expect(Math.abs(Date.parse(body.timestamp) - Date.now())).toBeLessThan(60_000);

      // Tampered body, stale timestamp, wrong secret: the receiver's library refuses each.
      expect(() => verify(hook.secret, { ...r, body: r.body.replace('Checkout', 'Checkin') })).toThrow();
      const stale = Math.floor(Date.now() / 1000) - 600;
      const key = Buffer.from(hook.secret.slice(6), 'base64');
      const staleSig = `v1,${createHmac('sha256', key).update(`${r.headers['webhook-id']}.${stale}.${r.body}`).digest('base64')}`;
      // Correctly signed for its (old) timestamp, so only the staleness fails it.
      expect(() =>
        verify(hook.secret, {
          body: r.body,
          headers: { ...r.headers, 'webhook-timestamp': String(stale), 'webhook-signature': staleSig },
        }),
      ).toThrow(/too old/);
      const other = await addHook({ url: `${rx.url}?other`, events: ['error.new'] });
      expect(() => verify(other.secret, r)).toThrow();

      // A late comment, then closing the loop: response.updated, each verified.
      await collect(t.app, {
        key: site.publicKey,
        events: [response(id, 2, { comment: 'Still broken', ts: Date.now() + 1000 })],
      });
      await rx.waitFor(before + 2);
      expect(verify(hook.secret, rx.received[before + 1]!)).toMatchObject({
        type: 'response.updated',
        data: { id, comment: 'Still broken' },
      });
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/v1/responses/${id}`,
        headers: auth(),
        payload: { status: 'resolved', note: 'Fixed' },
      });
      expect(patched.statusCode).toBe(200);
      await rx.waitFor(before + 3);
      expect(verify(hook.secret, rx.received[before + 2]!)).toMatchObject({
        type: 'response.updated',
        data: { id, status: 'resolved', note: 'Fixed' },
      });
      // The same PATCH again changes nothing, so announces nothing: a later event is the next to arrive.
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/responses/${id}`,
        headers: auth(),
        payload: { status: 'resolved', note: 'Fixed' },
      });
      const next = randomUUID();
      await collect(t.app, { key: site.publicKey, events: [response(next, 9)] });
      await rx.waitFor(before + 4);
      expect(bodyOf(before + 3)).toMatchObject({ type: 'response.created', data: { id: next } });
      await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${hook.id}`, headers: auth() });
      await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${other.id}`, headers: auth() });
    });

    it('announces a new error group once (error.new), and thin payloads past 20 KB', async () => {
      const hook = await addHook({ url: rx.url, events: ['error.new'] });
      const before = rx.received.length;
      const frames = Array.from({ length: 50 }, (_, i) => ({
        fn: `f${i}`,
        file: `https://shop.example/${'x'.repeat(400)}${i}.js`,
        line: i + 1,
        col: 1,
      }));
      await collect(t.app, {
        key: site.publicKey,
        events: [jsError('Boom small', [{ fn: 'a', file: 'https://shop.example/a.js', line: 1, col: 1 }])],
      });
      await collect(t.app, {
        key: site.publicKey,
        events: [jsError('Boom small', [{ fn: 'a', file: 'https://shop.example/a.js', line: 1, col: 1 }])],
      });
      await collect(t.app, { key: site.publicKey, events: [jsError('Boom big', frames)] });
      await rx.waitFor(before + 2);
      const small = bodyOf(before);
      expect(verify(hook.secret, rx.received[before]!)).toBeTruthy();
      expect(small).toMatchObject({
        type: 'error.new',
        data: { message: 'Boom small', type: 'TypeError', path: '/cart' },
      });
      expect(small.data.fingerprint).toEqual(expect.any(String));
      const big = bodyOf(before + 1);
      if (rx.received[before + 1]!.body.length > 20 * 1024) throw new Error('a payload over 20 KB was sent');
      expect(big).toEqual({
        type: 'error.new',
        timestamp: expect.any(String),
        data: { fingerprint: expect.any(String), thin: true },
      });
      // The repeat of the first error was no new group: one more event proves nothing else was queued before it.
      await collect(t.app, {
        key: site.publicKey,
        events: [jsError('Boom third', [{ fn: 'c', file: 'https://shop.example/c.js', line: 3, col: 1 }])],
      });
      await rx.waitFor(before + 3);
      expect(bodyOf(before + 2).data.message).toBe('Boom third');
      expect(rx.received.length).toBe(before + 3);
      await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${hook.id}`, headers: auth() });
    });

    it('rotates: both secrets sign for 24 hours, each verifies', async () => {
      const hook = await addHook({ url: rx.url, events: ['response.created'] });
      const rot = await t.app.inject({ method: 'POST', url: `/v1/webhooks/${hook.id}/rotate`, headers: auth() });
      expect(rot.statusCode).toBe(200);
      const { secret, previousSecretExpiresAt } = rot.json<{ secret: string; previousSecretExpiresAt: string }>();
      expect(secret).not.toBe(hook.secret);
      expect(Date.parse(previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
      const test = await t.app.inject({ method: 'POST', url: `/v1/webhooks/${hook.id}/test`, headers: auth() });
      expect(test.statusCode).toBe(200);
      expect(test.json()).toMatchObject({
        eventType: 'webhook.test',
        status: 'delivered',
        attempts: 1,
        log: [{ statusCode: 200, responseExcerpt: 'ok' }],
      });
      const r = rx.received.at(-1)!;
      expect(r.headers['webhook-signature']!.split(' ')).toHaveLength(2);
      expect(verify(secret, r)).toMatchObject({ type: 'webhook.test', data: { webhookId: hook.id } });
      expect(verify(hook.secret, r)).toMatchObject({ type: 'webhook.test' });
      // Past the grace period only the new secret signs.
      t.app.db.$client
        .prepare('UPDATE webhooks SET previous_secret_until = ? WHERE id = ?')
        .run(Date.now() - 1, hook.id);
      await t.app.inject({ method: 'POST', url: `/v1/webhooks/${hook.id}/test`, headers: auth() });
      const later = rx.received.at(-1)!;
      expect(later.headers['webhook-signature']!.split(' ')).toHaveLength(1);
      expect(verify(secret, later)).toBeTruthy();
      expect(() => verify(hook.secret, later)).toThrow();
      await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${hook.id}`, headers: auth() });
    });

    it('formats Slack messages: score with its band, the comment as escaped text, friction chips, a dashboard link', async () => {
      const hook = await addHook({ url: `${rx.url}?slack`, events: ['response.created'], kind: 'slack' });
      const before = rx.received.length;
      await collect(t.app, {
        key: site.publicKey,
        events: [response(randomUUID(), 1, { comment: 'Awful <!channel> & <https://evil.example|click>' })],
      });
      await rx.waitFor(before + 1);
      const msg = JSON.parse(rx.received[before]!.body) as {
        text: string;
        blocks: { type: string; text?: { text: string }; elements?: { url?: string }[] }[];
      };
      expect(msg.text).toContain('NPS 1 (detractor)');
      const all = JSON.stringify(msg.blocks);
      expect(all).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
      expect(all).not.toContain('<!channel>');
      expect(all).toContain('🔴 detractor');
      const button = msg.blocks.find((b) => b.type === 'actions')!.elements![0]!;
      expect(button.url).toBe(`https://loupe.example/app/responses?site=${site.siteId}`);
      await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${hook.id}`, headers: auth() });
    });

    it('keeps a delivery log and replays a delivery with the same webhook-id and body', async () => {
      const hook = await addHook({ url: rx.url, events: ['response.created'] });
      const before = rx.received.length;
      await collect(t.app, { key: site.publicKey, events: [response(randomUUID(), 10)] });
      await rx.waitFor(before + 1);
      const log = async () =>
        (await t.app.inject({ url: `/v1/webhooks/${hook.id}/deliveries`, headers: auth() })).json();
      let page = await log();
      // The receiver has it; the log records it right after the answer.
      while (page.deliveries[0]?.status !== 'delivered') {
        await new Promise((r) => setTimeout(r, 5));
        page = await log();
      }
      const [d] = page.deliveries;
      expect(d).toMatchObject({
        eventType: 'response.created',
        status: 'delivered',
        attempts: 1,
        log: [{ attempt: 1, statusCode: 200, error: null, responseExcerpt: 'ok' }],
      });
      const replay = await t.app.inject({
        method: 'POST',
        url: `/v1/webhooks/${hook.id}/deliveries/${d.id}/replay`,
        headers: auth(),
      });
      expect(replay.statusCode).toBe(202);
      expect(replay.json()).toMatchObject({ messageId: d.messageId, status: 'pending' });
      await rx.waitFor(before + 2);
      expect(rx.received[before + 1]!.headers['webhook-id']).toBe(rx.received[before]!.headers['webhook-id']);
      expect(rx.received[before + 1]!.body).toBe(rx.received[before]!.body);
      expect(verify(hook.secret, rx.received[before + 1]!)).toBeTruthy();
      const unknown = await t.app.inject({
        method: 'POST',
        url: `/v1/webhooks/${hook.id}/deliveries/dlv_nope/replay`,
        headers: auth(),
      });
      expect(unknown.statusCode).toBe(404);
      await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${hook.id}`, headers: auth() });
      expect(rows(t.app, 'SELECT 1 FROM webhook_deliveries WHERE webhook_id = ?', hook.id)).toEqual([]);
    });

    it("keeps sites apart: another site's secret neither sees nor reaches an endpoint", async () => {
      const hook = await addHook({ url: rx.url, events: ['response.created'] });
      const other = shopSite(t.app);
      const h = { authorization: `Bearer ${other.secretKey}` };
      expect((await t.app.inject({ url: '/v1/webhooks', headers: h })).json()).toEqual({ webhooks: [] });
      for (const [method, url] of [
        ['GET', ''],
        ['PATCH', ''],
        ['DELETE', ''],
        ['POST', '/rotate'],
        ['POST', '/test'],
        ['GET', '/deliveries'],
      ] as const) {
        const res = await t.app.inject({
          method,
          url: `/v1/webhooks/${hook.id}${url}`,
          headers: h,
          ...(method === 'PATCH' ? { payload: { enabled: false } } : {}),
        });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
      }
      // Another site's answers are never announced to this endpoint.
      const before = rx.received.length;
      await collect(t.app, { key: other.publicKey, events: [response(randomUUID(), 5)] });
      const mine = randomUUID();
      await collect(t.app, { key: site.publicKey, events: [response(mine, 6)] });
      await rx.waitFor(before + 1);
      expect(bodyOf(before).data.id).toBe(mine);
      await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${hook.id}`, headers: auth() });
    });

    it('queues only the event types an endpoint subscribes to; PATCH changes them', async () => {
      const errorsOnly = await addHook({ url: `${rx.url}?errors`, events: ['error.new'] });
      const marker = await addHook({ url: `${rx.url}?marker`, events: ['response.created'] });
      const queued = () => rows(t.app, 'SELECT 1 FROM webhook_deliveries WHERE webhook_id = ?', errorsOnly.id).length;
      const before = rx.received.length;
      await collect(t.app, { key: site.publicKey, events: [response(randomUUID(), 8)] });
      await rx.waitFor(before + 1);
      expect(rx.received[before]!.body).toContain('response.created');
      expect(queued()).toBe(0);
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/v1/webhooks/${errorsOnly.id}`,
        headers: auth(),
        payload: { events: ['response.created', 'error.new'] },
      });
      expect(patched.json()).toMatchObject({ events: ['response.created', 'error.new'] });
      await collect(t.app, { key: site.publicKey, events: [response(randomUUID(), 9)] });
      await rx.waitFor(before + 3);
      expect(queued()).toBe(1);
      for (const h of [errorsOnly, marker])
        await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${h.id}`, headers: auth() });
    });

    it('allows 20 endpoints per site, then answers 409 webhook_limit_reached', async () => {
      const other = shopSite(t.app);
      const post = () =>
        t.app.inject({
          method: 'POST',
          url: '/v1/webhooks',
          headers: { authorization: `Bearer ${other.secretKey}` },
          payload: { url: 'https://hooks.example.invalid/x', events: ['error.new'] },
        });
      for (let i = 0; i < 20; i++) expect((await post()).statusCode).toBe(201);
      const over = await post();
      expect(over.statusCode).toBe(409);
      expect(over.json().code).toBe('webhook_limit_reached');
    });
  });
});
