import type { ClicksResponse, EngagementResponse, ErrorRateResponse } from '@loupe/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@loupe/scripts/testing';
import { AXE, seriousViolations } from './support/axe.js';
import { DESKTOP, figure, logIn, MOBILE, openPage, shot } from './support/dashboard-page.js';
import { type DashboardServer, OWNER, startDashboardServer } from './support/dashboard-server.js';

// The rates in the views, on the seeded shop (whose page views carry a release): the error rate
// and its groups in the errors view, the median engagement beside the mean on the overview, and
// the most clicked elements in the clicks view — each figure equal to the read API's, axe-clean,
// screenshotted on desktop and at 390 px.

let d: DashboardServer;
let browser: Browser;

beforeAll(async () => {
  [d, browser] = await Promise.all([startDashboardServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await d?.dispose();
});

/** The view's own range: the API answers for the same from/to/tz as the page's requests. */
async function sameRange(page: Page, route: string): Promise<string> {
  const req = await page.waitForRequest((r) => r.url().includes(route));
  const q = new URL(req.url()).searchParams;
  return `from=${q.get('from')}&to=${q.get('to')}&tz=${encodeURIComponent(q.get('tz')!)}`;
}

describe('error rate, engagement median and ordinary clicks in the dashboard', () => {
  for (const [mode, viewport] of [
    ['desktop', DESKTOP],
    ['mobile', MOBILE],
  ] as const) {
    it(`${mode}: each figure is the API's, axe finds nothing serious`, { timeout: 90_000 }, async () => {
      const p = await openPage(browser, { viewport });
      await p.page.context().addInitScript({ content: AXE });
      await logIn(p.page, d.server.url, OWNER);
      const site = `site=${d.site.siteId}`;

      // Errors view, by release.
      const rateReq = sameRange(p.page, '/v1/metrics/error-rate');
      await p.page.goto(`${d.server.url}/app/errors?${site}&rateBy=release`);
      const range = await rateReq;
      const rate = await d.api<ErrorRateResponse>(`/v1/metrics/error-rate?${range}&by=release&limit=10`);
      expect(rate.total.sessions).toBeGreaterThan(0);
      expect(rate.total.errorSessions).toBeGreaterThan(0);
      expect(await figure(p.page, 'errorRate')).toBe(rate.total.errorRate);
      const rows = p.page.locator('#error-rate tbody tr');
      await expect.poll(() => rows.count()).toBe(rate.groups!.length);
      // The seed's buggy releases stand out: more than one release, and the rates differ.
      expect(rate.groups!.length).toBeGreaterThan(1);
      const first = rate.groups![0]!;
      await expect.poll(() => rows.first().textContent()).toContain(first.key);
      await p.page.waitForFunction(() => !document.querySelector('.loading'));
      expect(await seriousViolations(p.page)).toEqual([]);
      await shot(p.page, `error-rate-${mode}`);

      // Overview: the median beside the mean.
      const engReq = sameRange(p.page, '/v1/metrics/engagement');
      await p.page.goto(`${d.server.url}/app/?${site}`);
      const engagement = await d.api<EngagementResponse>(`/v1/metrics/engagement?${await engReq}`);
      expect(engagement.total.medianMs).not.toBeNull();
      expect(await figure(p.page, 'medianEngagementMs')).toBe(engagement.total.medianMs);
      await shot(p.page, `overview-median-${mode}`);

      // Clicks view: ordinary clicks.
      const clicksReq = sameRange(p.page, '/v1/clicks');
      await p.page.goto(`${d.server.url}/app/clicks?${site}&kind=click`);
      const clicks = await d.api<ClicksResponse>(`/v1/clicks?${await clicksReq}&kind=click&limit=100`);
      expect(clicks.clicks.length).toBeGreaterThan(0);
      await expect.poll(() => p.page.locator('#clicks h2, #clicks h1').first().textContent()).toContain('Most clicked');
      const clickRows = p.page.locator('#clicks tbody tr');
      await expect.poll(() => clickRows.count()).toBe(clicks.clicks.length);
      await expect.poll(() => clickRows.first().textContent()).toContain(clicks.clicks[0]!.selector);
      await p.page.waitForFunction(() => !document.querySelector('.loading'));
      expect(await seriousViolations(p.page)).toEqual([]);
      await shot(p.page, `clicks-plain-${mode}`);
      expect(p.problems).toEqual([]);
      await p.page.context().close();
    });
  }
});
