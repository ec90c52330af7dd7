import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, repoRoot, startTestServer, type TestServer } from '../src/testing/index.js';

describe('/docs in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('renders every operation from local assets, with no CSP or console errors', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => !r.url().startsWith(server.url) && problems.push(`outside request: ${r.url()}`));
    await page.goto(`${server.url}/docs`);
    await page.waitForSelector('.opblock', { timeout: 30_000 });
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, object> };
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(await page.locator('.opblock').count()).toBe(operations);
    expect(await page.locator('.info .title').textContent()).toContain('Loupe API');
    expect(problems).toEqual([]);
  });

  it("takes the secret key in Authorize's first field and reads the last 30 days with it, filtering nothing", {
    timeout: 60_000,
  }, async () => {
    const site = await server.createSite({ name: 'Docs' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(`${server.url}/docs`);
    await page.locator('button.authorize').first().click();
    const schemes = page.locator('.auth-container');
    expect(await schemes.locator('h4').allTextContents()).toEqual([
      expect.stringMatching(/^secretKey/),
      expect.stringMatching(/^adminToken/),
      expect.stringMatching(/^sessionCookie/),
      expect.stringMatching(/^shareCookie/),
    ]);
    await schemes.first().locator('input').fill(site.secretKey);
    await schemes.first().locator('button.authorize').click();
    await page.locator('.btn-done').first().click();

    const overview = page.locator('[id$="get_v1_metrics_overview"]');
    await overview.locator('.opblock-summary-control').click();
    await overview.locator('button.try-out__btn').click();
    const value = (name: string) => overview.locator(`tr[data-param-name="${name}"] input`).inputValue();
    const day = (t: number) => new Date(t).toISOString().slice(0, 10);
    const now = Date.now();
    expect([await value('from'), await value('to')]).toEqual([day(now - 29 * 86_400_000), day(now)]);
    expect(await value('site')).toBe('');
    await overview.locator('button.execute').click();
    const status = overview.locator('.live-responses-table .response .response-col_status');
    await status.first().waitFor();
    await page.screenshot({ path: path.join(repoRoot, 'test-artifacts/docs-try-overview.png') });
    expect((await status.first().textContent())?.trim()).toBe('200');
  });
});
