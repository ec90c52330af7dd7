import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, shopSite } from './helpers/collect.js';
import { response } from './helpers/events.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';
import { startReceiver } from './helpers/webhook-receiver.js';
import { FAST, type Site, addHook, attemptsOf, removeHook, until } from './helpers/webhooks.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  // The SSRF guard: without LOUPE_WEBHOOK_ALLOW_PRIVATE, nothing reaches this machine or a private
  // network, whether named by an IP literal (refused when the endpoint is made) or by a host name
  // that resolves there (refused when connecting). Every wait is for a marker, never for time.

  describe('SSRF guard (no LOUPE_WEBHOOK_ALLOW_PRIVATE)', () => {
    let t: TestApp;
    let site: Site;
    beforeAll(async () => {
      t = await apps.create(engine, { LOUPE_API_RATE_LIMIT_MAX: '100000' }, { webhookTiming: FAST });
      site = shopSite(t.app);
    });
    afterAll(() => t.close());

    it('refuses loopback, private, link-local and metadata addresses when the endpoint is made or changed', async () => {
      const urls = [
        'http://127.0.0.1:8080/',
        'http://10.1.2.3/',
        'http://192.168.0.10/',
        'http://172.16.5.4/',
        'http://169.254.169.254/latest/meta-data/',
        'http://[::1]/',
        'http://[::ffff:127.0.0.1]/',
        'http://[fd00:ec2::254]/',
        'http://100.100.100.200/',
        'http://0.0.0.0/',
        'http://2130706433/', // 127.0.0.1 as one number: WHATWG URL normalises it first
      ];
      for (const url of urls) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/webhooks',
          headers: { authorization: `Bearer ${site.secretKey}` },
          payload: { url },
        });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().code, url).toBe('webhook_url_refused');
      }
      const ok = await addHook(t, site, 'https://hooks.example.invalid/x');
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/v1/webhooks/${ok.id}`,
        headers: { authorization: `Bearer ${site.secretKey}` },
        payload: { url: 'http://10.0.0.1/' },
      });
      expect(patch.json().code).toBe('webhook_url_refused');
      await removeHook(t, site, ok.id);
    });

    it('refuses, at connect time, a hostname that resolves to loopback; the receiver never hears of it', async () => {
      const rx = await startReceiver();
      try {
        const hook = await addHook(t, site, `http://localhost:${rx.port}/hook`);
        await collect(t.app, { key: site.publicKey, events: [response(randomUUID(), 1)] });
        const a = await until(() => attemptsOf(t, hook.id)[0], 'the refused attempt');
        expect(a.status_code).toBeNull();
        expect(a.error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a non-public address$/);
        const test = await t.app.inject({
          method: 'POST',
          url: `/v1/webhooks/${hook.id}/test`,
          headers: { authorization: `Bearer ${site.secretKey}` },
        });
        expect(test.json()).toMatchObject({
          status: 'failed',
          log: [{ statusCode: null, error: expect.stringMatching(/^refused: /) }],
        });
        expect(rx.received).toHaveLength(0);
        await removeHook(t, site, hook.id);
      } finally {
        await rx.close();
      }
    });

    it('refuses at send time an address that became private after the endpoint was made', async () => {
      const rx = await startReceiver();
      try {
        const hook = await addHook(t, site, 'https://hooks.example.invalid/x');
        // As if the URL had been stored before the guard existed (or by another version).
        t.app.db.$client.prepare('UPDATE webhooks SET url = ? WHERE id = ?').run(rx.url, hook.id);
        await collect(t.app, { key: site.publicKey, events: [response(randomUUID(), 1)] });
        const a = await until(() => attemptsOf(t, hook.id)[0], 'the refused attempt');
        expect(a.error).toBe('refused: 127.0.0.1 is a non-public address');
        expect(rx.received).toHaveLength(0);
        await removeHook(t, site, hook.id);
      } finally {
        await rx.close();
      }
    });
  });
});
