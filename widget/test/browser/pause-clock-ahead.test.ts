import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { pauseClockAhead } from '../support/pause-clock-ahead.js';

// pauseClockAhead's second try holds only because Playwright stops the clock before it refuses an
// instant that has passed: this pins that behaviour, so an upgrade that changes it fails here.
describe('pauseClockAhead (real Chromium, fake clock)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => browser?.close());

  it('a refused pause at a passed instant leaves the clock stopped, and the next pause lands', async () => {
    const page = await browser.newPage();
    await page.clock.install();
    await page.setContent('<p>clock</p>');
    const passed = (await page.evaluate(() => Date.now())) - 1000;
    await expect(page.clock.pauseAt(passed)).rejects.toThrow(/fast-forward to the past/);
    const stopped = await page.evaluate(() => Date.now());
    // Real time goes on (50 ms by the test's own clock); the page's stands still.
    const realStart = Date.now();
    while (Date.now() - realStart < 50) await page.evaluate(() => 0);
    expect(await page.evaluate(() => Date.now())).toBe(stopped);

    await pauseClockAhead(page);
    expect(await page.evaluate(() => Date.now())).toBe(stopped + 1000);
  });
});
