import type { Browser, Page } from 'playwright-core';

// The scripted visitor of the heap measurement: on the product page for `durationMs`, clicking,
// scrolling, meeting the shop's planted friction (a wishlist button that throws, a fake link:
// dead and rage clicks) and making one SPA navigation (history.pushState, which every script
// here watches). Then a full garbage collection and the JS heap still in use: what the script
// keeps alive on a page someone actually uses.

interface Step {
  /** When, as a fraction of the duration. */
  at: number;
  act(page: Page): Promise<unknown>;
}

const scrollTo = (fraction: number) => (page: Page) =>
  page.evaluate((f) => window.scrollTo(0, document.documentElement.scrollHeight * f), fraction);

/** Every contestant gets exactly these steps, at the same moments. */
const STEPS: Step[] = [
  { at: 0.05, act: scrollTo(0.3) },
  { at: 0.1, act: (p) => p.click('#add-to-cart') },
  { at: 0.2, act: (p) => p.click('input[name=finish][value=dark]') },
  // Throws a TypeError in the shop's code: an error click.
  { at: 0.3, act: (p) => p.click('#add-to-wishlist') },
  // Nothing listens to it: a dead click, then a rage click.
  { at: 0.4, act: (p) => p.click('#size-guide') },
  { at: 0.45, act: (p) => p.click('#size-guide', { clickCount: 4, delay: 60 }) },
  { at: 0.55, act: scrollTo(1) },
  {
    at: 0.65,
    act: (p) =>
      p.evaluate(() => {
        const url = new URL(location.href);
        url.searchParams.set('id', 'wool-throw');
        history.pushState({}, '', url);
        document.title = 'Merino wool throw · Driftwood';
      }),
  },
  { at: 0.75, act: scrollTo(0) },
  { at: 0.85, act: (p) => p.click('#add-to-cart') },
];

export interface InteractionRun {
  /** JS heap in use after a full GC, bytes (the page's main isolate). */
  heapUsedBytes: number;
  /** Uncaught errors of the page: the shop's planted TypeError is expected, nothing else. */
  pageErrors: string[];
}

export async function runInteraction(browser: Browser, url: string, durationMs: number): Promise<InteractionRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const started = Date.now();
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    for (const step of STEPS) {
      const wait = started + step.at * durationMs - Date.now();
      if (wait > 0) await page.waitForTimeout(wait);
      await step.act(page);
    }
    const rest = started + durationMs - Date.now();
    if (rest > 0) await page.waitForTimeout(rest);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return { heapUsedBytes: usedSize, pageErrors };
  } finally {
    await context.close();
  }
}
