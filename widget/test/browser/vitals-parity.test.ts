import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Scenario, startScenario } from '../support/scenario.js';
import { VISIBILITY_STUB } from '../support/visibility-stub.js';
import { waitFor } from '../support/stored-events.js';

declare const window: Window & {
  webVitals: Record<string, (report: (m: Report) => void) => void>;
  __reports: Report[];
  __scripted?: boolean;
  __imageAt: number;
  __setHidden(hidden: boolean): void;
  __idle(): Promise<void>;
  loupe(command: string, ...args: unknown[]): void;
};

interface Report {
  name: string;
  value: number;
  rating: string;
  navigationType: string;
}

/**
 * Google's `web-vitals` itself (a devDependency for this test only), started before the page's
 * own scripts and recording every report, as a site using it would.
 */
const WEB_VITALS = `${readFileSync(
  path.join(path.dirname(createRequire(import.meta.url).resolve('web-vitals')), 'web-vitals.iife.js'),
  'utf8',
)}
window.__reports = [];
for (const on of ['onCLS', 'onFCP', 'onINP', 'onLCP', 'onTTFB'])
  webVitals[on]((m) => window.__reports.push({ name: m.name, value: m.value, rating: m.rating, navigationType: m.navigationType }));
window.__idle = () => new Promise((r) => requestIdleCallback(() => requestAnimationFrame(() => setTimeout(r, 0))));`;

/** What the widget sent, in order: the vital events of every batch the page posted. */
const fromWidget = (collects: { body: { events: { type: string; [k: string]: unknown }[] } }[]): Report[] =>
  collects.flatMap((c) =>
    c.body.events
      .filter((e) => e.type === 'vital')
      .map((e) => ({
        name: e.name as string,
        value: e.value as number,
        rating: e.rating as string,
        navigationType: e.navigationType as string,
      })),
  );
const fromWebVitals = (page: Page) => page.evaluate(() => window.__reports);
const byName = (reports: Report[]) => [...reports].sort((a, b) => a.name.localeCompare(b.name));

/** An interaction, its Event Timing entries delivered after the next paint and handled in idle time. */
async function interact(page: Page): Promise<void> {
  await page.click('#slow');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300))));
}

describe("the widget's Web Vitals report what web-vitals reports (real Chromium, real server)", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  }, 60_000);
  afterAll(async () => s?.close());

  it('LCP of a late image, CLS of the larger of two shift windows, INP of slow clicks, TTFB and FCP: same values, same reports, hidden and shown again, and after a back/forward cache restore', {
    timeout: 90_000,
  }, async () => {
    const { page, collects, problems } = await s.open('vitals-parity', { init: `${VISIBILITY_STUB}\n${WEB_VITALS}` });
    /** Waits until the widget has sent `n` vitals and web-vitals reported `n` too; returns both. */
    const both = async (n: number, what: string) => {
      await waitFor(async () => fromWidget(collects).length >= n && (await fromWebVitals(page)).length >= n, what);
      return { widget: fromWidget(collects), google: await fromWebVitals(page) };
    };

    await waitFor(() => page.evaluate(() => window.__scripted === true), 'the shifts and the late image');
    // The first input ends LCP (both measure it in idle time after the click).
    await interact(page);
    await page.evaluate(() => window.__setHidden(true));
    const first = await both(5, 'TTFB, FCP, LCP, CLS and INP on the first hide');
    expect(byName(first.widget).map((r) => r.name)).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
    // Exact: the same entries, read the same way.
    expect(byName(first.widget)).toEqual(byName(first.google));
    const [cls, inp] = [first.widget.find((r) => r.name === 'CLS')!, first.widget.find((r) => r.name === 'INP')!];
    expect(cls.value).toBeGreaterThan(0.001); // the shifts happened, and counted
    expect(inp.value).toBeGreaterThanOrEqual(120); // the click's own work
    const lcp = first.widget.find((r) => r.name === 'LCP')!;
    const fcp = first.widget.find((r) => r.name === 'FCP')!;
    // The image, painted after it was inserted, not the heading.
    expect(lcp.value).toBeGreaterThan(Math.max(fcp.value, await page.evaluate(() => window.__imageAt)));

    // Shown again, a slower click, hidden again: INP changed and is reported again; CLS (no new
    // shift) and LCP (final) are not.
    await page.evaluate(() => window.__setHidden(false));
    await interact(page);
    await page.evaluate(() => window.__setHidden(true));
    const second = await both(6, 'the new INP on the second hide');
    expect(second.widget).toHaveLength(6);
    expect(second.widget[5]).toMatchObject({ name: 'INP' });
    expect(second.widget[5]!.value).toBeGreaterThanOrEqual(250);
    expect(byName(second.widget)).toEqual(byName(second.google));

    // A back/forward cache restore (the pageshow Chromium sends): TTFB 0, then FCP and LCP as the
    // time to the next painted frame, a navigation of type back-forward-cache; CLS again on hide.
    await page.evaluate(() => window.__setHidden(false));
    await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
    await both(9, 'TTFB, FCP and LCP of the restored page');
    await page.evaluate(() => window.__setHidden(true));
    const restored = await both(10, 'CLS of the restored page');
    // A report either would send late is counted too: the page goes idle, and a goal tracked
    // after it reaches the server (the widget sends in order, so a vital queued before it came first).
    await page.evaluate(() => window.__idle());
    await page.evaluate(() => window.loupe('track', 'parity-end'));
    await waitFor(
      () => collects.some((c) => c.body.events.some((e) => e.type === 'track' && e.name === 'parity-end')),
      'the goal sent after the last report',
    );
    const widget = fromWidget(collects);
    const google = await fromWebVitals(page);
    expect(widget).toHaveLength(10);
    expect(google).toHaveLength(10);
    const afterRestore = (reports: Report[]) => byName(reports.slice(6));
    expect(afterRestore(widget).map((r) => [r.name, r.navigationType])).toEqual(
      ['CLS', 'FCP', 'LCP', 'TTFB'].map((n) => [n, 'back-forward-cache']),
    );
    const [w, g] = [afterRestore(restored.widget), afterRestore(restored.google)];
    for (const [i, r] of w.entries()) {
      expect(r.navigationType).toBe(g[i]!.navigationType);
      if (r.name === 'FCP' || r.name === 'LCP') {
        // Each measures from the event to its own second animation frame: the same frames, so
        // the values differ by the little work done between the two callbacks in them.
        expect(Math.abs(r.value - g[i]!.value), r.name).toBeLessThan(16);
      } else expect(r).toEqual(g[i]);
    }
    expect(problems).toEqual([]);
  });
});
