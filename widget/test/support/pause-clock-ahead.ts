import type { Page } from 'playwright-core';

/** Playwright's refusal when the instant to pause at has passed on the page's clock. */
const PASSED = /fast-forward to the past/;

/**
 * Stops the page's fake clock `aheadMs` past the page's time, running the timers due before then.
 * `pauseAt(Date.now() + 1000)` alone fails when the page's clock passes that instant before the
 * command lands (a slow page on a loaded machine): Playwright stops the clock first, then refuses
 * to fast-forward into the past. The clock stands still by then, so the second reading holds.
 */
export async function pauseClockAhead(page: Page, aheadMs = 1000): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const now = await page.evaluate(() => Date.now());
    try {
      await page.clock.pauseAt(now + aheadMs);
      return;
    } catch (err) {
      if (attempt === 2 || !PASSED.test(String(err))) throw err;
    }
  }
}
