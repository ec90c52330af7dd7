import type { OverviewResponse, PagesResponse } from '@loupe/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@loupe/scripts/testing';
import { type DashboardPage, figure, logIn, openPage } from './support/dashboard-page.js';
import { type DashboardServer, OWNER, startDashboardServer } from './support/dashboard-server.js';

// A site owner's first minutes: no cookie means the login page; the form logs in; the overview's
// figures are the read API's for the same range; a page row filters everything; logging out ends
// the session on the server.

const HEADLINE = [
  'visitors',
  'sessions',
  'pageviews',
  'bounceRate',
  'avgEngagementMs',
  'conversionRate',
  'returningVisitorRate',
  'nps',
  'csat',
  'ces',
  'complaints',
  'openComplaints',
  'medianTimeToResolveMs',
] as const;

let d: DashboardServer;
let browser: Browser;

beforeAll(async () => {
  // A low failure limit, so the throttle test needs only a few attempts.
  [d, browser] = await Promise.all([
    startDashboardServer({ env: { LOUPE_LOGIN_MAX_FAILURES: '3' } }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await d?.dispose();
});

/** The overview's range as the page shows it (local dates of the site's zone). */
async function shownRange(p: DashboardPage) {
  const el = p.page.locator('.range-text');
  return { from: (await el.getAttribute('data-from'))!, to: (await el.getAttribute('data-to'))!, tz: 'UTC' };
}

async function expectCardsMatch(p: DashboardPage, api: OverviewResponse) {
  for (const metric of HEADLINE) {
    const change = api[metric];
    // A figure the server does not report is left out, not shown empty.
    if (change === undefined) expect(await p.page.locator(`[data-metric="${metric}"]`).count(), metric).toBe(0);
    else expect(await figure(p.page, metric), metric).toBe(change.value);
  }
}

describe('the dashboard in the browser', () => {
  it('without a cookie: the API answers 401 and the app shows the login page, keeping where you were going', async () => {
    const api = await fetch(`${d.server.url}/v1/metrics/overview?site=${d.site.siteId}`);
    expect(api.status).toBe(401);
    const p = await openPage(browser);
    await p.page.goto(`${d.server.url}/app/scores?site=${d.site.siteId}`);
    await p.page.waitForURL(/\/app\/login\?next=/);
    expect(new URL(p.page.url()).searchParams.get('next')).toBe(`/app/scores?site=${d.site.siteId}`);
    await expect.poll(() => p.page.getByRole('heading', { name: 'Log in to Loupe' }).isVisible()).toBe(true);
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });

  it('a forged or stale cookie gets the login page, never an error page', async () => {
    const p = await openPage(browser);
    const { hostname } = new URL(d.server.url);
    await p.page
      .context()
      .addCookies([{ name: 'loupe_session', value: 'forged-0123456789abcdef', domain: hostname, path: '/' }]);
    await p.page.goto(`${d.server.url}/app/responses?site=${d.site.siteId}`);
    await p.page.waitForURL(/\/app\/login/);
    await p.page.getByLabel('Email').waitFor();
    expect(await p.page.locator('.state-error').count()).toBe(0);
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });

  it('wrong password and unknown email get the same message; / leads to the app', async () => {
    const p = await openPage(browser);
    await p.page.goto(`${d.server.url}/`);
    await p.page.waitForURL(/\/app\/login/);
    const attempt = async (email: string, password: string) => {
      await p.page.getByLabel('Email').fill(email);
      await p.page.getByLabel('Password').fill(password);
      const [res] = await Promise.all([
        p.page.waitForResponse('**/v1/auth/login'),
        p.page.getByRole('button', { name: 'Log in' }).click(),
      ]);
      expect(res.status()).toBe(401);
      await p.page.getByRole('button', { name: 'Log in' }).waitFor();
      return p.page.getByRole('alert').textContent();
    };
    const wrong = await attempt(OWNER.email, 'not the password');
    const unknown = await attempt('nobody@shop.example', 'not the password');
    expect(wrong).toBe('Wrong email or password.');
    expect(unknown).toBe(wrong);
    await p.page.context().close();
  });

  it('repeated failures for one account are throttled, and the form says when to try again', async () => {
    const p = await openPage(browser);
    await p.page.goto(`${d.server.url}/app/login`);
    const messages: string[] = [];
    for (let i = 0; i < 4; i++) {
      await p.page.getByLabel('Email').fill('target@shop.example');
      await p.page.getByLabel('Password').fill(`guess number ${i}`);
      await Promise.all([
        p.page.waitForResponse('**/v1/auth/login'),
        p.page.getByRole('button', { name: 'Log in' }).click(),
      ]);
      await p.page.getByRole('button', { name: 'Log in' }).waitFor();
      messages.push((await p.page.getByRole('alert').textContent()) ?? '');
    }
    expect(messages.slice(0, 3)).toEqual(Array(3).fill('Wrong email or password.'));
    expect(messages[3]).toMatch(/^Too many attempts\. Try again in \d+ s\.$/);
    await p.page.context().close();
  });

  it('logs in through the form; every headline figure equals the read API for the same range', async () => {
    const p = await openPage(browser);
    await logIn(p.page, d.server.url, OWNER);
    expect(new URL(p.page.url()).searchParams.get('site')).toBe(d.site.siteId);
    const range = await shownRange(p);
    const api = await d.api<OverviewResponse>(`/v1/metrics/overview?from=${range.from}&to=${range.to}&tz=${range.tz}`);
    expect(api.sessions.value, 'the seed put sessions in the last 30 days').toBeGreaterThan(100);
    await expectCardsMatch(p, api);
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });

  it("a returning visit asks for the overview's figures while the session check is still out, and only once", async () => {
    const p = await openPage(browser);
    await logIn(p.page, d.server.url, OWNER);
    const range = await shownRange(p);
    const api = await d.api<OverviewResponse>(`/v1/metrics/overview?from=${range.from}&to=${range.to}&tz=${range.tz}`);
    await expect.poll(() => figure(p.page, 'sessions')).toBe(api.sessions.value);
    // The session check is held until the overview has been asked for: were the figures asked
    // only after it (a waterfall), the page would never fill.
    let overviewAsked!: () => void;
    const asked = new Promise<void>((resolve) => (overviewAsked = resolve));
    const seen: string[] = [];
    p.page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      seen.push(path);
      if (path === '/v1/metrics/overview') overviewAsked();
    });
    await p.page.route('**/v1/auth/me', async (route) => {
      await asked;
      await route.continue();
    });
    await p.page.reload();
    await expect.poll(() => figure(p.page, 'sessions')).toBe(api.sessions.value);
    await expectCardsMatch(p, api);
    expect(seen.filter((x) => x === '/v1/metrics/overview')).toHaveLength(1);
    expect(seen.filter((x) => x === '/v1/auth/me')).toHaveLength(1);
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });

  it('clicking a page row adds the filter to the URL and the figures change to the filtered answer', async () => {
    const p = await openPage(browser);
    await logIn(p.page, d.server.url, OWNER);
    const range = await shownRange(p);
    const pages = await d.api<PagesResponse>(
      `/v1/metrics/pages?from=${range.from}&to=${range.to}&tz=${range.tz}&limit=10`,
    );
    const target = pages.pages.find((x) => x.path.startsWith('/checkout')) ?? pages.pages[1]!;
    const before = await figure(p.page, 'sessions');
    await p.page.locator('#top-pages').getByRole('link', { name: target.path, exact: true }).click();
    await p.page.waitForURL((u) => u.searchParams.get('path') === target.path);
    const filtered = await d.api<OverviewResponse>(
      `/v1/metrics/overview?from=${range.from}&to=${range.to}&tz=${range.tz}&path=${encodeURIComponent(target.path)}`,
    );
    await expect.poll(() => figure(p.page, 'sessions')).toBe(filtered.sessions.value);
    expect(filtered.sessions.value).not.toBe(before);
    await expectCardsMatch(p, filtered);
    // The filter is a chip that removes it again, and the address is shareable as it is.
    await expect.poll(() => p.page.locator('.chip[data-filter="path"] .chip-value').textContent()).toBe(target.path);
    const shared = p.page.url();
    const other = await openPage(browser, { storageState: await p.page.context().storageState() });
    await other.page.goto(shared);
    await expect.poll(() => figure(other.page, 'sessions')).toBe(filtered.sessions.value);
    await p.page.getByRole('link', { name: `Remove filter Page is ${target.path}` }).click();
    await p.page.waitForURL((u) => !u.searchParams.has('path'));
    await expect.poll(() => figure(p.page, 'sessions')).toBe(before);
    await other.page.context().close();
    await p.page.context().close();
  });

  it('the period picker and its keys change the range for every figure; compare adds the previous period', async () => {
    const p = await openPage(browser);
    await logIn(p.page, d.server.url, OWNER);
    await p.page.locator('body').press('w');
    await p.page.waitForURL((u) => u.searchParams.get('period') === '7d');
    const range = await shownRange(p);
    const week = await d.api<OverviewResponse>(`/v1/metrics/overview?from=${range.from}&to=${range.to}&tz=UTC`);
    await expect.poll(() => figure(p.page, 'sessions')).toBe(week.sessions.value);
    await p.page.getByTestId('period').selectOption('12mo');
    await p.page.waitForURL((u) => u.searchParams.get('period') === '12mo');
    const year = await shownRange(p);
    expect(year.from < range.from).toBe(true);
    const yearApi = await d.api<OverviewResponse>(`/v1/metrics/overview?from=${year.from}&to=${year.to}&tz=UTC`);
    await expect.poll(() => figure(p.page, 'sessions')).toBe(yearApi.sessions.value);
    await p.page.keyboard.press('x');
    await p.page.waitForURL((u) => u.searchParams.get('compare') === '1');
    expect(await p.page.getByLabel('Compare with previous period').isChecked()).toBe(true);
    await p.page.context().close();
  });

  it('dark mode follows the OS and can be switched in the account menu; the choice is kept', async () => {
    const p = await openPage(browser, { colorScheme: 'dark' });
    await logIn(p.page, d.server.url, OWNER);
    const background = () => p.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const dark = await background();
    // --bg of each palette (styles/tokens.css): light-dark() picks by the color-scheme in effect.
    expect(dark).toBe('rgb(15, 17, 21)');
    await p.page.locator('.menu summary').click();
    await p.page.getByLabel('Light').check();
    await expect.poll(() => p.page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    const light = await background();
    expect(light).toBe('rgb(247, 247, 249)');
    await p.page.reload();
    await p.page.waitForSelector('nav.tabs');
    expect(await background()).toBe(light);
    await p.page.locator('.menu summary').click();
    await p.page.getByLabel('System').check();
    await expect.poll(background).toBe(dark);
    await p.page.context().close();
  });

  it('logging out ends the session on the server: the old cookie gets 401, and the other tab the login page', async () => {
    const p = await openPage(browser);
    await logIn(p.page, d.server.url, OWNER);
    const cookie = (await p.page.context().cookies()).find((c) => c.name === 'loupe_session');
    expect(cookie?.httpOnly).toBe(true);
    const tab2 = await p.page.context().newPage();
    await tab2.goto(`${d.server.url}/app/?site=${d.site.siteId}`);
    await tab2.waitForSelector('nav.tabs');
    await p.page.locator('.menu summary').click();
    await p.page.getByRole('button', { name: 'Log out' }).click();
    await p.page.waitForURL(/\/app\/login/);
    const me = await fetch(`${d.server.url}/v1/auth/me`, { headers: { cookie: `loupe_session=${cookie!.value}` } });
    expect(me.status).toBe(401);
    // The other tab learns at its next request.
    await tab2.getByRole('link', { name: 'Scores' }).click();
    await tab2.waitForURL(/\/app\/login/);
    await p.page.context().close();
  });
});
