import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startTestServer, type TestServer } from '@loupe/scripts/testing';
import { openPage } from './support/dashboard-page.js';

// The very first visit: no user exists, the server prints a one-time link, and the setup page it
// opens creates the owner and logs them in. The token travels in the fragment only.

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const setupLink = () => /(http:\/\/\S+\/app\/setup#token=\S+)/.exec(server.output())?.[1];

describe('first run', () => {
  it('the login page says no account exists yet', async () => {
    const p = await openPage(browser);
    await p.page.goto(`${server.url}/app/`);
    await p.page.waitForURL(/\/app\/login/);
    await expect.poll(() => p.page.locator('.notice').textContent()).toContain('No account exists yet');
    await p.page.context().close();
  });

  it('a setup link without its token says so', async () => {
    const p = await openPage(browser);
    await p.page.goto(`${server.url}/app/setup`);
    await expect.poll(() => p.page.getByRole('alert').textContent()).toContain('setup link is incomplete');
    await p.page.context().close();
  });

  it('the printed link creates the owner, logs them in, and leaves the token out of the history', async () => {
    await expect.poll(setupLink).toBeTruthy();
    const link = setupLink()!;
    const p = await openPage(browser);
    const requests: string[] = [];
    p.page.on('request', (r) => requests.push(r.url()));
    await p.page.goto(link.replace('http://localhost:', 'http://127.0.0.1:'));
    // Rules the server checks come back next to their field.
    await p.page.getByLabel('Your email').fill('first@shop.example');
    await p.page.getByLabel('Choose a password').fill('aaaaaaaaaaaa');
    await p.page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => p.page.locator('.field-error').textContent()).toContain('one character repeated');
    await p.page.getByLabel('Choose a password').fill('a first good passphrase');
    await p.page.getByRole('button', { name: 'Create account' }).click();
    // No site yet: the owner starts by creating one.
    await p.page.waitForURL((u) => u.pathname === '/app/new-site' && u.hash === '');
    await p.page.getByRole('heading', { name: 'Add a site' }).waitFor();
    const token = new URL(link).hash.slice('#token='.length);
    expect(requests.filter((u) => u.includes(token))).toEqual([]);
    // The spent link is not kept in the history: Back does not lead to it.
    await p.page.goBack();
    expect(p.page.url()).not.toContain(token);
    // The link is spent.
    const again = await openPage(browser);
    await again.page.goto(link.replace('http://localhost:', 'http://127.0.0.1:'));
    await expect.poll(() => again.page.locator('.notice').textContent()).toContain('Setup is already done');
    await again.page.context().close();

    // The first site, made in the browser: its secret key is shown once and stays on screen while
    // the list of sites reloads; then its settings (install snippet and all) open.
    await p.page.goto(`${new URL(link).origin.replace('localhost', '127.0.0.1')}/app/`);
    await p.page.getByLabel('Name', { exact: true }).fill('First shop');
    await p.page.getByLabel('Origin').fill('https://first.example');
    await p.page.getByRole('button', { name: 'Create site' }).click();
    await expect.poll(() => p.page.getByTestId('new-secret').textContent()).toMatch(/^sk_/);
    await p.page.locator('.site-switcher option', { hasText: 'First shop' }).waitFor({ state: 'attached' });
    expect(await p.page.getByTestId('new-secret').count()).toBe(1);
    await p.page.getByRole('button', { name: 'Continue to its settings' }).click();
    await p.page.getByRole('heading', { name: 'Settings of First shop' }).waitFor();
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });
});
