import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofType, type Scenario, startScenario } from '../support/scenario.js';
import { VISIBILITY_STUB } from '../support/visibility-stub.js';
import { pauseClockAhead } from '../support/pause-clock-ahead.js';

declare const window: Window & { __setHidden(hidden: boolean): void };

describe('engagement time and scroll depth (real Chromium, real server, fake clock)', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  }, 60_000);
  afterAll(async () => s?.close());

  it('counts only visible, focused time; sends on hide; reports the deepest scroll', { timeout: 60_000 }, async () => {
    const { page, until, marker } = await s.open('plain', { clock: true, init: VISIBILITY_STUB });
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await pauseClockAhead(page);
    await page.evaluate(() => window.__setHidden(true)); // settles the time so far (not asserted)
    await until((e) => ofType(e, 'engagement').length === 1, 'the first engagement');

    await page.evaluate(() => window.__setHidden(false));
    await page.clock.runFor(5_000); // 5 s visible
    await page.evaluate(() => window.__setHidden(true));
    await page.clock.runFor(20_000); // 20 s in a background tab: not engagement
    await page.evaluate(() => window.__setHidden(false));
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.clock.runFor(4_000); // 4 s visible, scrolled to the bottom
    await page.evaluate(() => window.__setHidden(true));
    await page.evaluate(() => window.__setHidden(false));
    await page.clock.runFor(1_000); // 1 s: under the 3 s threshold and no new depth, not sent
    await page.evaluate(() => window.__setHidden(true));

    await until((e) => ofType(e, 'engagement').length >= 3, 'the engagement events');
    // The 1 s that must not be sent would be stored before the marker.
    const engagement = ofType(await marker(), 'engagement')
      .slice(1)
      .map((e) => [e.payload.engagedMs, e.payload.scrollDepth]);
    const viewport = await page.evaluate(() => Math.round((innerHeight / document.documentElement.scrollHeight) * 100));
    expect(engagement).toEqual([
      [5_000, viewport],
      [4_000, 100],
    ]);
  });

  it('flushes the previous page before an SPA page view, and starts the new one from zero', {
    timeout: 60_000,
  }, async () => {
    const { page, until, mine } = await s.open('plain', { clock: true, init: VISIBILITY_STUB });
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await pauseClockAhead(page);
    await page.evaluate(() => window.__setHidden(true));
    await until((e) => ofType(e, 'engagement').length === 1, 'the first engagement');
    await page.evaluate(() => window.__setHidden(false));
    await page.clock.runFor(3_500);
    await page.evaluate(() => history.pushState({}, '', '/plain/next'));
    await page.clock.runFor(6_000);
    await page.evaluate(() => window.__setHidden(true));
    await until((e) => ofType(e, 'engagement').length >= 3, 'both pages engagement');
    const events = await mine();
    const flushed = ofType(events, 'engagement')
      .slice(1)
      .map((e) => [e.path, e.payload.engagedMs]);
    expect(flushed).toEqual([
      ['/plain', 3_500],
      ['/plain/next', 6_000],
    ]);
  });
});
