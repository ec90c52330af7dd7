import { once } from 'node:events';
import path from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@loupe/scripts/testing';
import { AXE, seriousViolations } from './support/axe.js';
import { ARTIFACTS, type DashboardPage, logIn, MOBILE, openPage, shot } from './support/dashboard-page.js';
import { createUser, type DashboardServer, OWNER, startDashboardServer, VIEWER } from './support/dashboard-server.js';

// Webhooks from the browser: an owner adds an endpoint (the secret shown once), sends a test that a
// local receiver gets, reads the delivery log (the receiver's hostile answer stays text), replays,
// rotates, disables and deletes it; a refused URL is named at its field; a viewer reads only.
// Loopback deliveries are allowed here (LOUPE_WEBHOOK_ALLOW_PRIVATE), as in the server's tests.

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

let d: DashboardServer;
let browser: Browser;
let receiver: Server;
let hookUrl: string;
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let owner: DashboardPage;

beforeAll(async () => {
  [d, browser] = await Promise.all([
    startDashboardServer({ seed: false, env: { LOUPE_WEBHOOK_ALLOW_PRIVATE: 'true' } }),
    launchChromium(),
  ]);
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/html' }).end(`thanks ${HOSTILE}`);
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook?x=${HOSTILE}`;
  owner = await openPage(browser);
  await owner.page.addInitScript(AXE);
  await logIn(owner.page, d.server.url, OWNER);
});
afterAll(async () => {
  await browser?.close();
  if (receiver) {
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  }
  await d?.dispose();
});

const settings = () => `${d.server.url}/app/settings?site=${d.site.siteId}`;
const pwned = (p: DashboardPage) => p.page.evaluate(() => (window as { __pwned?: number }).__pwned);

describe('webhooks panel', () => {
  it('adds an endpoint (secret once), tests it, shows the log as text, replays, rotates, disables, deletes', async () => {
    const { page } = owner;
    await page.goto(settings());
    const panel = page.locator('#webhooks');
    await panel.getByText('No webhook endpoint yet.').waitFor();

    // Refused by the API: the message is at the URL field (credentials in the URL: a 400 with a field;
    // the SSRF guard's refusal, which names no field, as the API words it).
    const url = page.getByLabel('Endpoint URL');
    await url.fill('https://user:pw@hooks.example.com/x');
    await panel.getByRole('button', { name: 'Add endpoint' }).click();
    await expect.poll(() => page.locator('#webhook-url-error').textContent()).toMatch(/user name or password/);
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    await page.route('**/v1/webhooks?*', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 400,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: 'about:blank',
              title: 'Webhook URL refused',
              status: 400,
              code: 'webhook_url_refused',
              detail: '10.0.0.1 is a non-public address. Deliveries go only to public addresses.',
            }),
          })
        : route.fallback(),
    );
    await url.fill('http://10.0.0.1/hook');
    await panel.getByRole('button', { name: 'Add endpoint' }).click();
    await expect.poll(() => page.locator('#webhook-url-error').textContent()).toMatch(/non-public address/);
    await page.unroute('**/v1/webhooks?*');

    // Added: the secret is shown once, in a dialog with a copy button.
    await url.fill(hookUrl);
    await panel.getByLabel('error.new').check();
    await panel.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'The endpoint’s signing secret' });
    const secret = (await dialog.getByTestId('webhook-secret').locator('code').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await dialog.getByRole('button', { name: 'Copy' }).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    const item = panel.locator('li.webhook');
    await expect.poll(() => item.locator('.webhook-url code').textContent()).toBe(hookUrl);
    expect(await item.textContent()).toContain('response.created, error.new');
    expect(await page.getByTestId('webhook-state').textContent()).toBe('Enabled');
    expect(await page.locator('body').textContent()).not.toContain(secret);

    // A test message: the receiver gets it, the note and the log say so; its answer is text.
    await item.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => page.getByTestId('webhook-note').textContent()).toBe('Test sent: Delivered (200)');
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'webhook.test' });
    expect(received[0]!.headers['webhook-signature']).toMatch(/^v1,/);
    const log = item.getByTestId('webhook-log');
    await expect.poll(() => log.locator('tr[data-status="delivered"]').count()).toBe(1);
    expect(await log.getByTestId('response-excerpt').textContent()).toBe(`thanks ${HOSTILE}`);
    await expect.poll(() => page.getByTestId('webhook-last').textContent()).toMatch(/^Delivered \(200\)/);
    expect(await page.locator('img[src=x]').count()).toBe(0);
    expect(await pwned(owner)).toBeUndefined();

    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'webhooks');
    await panel.screenshot({ path: path.join(ARTIFACTS, 'dashboard-webhooks-panel.png') });

    // Replay queues the message again; the worker delivers it with the same webhook-id.
    await log.getByRole('button', { name: /^Replay webhook\.test/ }).click();
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(2);
    expect(received[1]!.headers['webhook-id']).toBe(received[0]!.headers['webhook-id']);

    // Rotation: the new secret once, both sign for 24 hours.
    await item.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = page.getByRole('dialog', { name: 'The new signing secret' });
    expect(await rotated.textContent()).toContain('For 24 hours both the old and the new secret sign');
    const next = (await rotated.getByTestId('webhook-secret').locator('code').textContent())!;
    expect(next).toMatch(/^whsec_/);
    expect(next).not.toBe(secret);
    await rotated.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => item.textContent()).toContain('The previous secret signs too until');

    // Disable, enable, disable: the state says why.
    await item.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => page.getByTestId('webhook-state').textContent()).toBe('Disabled by hand');
    expect(await item.getAttribute('data-enabled')).toBe('false');
    await item.getByRole('button', { name: 'Enable' }).click();
    await expect.poll(() => page.getByTestId('webhook-state').textContent()).toBe('Enabled');
    await item.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => page.getByTestId('webhook-state').textContent()).toBe('Disabled by hand');
    expect(owner.problems).toEqual([]);
  });

  it('a viewer reads the list and the log, with no button that changes anything; the API refuses changes', async () => {
    await createUser(d.server, VIEWER, 'viewer', d.site.siteId);
    const v = await openPage(browser, { viewport: MOBILE, isMobile: true, hasTouch: true });
    await v.page.addInitScript(AXE);
    try {
      await logIn(v.page, d.server.url, VIEWER);
      await v.page.goto(settings());
      const item = v.page.locator('#webhooks li.webhook');
      await expect.poll(() => item.locator('.webhook-url code').textContent()).toBe(hookUrl);
      for (const name of ['Send test', 'Disable', 'Enable', 'Rotate secret', 'Delete', 'Add endpoint'])
        expect(await v.page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
      await item.getByRole('button', { name: 'Delivery log' }).click();
      await expect.poll(() => item.getByTestId('response-excerpt').count()).toBeGreaterThan(0);
      expect(await v.page.getByRole('button', { name: /^Replay/ }).count()).toBe(0);
      expect(await v.page.locator('img[src=x]').count()).toBe(0);
      expect(await pwned(v)).toBeUndefined();
      expect(await seriousViolations(v.page)).toEqual([]);
      await shot(v.page, 'webhooks-viewer-390');
      const id = await item.getAttribute('data-webhook');
      const res = await v.page.request.patch(`${d.server.url}/v1/webhooks/${id}?site=${d.site.siteId}`, {
        data: { enabled: true },
        headers: { origin: d.server.url },
      });
      expect(res.status()).toBe(403);
      expect(((await res.json()) as { detail: string }).detail).toMatch(
        /^Viewers can read this site but not change it/,
      );
      expect(v.problems).toEqual([]);
    } finally {
      await v.page.context().close();
    }
  });

  it('at 390 px the owner’s panel fits; deleting asks first, then the endpoint and its log go', async () => {
    const { page } = owner;
    await page.setViewportSize(MOBILE);
    await page.goto(settings());
    const panel = page.locator('#webhooks');
    const item = panel.locator('li.webhook');
    await item.waitFor();
    await panel.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(MOBILE.width);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'webhooks-390');
    await panel.screenshot({ path: path.join(ARTIFACTS, 'dashboard-webhooks-panel-390.png') });

    await item.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this endpoint?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await item.count()).toBe(1);
    await item.getByRole('button', { name: 'Delete' }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await panel.getByText('No webhook endpoint yet.').waitFor();
    const left = await page.request.get(`${d.server.url}/v1/webhooks?site=${d.site.siteId}`);
    expect(((await left.json()) as { webhooks: unknown[] }).webhooks).toEqual([]);
    expect(owner.problems).toEqual([]);
  });
});
