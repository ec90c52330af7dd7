import type { TasksResponse } from '@loupe/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@loupe/scripts/testing';
import { AXE, seriousViolations } from './support/axe.js';
import { DESKTOP, logIn, MOBILE, openPage, shot } from './support/dashboard-page.js';
import { type DashboardServer, OWNER, startDashboardServer } from './support/dashboard-server.js';

// The Tasks view on the seeded shop (checkout and signup runs with every outcome): each task's
// figures are the read API's for the same range, a task name is shown as text, choosing a task
// shows its success rate over time and the score after success and after failure; axe finds no
// serious violation at desktop and 390 px; screenshots in test-artifacts/dashboard-tasks-*.png.

let d: DashboardServer;
let browser: Browser;

beforeAll(async () => {
  [d, browser] = await Promise.all([startDashboardServer(), launchChromium()]);
  // A task whose name is markup: it must arrive as text.
  const now = Date.now();
  const base = { sessionId: 'hostile-1', url: 'https://shop.example/x', path: '/x', ts: now - 60_000 };
  await d.collect([
    { ...base, id: crypto.randomUUID(), type: 'task', name: '<img src=x onerror=alert(1)>', action: 'start' },
    {
      ...base,
      id: crypto.randomUUID(),
      ts: now - 30_000,
      type: 'task',
      name: '<img src=x onerror=alert(1)>',
      action: 'success',
    },
  ]);
});
afterAll(async () => {
  await browser?.close();
  await d?.dispose();
});

const FIGURES = [
  'started',
  'succeeded',
  'failed',
  'abandoned',
  'inProgress',
  'successRate',
  'medianMs',
  'p75Ms',
] as const;

describe('the Tasks view', () => {
  it.each([
    ['desktop', DESKTOP],
    ['mobile', MOBILE],
  ] as const)('shows every task as the API does (%s), with no serious axe violation', async (mode, viewport) => {
    const p = await openPage(browser, { viewport, ...(mode === 'mobile' ? { isMobile: true, hasTouch: true } : {}) });
    await p.page.context().addInitScript({ content: AXE });
    await logIn(p.page, d.server.url, OWNER);
    await p.page.goto(`${d.server.url}/app/tasks?site=${d.site.siteId}&period=30d`);
    await p.page.waitForSelector('.tasks-table tbody tr');
    await p.page.waitForFunction(() => !document.querySelector('.loading'));
    const el = p.page.locator('.range-text');
    const [from, to] = [await el.getAttribute('data-from'), await el.getAttribute('data-to')];
    const api = await d.api<TasksResponse>(`/v1/metrics/tasks?from=${from}&to=${to}&tz=UTC`);
    expect(api.tasks.map((x) => x.task)).toContain('checkout');
    const rows = p.page.locator('.tasks-table tbody tr');
    expect(await rows.count()).toBe(api.tasks.length);
    for (const [i, x] of api.tasks.entries()) {
      const row = rows.nth(i);
      expect(await row.locator('th').textContent()).toBe(x.task);
      for (const metric of FIGURES) {
        const v = await row.locator(`[data-metric="${metric}"]`).getAttribute('data-value');
        expect(JSON.parse(v!), `${x.task} ${metric}`).toBe(x[metric]);
      }
    }
    // Markup in a task's name is text, never HTML.
    expect(await p.page.locator('.tasks-table img').count()).toBe(0);
    expect(await p.page.getByText('<img src=x onerror=alert(1)>').count()).toBe(1);

    // The first task (most runs) is shown below; choosing checkout shows its trend and scores.
    await p.page.getByRole('link', { name: 'checkout', exact: true }).click();
    await p.page.waitForURL(/task=checkout/);
    await p.page.locator('#task-trend canvas, #task-trend table').first().waitFor();
    const checkout = api.tasks.find((x) => x.task === 'checkout')!;
    expect(await p.page.locator('#task-trend-title').textContent()).toContain('checkout');
    const after = p.page.locator('#task-after');
    for (const o of ['success', 'fail'] as const) {
      const cell = after.locator(`[data-kind="csat"] [data-metric="${o}.csat"]`);
      if (checkout.scoreAfter.success.csat.responses + checkout.scoreAfter.fail.csat.responses > 0)
        expect(JSON.parse((await cell.getAttribute('data-value'))!)).toBe(checkout.scoreAfter[o].csat.score);
    }
    // The chart's table alternative holds one row per bucket.
    await p.page.locator('#task-trend').getByRole('button', { name: /table/i }).click();
    expect(await p.page.locator('#task-trend-data tbody tr').count()).toBe(checkout.series.length);
    await p.page.locator('#task-trend').getByRole('button', { name: /chart/i }).click();
    await p.page.locator('#task-trend canvas').waitFor();
    await p.page.evaluate(() => document.fonts.ready);

    expect(await seriousViolations(p.page)).toEqual([]);
    await shot(p.page, `tasks-${mode}`);
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });

  it('says what to do when the period has no task runs', async () => {
    const p = await openPage(browser, { viewport: DESKTOP });
    await logIn(p.page, d.server.url, OWNER);
    await p.page.goto(`${d.server.url}/app/tasks?site=${d.site.siteId}&period=custom&from=2020-01-01&to=2020-01-31`);
    await p.page.getByText('No task runs in this period').waitFor();
    await shot(p.page, 'tasks-empty');
    await p.page.context().close();
  });
});
