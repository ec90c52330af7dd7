import path from 'node:path';
import type { JourneysResponse, RetentionResponse, TouchpointsResponse } from '@loupe/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@loupe/scripts/testing';
import { AXE, seriousViolations } from './support/axe.js';
import { ARTIFACTS, DESKTOP, logIn, MOBILE, openPage, settle, shot } from './support/dashboard-page.js';
import { type DashboardServer, OWNER, startDashboardServer } from './support/dashboard-server.js';

// Journeys and touchpoints on the scores view, the retention cohort table, and page groups managed
// in Site & install, against the API's own answers on a seeded site (whose seed names page groups).

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

let d: DashboardServer;
let browser: Browser;

beforeAll(async () => {
  [d, browser] = await Promise.all([startDashboardServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await d?.dispose();
});

const tz = (page: Page) => page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);

describe('journeys, touchpoints and retention in the dashboard', () => {
  it('shows the detractors’ paths and NPS per touchpoint as the API answers them', async () => {
    const p = await openPage(browser);
    await p.page.context().addInitScript({ content: AXE });
    await logIn(p.page, d.server.url, OWNER);
    await p.page.goto(`${d.server.url}/app/scores?site=${d.site.siteId}`);
    await settle(p.page, '#journeys table');
    await settle(p.page, '#touchpoints table');

    // The first journey row is the API's first journey, its pages as text in order.
    const rows = p.page.locator('#journeys tbody tr');
    const first = await rows.first().getAttribute('data-journey');
    expect(first).toBeTruthy();
    expect(await rows.count()).toBeGreaterThan(0);
    const api = await p.page.evaluate(async (site) => {
      const to = new Date();
      const from = new Date(to.getTime() - 29 * 86_400_000);
      const day = (x: Date) => x.toLocaleDateString('en-CA');
      const tzName = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const res = await fetch(
        `/v1/insights/journeys?site=${site}&kind=nps&segment=detractor&depth=2&from=${day(from)}&to=${day(to)}&tz=${encodeURIComponent(tzName)}`,
      );
      return (await res.json()) as JourneysResponse;
    }, d.site.siteId);
    expect(api.journeys.length).toBeGreaterThan(0);
    expect(await rows.count()).toBe(api.journeys.length);

    // Promoters: the band switch reads promoters' paths against detractors.
    const journeys = p.page.locator('#journeys');
    await journeys.getByRole('button', { name: 'Promoters', exact: true }).click();
    await p.page.waitForFunction(() => document.querySelector('#journeys thead')?.textContent?.includes('Detractors'));
    // Both switches are in the URL: a reload (or the link) shows the same panel.
    await p.page.waitForURL(/journeyBand=promoter/);
    await journeys.getByRole('button', { name: '3', exact: true }).click();
    await p.page.waitForURL(/journeyDepth=3/);
    await p.page.reload();
    await settle(p.page, '#journeys table');
    expect(await journeys.getByRole('button', { name: 'Promoters', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await journeys.getByRole('button', { name: '3', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await p.page.waitForFunction(() => document.querySelector('#journeys thead')?.textContent?.includes('Detractors'));
    const promoterRows = await d.api<JourneysResponse>(
      `/v1/insights/journeys?kind=nps&segment=promoter&depth=3&tz=${encodeURIComponent(await tz(p.page))}`,
    );
    expect(await journeys.locator('tbody tr').count()).toBe(promoterRows.journeys.length);

    const touch = await d.api<TouchpointsResponse>(
      `/v1/insights/touchpoints?kind=nps&tz=${encodeURIComponent(await tz(p.page))}`,
    );
    const products = touch.groups.find((g) => g.name === 'Product pages')!;
    expect(products.responses).toBeGreaterThan(0);
    await p.page
      .locator('#touchpoints')
      .getByText(/^Product pages/)
      .first()
      .waitFor();

    expect(await seriousViolations(p.page)).toEqual([]);
    await shot(p.page, 'journeys-touchpoints-desktop');
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });

  // One test a mode: each logs in, renders, runs axe and takes a screenshot, which under a CI
  // run's load took the three together past the 60 s a test may take.
  const modes = [
    { name: 'desktop', opts: { viewport: DESKTOP } },
    { name: 'mobile', opts: { viewport: MOBILE, isMobile: true, hasTouch: true } },
    { name: 'dark', opts: { viewport: DESKTOP, colorScheme: 'dark' as const } },
  ];
  it.each(modes)(
    'shows the cohort table with heat shading ($name; by week and by month on the desktop)',
    async (mode) => {
      const retention = await d.api<RetentionResponse>('/v1/metrics/retention?interval=week');
      const withVisitors = retention.cohorts.filter((c) => c.visitors > 0);
      expect(withVisitors.length).toBeGreaterThan(0);
      const p = await openPage(browser, mode.opts);
      await p.page.context().addInitScript({ content: AXE });
      await logIn(p.page, d.server.url, OWNER);
      // Twelve months: the period picker decides the cohorts (the latest 53 weeks at most).
      await p.page.goto(`${d.server.url}/app/retention?site=${d.site.siteId}&period=12mo`);
      await settle(p.page, '#retention table');
      const cohort = withVisitors[0]!;
      const row = p.page.locator(`tr[data-cohort="${cohort.cohort}"]`);
      await row.waitFor();
      // The first period is the whole cohort: 100 %, the hottest shade.
      await expect.poll(() => row.locator('td.cohort-cell').first().getAttribute('class')).toContain('heat-10');
      expect(await row.locator('td.cohort-cell').first().textContent()).toMatch(/100/);
      expect(await seriousViolations(p.page)).toEqual([]);
      await shot(p.page, `retention-${mode.name}`);
      if (mode.name === 'desktop') {
        const answer = p.page.waitForResponse(
          (r) => r.url().includes('/v1/metrics/retention') && r.url().includes('month'),
        );
        await p.page.getByRole('button', { name: 'Month', exact: true }).click();
        await p.page.waitForURL(/cohorts=month/);
        await settle(p.page, '#retention table');
        const months = (await (await answer).json()) as RetentionResponse;
        expect(months.cohorts.length).toBeGreaterThanOrEqual(12);
        expect(await p.page.locator('#retention tbody tr').count()).toBe(months.cohorts.length);
      }
      expect(p.problems).toEqual([]);
      await p.page.context().close();
    },
  );

  it('reads the cohorts of the period picked, and of identified customers across their devices', async () => {
    // One customer on two devices (two visitor ids), today; another visitor never identified.
    const now = Date.now();
    const ev = (sessionId: string, visitorId: string, ts: number, rest: object) => ({
      id: crypto.randomUUID(),
      ts,
      sessionId,
      visitorId,
      url: 'https://shop.example/account',
      path: '/account',
      language: 'en',
      ...rest,
    });
    // The seeded shop has customers of its own: this test's customer adds one to this week's cohort.
    const before = await d.api<RetentionResponse>('/v1/metrics/retention?interval=week&by=customer');
    await d.collect([
      ev('cust-phone', 'cust-v1', now - 5000, { type: 'pageview' }),
      ev('cust-phone', 'cust-v1', now - 4000, {
        type: 'identify',
        customerId: 'cus_<b>42</b>',
        traits: { plan: 'pro' },
      }),
      ev('cust-laptop', 'cust-v2', now - 3000, { type: 'pageview' }),
      ev('cust-laptop', 'cust-v2', now - 2000, { type: 'identify', customerId: 'cus_<b>42</b>' }),
    ]);

    for (const mode of [
      { name: 'desktop', opts: { viewport: DESKTOP } },
      { name: 'mobile', opts: { viewport: MOBILE, isMobile: true, hasTouch: true } },
    ]) {
      const p = await openPage(browser, mode.opts);
      await p.page.context().addInitScript({ content: AXE });
      await logIn(p.page, d.server.url, OWNER);
      // A custom period of five weeks ending a week ago: exactly the weeks it touches.
      const day = (offset: number) => new Date(now + offset * 86_400_000).toLocaleDateString('en-CA');
      const [from, to] = [day(-42), day(-8)];
      const asked = p.page.waitForResponse((r) => r.url().includes('/v1/metrics/retention'));
      await p.page.goto(`${d.server.url}/app/retention?site=${d.site.siteId}&period=custom&from=${from}&to=${to}`);
      const url = new URL((await asked).url());
      expect([url.searchParams.get('from'), url.searchParams.get('to')]).toEqual([from, to]);
      await settle(p.page, '#retention table');
      const weeks = await d.api<RetentionResponse>(`/v1/metrics/retention?interval=week&from=${from}&to=${to}`);
      expect(weeks.cohorts.length).toBeGreaterThanOrEqual(5);
      expect(await p.page.locator('#retention tbody tr').count()).toBe(weeks.cohorts.length);
      expect(await p.page.locator('#retention tbody tr').first().getAttribute('data-cohort')).toBe(weeks.from);

      // Customers: this week's cohort gained the one customer, seen on two devices.
      await p.page.goto(`${d.server.url}/app/retention?site=${d.site.siteId}&period=30d`);
      await settle(p.page, '#retention table');
      await p.page.getByRole('button', { name: 'Customers', exact: true }).click();
      await p.page.waitForURL(/people=customer/);
      await p.page.getByRole('columnheader', { name: 'First identified visit' }).waitFor();
      const customers = await d.api<RetentionResponse>('/v1/metrics/retention?interval=week&by=customer');
      const current = customers.cohorts.at(-1)!;
      const seeded = before.cohorts.find((c) => c.cohort === current.cohort)?.visitors ?? 0;
      expect(current.visitors).toBe(seeded + 1);
      const row = p.page.locator(`tr[data-cohort="${current.cohort}"]`);
      await expect.poll(() => row.locator('td').first().textContent()).toBe(String(current.visitors));
      // The switch is a link: a reload keeps it.
      await p.page.reload();
      await settle(p.page, '#retention table');
      expect(await p.page.getByRole('button', { name: 'Customers', exact: true }).getAttribute('aria-pressed')).toBe(
        'true',
      );
      expect(await seriousViolations(p.page)).toEqual([]);
      await shot(p.page, `retention-customers-${mode.name}`);
      expect(p.problems).toEqual([]);
      await p.page.context().close();
    }
  });

  it('lets an owner add and remove a page group in Site & install; its name stays text', async () => {
    const p = await openPage(browser);
    await p.page.context().addInitScript({ content: AXE });
    await logIn(p.page, d.server.url, OWNER);
    await p.page.goto(`${d.server.url}/app/settings?site=${d.site.siteId}`);
    const panel = p.page.locator('#page-groups');
    await panel.getByText('Product pages', { exact: true }).waitFor();
    // A pattern the API refuses is named at its field.
    await p.page.getByLabel('Name').last().fill(HOSTILE);
    await p.page.getByLabel('Path pattern').fill('search');
    await panel.getByRole('button', { name: 'Add group' }).click();
    await expect.poll(() => p.page.locator('#page-group-pattern-error').textContent()).toMatch(/\//);
    await p.page.getByLabel('Path pattern').fill('/search*');
    await panel.getByRole('button', { name: 'Add group' }).click();
    await panel.getByText(HOSTILE).waitFor();
    const groups = await d.api<{ groups: { name: string; pattern: string }[] }>('/v1/page-groups');
    expect(groups.groups.at(-1)).toMatchObject({ name: HOSTILE, pattern: '/search*' });
    expect(await p.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await seriousViolations(p.page)).toEqual([]);
    await panel.screenshot({ path: path.join(ARTIFACTS, 'dashboard-page-groups-desktop.png') });
    await panel.getByRole('button', { name: `Remove page group ${HOSTILE}` }).click();
    await expect.poll(async () => (await panel.getByText(HOSTILE).count()) === 0).toBe(true);
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });
});
