import { VITAL_THRESHOLDS } from '@loupe/shared/constants';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofType, type Scenario, startScenario } from '../support/scenario.js';

describe('Web Vitals from the lazily loaded chunk (real Chromium, real server)', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  }, 60_000);
  afterAll(async () => s?.close());

  it('loads the hashed chunk after load and reports LCP, CLS, INP, FCP and TTFB of the landing page', { timeout: 60_000 }, async () => {
    const { page, until } = await s.open('vitals');
    const chunk = await page.waitForResponse((r) => /\/chunks\/vitals-[\w-]+\.js$/.test(r.url()));
    expect(chunk.status()).toBe(200);
    expect(chunk.url().startsWith(`${s.server.url}/chunks/`)).toBe(true); // relative to widget.js
    expect(await chunk.request().headerValue('origin')).toBe(s.fixtures.origin); // a cross-origin module import
    expect(await page.evaluate(() => document.readyState)).toBe('complete');
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

  it('with clicks and errors off, the signals chunk still starts Web Vitals (and captures no click)', { timeout: 60_000 }, async () => {
    const requested: string[] = [];
    const { page, until, mine } = await s.open('vitals-only', {
      before: async (context) => context.on('request', (r) => void (/\/chunks\/(signals|vitals)-/.test(r.url()) && requested.push(r.url()))),
    });
    const vitals = ofType(await until((e) => ofType(e, 'vital').length >= 2, 'FCP and TTFB'), 'vital');
    expect(vitals.map((v) => v.path)).toEqual(vitals.map(() => '/vitals-only'));
    expect(requested.map((u) => u.match(/chunks\/(\w+)-/)![1]).sort()).toEqual(['signals', 'vitals']);
    await page.click('#live');
    await page.waitForTimeout(3500); // a batch interval
    expect(ofType(await mine(), 'click')).toEqual([]);
  });
});
