import { VITAL_THRESHOLDS } from '@loupe/shared/constants';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ofType, type Scenario, startScenario } from '../support/scenario.js';
import type { StoredEvent } from '../support/stored-events.js';

declare const window: Window & { loupe(command: string, ...args: unknown[]): unknown };

/** An interaction for INP, its entries delivered after the next paint, then the page is left. */
async function interactAndLeave(page: import('playwright-core').Page): Promise<void> {
  await page.click('#live');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300))));
  await page.goto('about:blank');
}

describe('Web Vitals (real Chromium, real server)', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  }, 60_000);
  afterAll(async () => s?.close());

  it('reports LCP, CLS, INP, FCP and TTFB of the landing page', {
    timeout: 60_000,
  }, async () => {
    const { page, until } = await s.open('vitals');
    await until((e) => ofType(e, 'vital').length >= 2, 'FCP and TTFB');
    await page.click('#live'); // an interaction, for INP (and it ends LCP observation)
    // Event-timing entries are delivered after the next paint: let it happen before leaving.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300))));
    await page.evaluate(() => history.pushState({}, '', '/vitals/next'));
    await page.goto('about:blank'); // hidden: LCP, CLS and INP are final now
    const vitals = ofType(await until((e) => ofType(e, 'vital').length >= 5, 'all five vitals'), 'vital');
    expect(vitals.map((v) => v.vitalName).sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
    for (const v of vitals) {
      expect(v.path).toBe('/vitals'); // the landing page, not the SPA route
      const [good, poor] = VITAL_THRESHOLDS[v.vitalName as keyof typeof VITAL_THRESHOLDS];
      const value = v.vitalValue!;
      expect(value).toBeGreaterThanOrEqual(0);
      expect(v.payload.rating).toBe(value > poor ? 'poor' : value > good ? 'needs-improvement' : 'good');
      expect(v.payload.navigationType).toBe('navigate');
    }
  });

  it('a page whose document takes no new properties (frozen): every vital still comes, once', {
    timeout: 60_000,
  }, async () => {
    // The document's memory hangs on the document (document-memory.ts); here it cannot.
    const { page, until } = await s.open('vitals', { init: 'Object.preventExtensions(document)' });
    await until((e) => ofType(e, 'vital').length >= 2, 'FCP and TTFB');
    expect(await page.evaluate(() => Object.isExtensible(document))).toBe(false);
    await interactAndLeave(page);
    const vitals = ofType(await until((e) => ofType(e, 'vital').length >= 5, 'all five vitals'), 'vital');
    expect(vitals.map((v) => v.vitalName).sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
  });

  it('INP on a quick exit: a click on a busy page, then leaving 300 ms later', { timeout: 60_000 }, async () => {
    // The click's handler takes 120 ms, then the page stays busy (30 ms tasks back to back), so
    // it is never idle before the visitor leaves.
    const { page, until } = await s.open('vitals-busy');
    await until((e) => ofType(e, 'vital').length >= 2, 'FCP and TTFB');
    await page.click('#live');
    await page.waitForTimeout(300); // the visitor's 300 ms, in real time: that is the scenario
    await page.goto('about:blank');
    const vitals = ofType(await until((e) => ofType(e, 'vital').some((v) => v.vitalName === 'INP'), 'INP'), 'vital');
    const inp = vitals.find((v) => v.vitalName === 'INP')!;
    expect(inp.vitalValue).toBeGreaterThanOrEqual(120);
    expect(vitals.map((v) => v.vitalName).sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
  });

  it('with clicks and errors off, Web Vitals still start (and no click is captured, no chunk fetched)', {
    timeout: 60_000,
  }, async () => {
    const requested: string[] = [];
    const { page, until, marker } = await s.open('vitals-only', {
      before: async (context) =>
        context.on('request', (r) => void (/\/chunks\/\w+-/.test(r.url()) && requested.push(r.url()))),
    });
    const vitals = ofType(await until((e) => ofType(e, 'vital').length >= 2, 'FCP and TTFB'), 'vital');
    expect(vitals.map((v) => v.path)).toEqual(vitals.map(() => '/vitals-only'));
    expect(requested).toEqual([]); // widget.js holds them
    await page.click('#live');
    // A click, had it been captured, is stored before the marker.
    expect(ofType(await marker(), 'click')).toEqual([]);
  });
});

describe('Web Vitals when the signals start again on the same page (real Chromium, real server)', () => {
  let s: Scenario;
  beforeEach(async () => {
    s = await startScenario();
  }, 60_000);
  afterEach(async () => s?.close());

  const names = (events: StoredEvent[]) =>
    ofType(events, 'vital')
      .map((v) => v.vitalName)
      .sort();

  it('optOut() then optIn(): all five still come, each value of this page once', { timeout: 60_000 }, async () => {
    const { page } = await s.open('vitals');
    await s.until((e) => names(e).length === 2, 'FCP and TTFB');
    await page.evaluate(() => {
      window.loupe('optOut');
      window.loupe('optIn');
    });
    // The signals started again: their page view is stored.
    await s.until((e) => ofType(e, 'pageview').length === 2, 'the page view after optIn');
    await interactAndLeave(page);
    const all = await s.until(
      (e) => ['CLS', 'INP', 'LCP'].every((n) => names(e).includes(n)),
      'LCP, CLS and INP after optIn',
    );
    expect(names(all)).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
  });

  it('destroy() then a new instance: all five still come, each value of this page once', {
    timeout: 60_000,
  }, async () => {
    const { page } = await s.open('vitals');
    await s.until((e) => names(e).length === 2, 'FCP and TTFB');
    await page.evaluate(() => {
      window.loupe('destroy');
      const first = document.querySelector<HTMLScriptElement>('script[data-key]')!;
      const again = document.createElement('script');
      again.src = first.src;
      again.dataset.key = first.dataset.key;
      document.head.append(again);
    });
    // The new instance's page view is stored: it has started (its chunks come from the cache).
    await s.until((e) => ofType(e, 'pageview').length === 2, 'the new instance');
    await interactAndLeave(page);
    const all = await s.until(
      (e) => ['CLS', 'INP', 'LCP'].every((n) => names(e).includes(n)),
      'LCP, CLS and INP from the new instance',
    );
    expect(names(all)).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
  });
});
