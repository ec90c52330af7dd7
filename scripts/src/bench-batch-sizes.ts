import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { COLLECT_PATH } from '@loupe/shared/constants';
import { type LoupeUnderTest, startLoupeUnderTest } from './bench/widget-peers/loupe-under-test.js';
import { startShopServer } from './bench/widget-peers/shop-server.js';
import { launchChromium } from './testing/launch-chromium.js';

// How many events the widget really puts in one POST /v1/collect, measured, not assumed: the
// built widget on the demo shop's product page, served by the built server (as `npm run
// bench:widget` serves it), in Debian's Chromium, through scripted visits of a few kinds; every
// request to /v1/collect is read as it leaves the page and its events counted. The distribution
// it prints is what `bench:ingest`'s open-loop run draws batch sizes from (bench/batch-sizes.ts).
// `npm run build` first. `--json <file>` also writes the raw counts.

const PRODUCTS = ['stoneware-mug', 'walnut-board', 'pour-over-kettle', 'wool-throw'];

/** One kind of visitor: what they do on the page before they leave. */
type Visit = (page: Page) => Promise<void>;

const scroll = (page: Page, f: number) =>
  page.evaluate((x) => window.scrollTo(0, document.documentElement.scrollHeight * x), f);

const VISITS: Record<string, Visit> = {
  // Lands, reads for a while, leaves: the most common page view of all.
  bounce: async (page) => {
    await page.waitForTimeout(4000);
  },
  // Scrolls, clicks around, adds to cart, meets the planted friction.
  shopper: async (page) => {
    await scroll(page, 0.4);
    await page.click('#add-to-cart');
    await page.waitForTimeout(1500);
    await page.click('input[name=finish][value=dark]');
    await page.click('#size-guide');
    await page.waitForTimeout(3500);
    await scroll(page, 1);
    await page.click('#add-to-wishlist');
    await page.waitForTimeout(2000);
  },
  // Clicks through related products inside the page (SPA navigation) while reading.
  browser: async (page) => {
    for (const id of PRODUCTS.slice(1)) {
      await page.evaluate((p) => {
        const url = new URL(location.href);
        url.searchParams.set('id', p);
        history.pushState({}, '', url);
      }, id);
      await scroll(page, 0.6);
      await page.waitForTimeout(2500);
    }
  },
  // Frustrated: a rage click, a dead click, an error.
  frustrated: async (page) => {
    await page.click('#size-guide', { clickCount: 4, delay: 60 });
    await page.waitForTimeout(1000);
    await page.click('#add-to-wishlist');
    await page.click('#size-guide');
    await page.waitForTimeout(3500);
  },
};

async function main() {
  let loupe: LoupeUnderTest | undefined;
  const shop = await startShopServer((id, target) => (id === 'loupe' ? loupe!.snippet(target) : ''));
  loupe = await startLoupeUnderTest(shop.origin);
  const browser = await launchChromium();
  const sizes: number[] = [];
  const perVisit: Record<string, number[]> = {};
  const rounds = Number(process.env.BENCH_VISITS ?? 3);
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [name, visit] of Object.entries(VISITS)) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        context.on('request', (req) => {
          if (!req.url().endsWith(COLLECT_PATH) || req.method() !== 'POST') return;
          const body = req.postData();
          if (!body) return;
          const n = (JSON.parse(body) as { events: unknown[] }).events.length;
          sizes.push(n);
          perVisit[name] = [...(perVisit[name] ?? []), n];
        });
        const page = await context.newPage();
        const url = shop.productUrl('loupe', 'page').replace('stoneware-mug', PRODUCTS[round % PRODUCTS.length]!);
        await page.goto(url, { waitUntil: 'load' });
        await visit(page);
        // Leaving: the tab is hidden (what the widget flushes on, with sendBeacon), then closed. The
        // page stays alive meanwhile, so its last beacon is seen like the others (one sent while
        // the page unloads is not always reported to the harness).
        await page.evaluate(() => {
          Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
          Object.defineProperty(document, 'hidden', { value: true, configurable: true });
          document.dispatchEvent(new Event('visibilitychange'));
          window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
        });
        await page.waitForTimeout(1000);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await shop.close();
    await loupe.close();
  }
  const counts = new Map<number, number>();
  for (const n of sizes) counts.set(n, (counts.get(n) ?? 0) + 1);
  console.log(`${sizes.length} requests to ${COLLECT_PATH} over ${rounds} rounds of ${Object.keys(VISITS).join(', ')}`);
  for (const [n, c] of [...counts].sort((a, b) => a[0] - b[0]))
    console.log(
      `  ${String(n).padStart(3)} events: ${String(c).padStart(3)} requests (${((100 * c) / sizes.length).toFixed(0)} %)`,
    );
  console.log(`  mean ${(sizes.reduce((a, b) => a + b, 0) / sizes.length).toFixed(2)} events per request`);
  for (const [name, list] of Object.entries(perVisit)) console.log(`  ${name}: ${list.join(' ')}`);
  const i = process.argv.indexOf('--json');
  if (i > 0) writeFileSync(process.argv[i + 1]!, `${JSON.stringify({ sizes, perVisit }, null, 2)}\n`);
}

await main();
