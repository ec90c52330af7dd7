import type { BrowserContext, Page } from 'playwright-core';

/** What one visitor's pages sent to POST /v1/collect (batches and beacons alike). */
export interface SentEvent {
  type: string;
  sessionId: string;
  visitorId?: string;
  path: string;
  [field: string]: unknown;
}

export interface Visit {
  context: BrowserContext;
  page: Page;
  sent: SentEvent[];
  /** Uncaught errors of the pages (the shop's planted bug is expected here, nothing else). */
  pageErrors: string[];
  /** What the pages' Content-Security-Policy refused (the demo's own scripts and styles must pass). */
  cspViolations: string[];
}

/** A fresh visitor (own storage) whose collect requests are recorded as the browser sends them. */
export async function newVisit(context: BrowserContext): Promise<Visit> {
  const page = await context.newPage();
  const visit: Visit = { context, page, sent: [], pageErrors: [], cspViolations: [] };
  page.on('pageerror', (err) => visit.pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) visit.cspViolations.push(msg.text());
  });
  context.on('request', (req) => {
    if (req.method() !== 'POST' || !req.url().endsWith('/v1/collect')) return;
    try {
      const body = JSON.parse(req.postData() ?? '{}') as { events?: SentEvent[] };
      visit.sent.push(...(body.events ?? []));
    } catch {
      // not JSON: the server would refuse it too; the API assertions will tell
    }
  });
  return visit;
}

/** Waits until the widget has replaced the queue stub (the embed script fetched the key first). */
export async function widgetLoaded(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (window as unknown as { loupe?: { loaded?: boolean } }).loupe?.loaded === true,
    null,
    {
      timeout: 15_000,
    },
  );
}

/** Opens a shop page without waiting for the (deliberately slow) images. */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await widgetLoaded(page);
}

/** Scrolls to `fraction` of the page, as a visitor reading it would. */
export async function scrollTo(page: Page, fraction: number): Promise<void> {
  await page.evaluate((f) => window.scrollTo(0, document.documentElement.scrollHeight * f), fraction);
}

/** The prompt's host element: its shadow root is open, and Playwright's CSS pierces it. */
export const prompt = (page: Page) => page.locator('loupe-prompt');

/** Resolves once a collect request (batch or beacon) carrying `needle` leaves the browser. */
export function sends(page: Page, needle: (events: SentEvent[]) => boolean, timeout = 20_000): Promise<unknown> {
  return page.context().waitForEvent('request', {
    timeout,
    predicate: (req) => {
      if (req.method() !== 'POST' || !req.url().endsWith('/v1/collect')) return false;
      try {
        return needle((JSON.parse(req.postData() ?? '{}') as { events?: SentEvent[] }).events ?? []);
      } catch {
        return false;
      }
    },
  });
}
