import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@loupe/scripts/testing';
import { figure, logIn, openPage } from './support/dashboard-page.js';
import { type DashboardServer, OWNER, startDashboardServer } from './support/dashboard-server.js';

// A new site: the install snippet until the first event, then the figures. And every string a
// visitor can send (comment, URL, error message, selector) comes back as text, never as markup.

const PAYLOAD = `<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=2</script>`;
const HOSTILE_PATH = `/"><svg onload="window.__pwned=3">`;

let d: DashboardServer;
let browser: Browser;
let promptId: string;

beforeAll(async () => {
  [d, browser] = await Promise.all([startDashboardServer({ seed: false }), launchChromium()]);
  const res = await fetch(`${d.server.url}/v1/prompts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${d.site.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'NPS', kind: 'nps', texts: { en: { question: 'How likely?' } } }),
  });
  promptId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => {
  await browser?.close();
  await d?.dispose();
});

const base = (path: string, sessionId: string) => ({
  id: randomUUID(),
  ts: Date.now() - 60_000,
  sessionId,
  visitorId: `v-${sessionId}`,
  url: `https://shop.example${path}`,
  path,
  language: 'en',
});

describe('a site without data, then hostile data', () => {
  it('shows the install snippet, then turns live when the first event arrives', async () => {
    const p = await openPage(browser);
    await logIn(p.page, d.server.url, OWNER);
    const install = p.page.getByTestId('install');
    await install.waitFor();
    expect(await install.locator('code').textContent()).toBe(
      `<script async src="${d.server.url}/widget.js" data-key="${d.site.publicKey}"></script>`,
    );
    await d.collect([{ ...base('/', 's-first'), type: 'pageview', nav: 'load' }]);
    await install.waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => figure(p.page, 'sessions')).toBe(1);
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });

  it('a script payload in a comment, a URL, an error message and a selector renders as text', async () => {
    const displayId = randomUUID();
    await d.collect([
      { ...base(HOSTILE_PATH, 's-evil'), type: 'pageview', nav: 'load' },
      { ...base(HOSTILE_PATH, 's-evil'), type: 'prompt_shown', promptId, displayId },
      {
        ...base(HOSTILE_PATH, 's-evil'),
        type: 'response',
        promptId,
        displayId,
        kind: 'nps',
        score: 2,
        comment: PAYLOAD,
      },
      {
        ...base(HOSTILE_PATH, 's-evil'),
        type: 'error',
        source: 'error',
        errorType: 'TypeError',
        message: PAYLOAD,
        frames: [{ fn: '<img src=x onerror=alert(5)>', file: 'https://shop.example/app.js', line: 1, col: 1 }],
      },
      {
        ...base(HOSTILE_PATH, 's-evil'),
        type: 'click',
        kind: 'dead',
        selector: `button[title="<img src=x onerror=alert(6)>"]`,
        tag: 'button',
        x: 1,
        y: 1,
      },
    ]);
    const p = await openPage(browser);
    await logIn(p.page, d.server.url, OWNER, `/app/responses?site=${d.site.siteId}`);
    const comment = p.page.locator('article.response .comment').first();
    await comment.waitFor();
    expect(await comment.textContent()).toBe(PAYLOAD);
    expect(await p.page.locator('article.response .path').first().textContent()).toBe(HOSTILE_PATH);

    await p.page.getByRole('link', { name: 'Errors' }).click();
    const message = p.page.locator('.error-message').first();
    await message.waitFor();
    expect(await message.textContent()).toBe(PAYLOAD);
    await p.page.locator('.error-stack summary').first().click();
    expect(await p.page.locator('.error-stack code').first().textContent()).toContain('<img src=x onerror=alert(5)>');

    await p.page.getByRole('link', { name: 'Clicks' }).click();
    await p.page.locator('.bar-table .row-label').first().waitFor();
    expect(await p.page.locator('.bar-table .row-label').first().textContent()).toBe(
      `button[title="<img src=x onerror=alert(6)>"]`,
    );

    await p.page.getByRole('link', { name: 'Overview' }).click();
    await p.page.locator('#top-pages .row-link').first().waitFor();
    expect(await p.page.locator('#top-pages .row-link').allInnerTexts()).toContain(HOSTILE_PATH);

    // Nothing ran: no dialog, no global, no element from the payloads.
    expect(await p.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await p.page.locator('img[src="x"], svg[onload]').count()).toBe(0);
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });

  it('the server going away is said on screen, and "Try again" recovers once it is back', async () => {
    const p = await openPage(browser);
    await logIn(p.page, d.server.url, OWNER);
    await figure(p.page, 'sessions');
    await d.server.stop();
    await p.page.locator('body').press('w');
    const banner = p.page.locator('.banner[role="alert"]');
    await expect.poll(() => banner.textContent()).toContain('Cannot reach the Loupe server');
    await d.server.start();
    await banner.getByRole('button', { name: 'Try again' }).click();
    await banner.waitFor({ state: 'detached' });
    await expect.poll(() => figure(p.page, 'sessions')).toBe(2);
    await p.page.context().close();
  });
});
