import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@loupe/scripts/testing';
import { AXE, seriousViolations } from './support/axe.js';
import { DESKTOP, logIn, MOBILE, openPage, settle, shot } from './support/dashboard-page.js';
import { type DashboardServer, OWNER, startDashboardServer } from './support/dashboard-server.js';

// Every view scanned by axe-core in light and dark (0 serious or critical violations), and
// screenshots of each on desktop, mobile (390 px) and dark in test-artifacts/dashboard-*.png.

const VIEWS = [
  { name: 'overview', route: '', ready: '[data-metric="visitors"][data-value]' },
  { name: 'scores', route: 'scores', ready: '[data-metric="nps"][data-value]' },
  { name: 'responses', route: 'responses', ready: 'article.response' },
  { name: 'pages', route: 'pages', ready: '#pages table' },
  { name: 'errors', route: 'errors', ready: '.error-group' },
  { name: 'clicks', route: 'clicks', ready: '#clicks table' },
  { name: 'tasks', route: 'tasks', ready: '.tasks-table' },
  { name: 'retention', route: 'retention', ready: '#retention table' },
] as const;
const MODES: { name: string; opts: BrowserContextOptions }[] = [
  { name: 'desktop', opts: { viewport: DESKTOP } },
  { name: 'mobile', opts: { viewport: MOBILE, isMobile: true, hasTouch: true } },
  { name: 'dark', opts: { viewport: DESKTOP, colorScheme: 'dark' } },
];

let d: DashboardServer;
let browser: Browser;

beforeAll(async () => {
  [d, browser] = await Promise.all([startDashboardServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await d?.dispose();
});

describe.each(MODES)('$name', ({ name, opts }) => {
  it('the login page: no serious or critical axe violation', async () => {
    const p = await openPage(browser, opts);
    await p.page.context().addInitScript({ content: AXE });
    await p.page.goto(`${d.server.url}/app/`);
    await p.page.waitForSelector('form.auth-form');
    expect(await seriousViolations(p.page)).toEqual([]);
    await shot(p.page, `login-${name}`);
    await p.page.goto(`${d.server.url}/app/setup#token=not-a-real-token`);
    await p.page.waitForSelector('.auth-card');
    expect(await seriousViolations(p.page)).toEqual([]);
    await p.page.context().close();
  });

  // Eight views, each loaded, scanned by axe and photographed: 34–41 s, and once over 60 s, in a CI
  // run with four browser files at a time. The limit bounds a hang; it measures nothing.
  it('every view: no serious or critical axe violation, and a screenshot', async () => {
    const p = await openPage(browser, opts);
    await p.page.context().addInitScript({ content: AXE });
    await logIn(p.page, d.server.url, OWNER);
    const failures: string[] = [];
    for (const view of VIEWS) {
      await p.page.goto(`${d.server.url}/app/${view.route}?site=${d.site.siteId}`);
      await settle(p.page, view.ready);
      failures.push(...(await seriousViolations(p.page)).map((v) => `${view.name}: ${v}`));
      await shot(p.page, `${view.name}-${name}`);
    }
    expect(failures).toEqual([]);
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  }, 180_000);
});
