import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofType, type Scenario, startScenario } from '../support/scenario.js';
import { pauseClockAhead } from '../support/pause-clock-ahead.js';

/**
 * n trusted clicks at the centre of `selector` (real input events), `gapMs` apart on the page's
 * fake clock, so the intervals are exact whatever the machine's speed.
 */
async function clickTimes(page: Page, selector: string, n: number, gapMs: number, dx = 0): Promise<void> {
  const box = (await page.locator(selector).boundingBox())!;
  for (let i = 0; i < n; i++) {
    await page.mouse.click(box.x + box.width / 2 + i * dx, box.y + box.height / 2);
    if (i < n - 1) await page.clock.runFor(gapMs);
  }
}

/** Opens a page on the fake clock, waits for its page view, then stops time. */
async function openPaused(s: Scenario, name: string) {
  const opened = await s.open(name, { clock: true });
  await opened.until((e) => ofType(e, 'pageview').length === 1, 'the page view');
  await pauseClockAhead(opened.page);
  return opened;
}

describe.concurrent('clicks, rage, dead and error clicks (real Chromium, real server)', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  }, 60_000);
  afterAll(async () => s?.close());

  it('records each click with a stable selector, tag, label text and positions', { timeout: 60_000 }, async () => {
    const { page, problems, until } = await s.open('clicks');
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await page.click('.card:nth-of-type(2) .go');
    await page.click('#live');
    await page.click('#away');
    const events = await until((e) => ofType(e, 'click', 'click').length >= 3, 'three clicks');
    const clicks = ofType(events, 'click', 'click');
    // Generated-looking classes and ids (with digits) are left out; nth-of-type disambiguates.
    expect(clicks[0]!.selector).toBe('body>div.cards>div.card:nth-of-type(2)>button.go');
    await expect(page.locator(clicks[0]!.selector!).textContent()).resolves.toBe('Second');
    expect(clicks[0]!.payload).toMatchObject({ tag: 'button', text: 'Second' });
    expect(clicks[1]!.selector).toBe('#live');
    expect(clicks[2]!.selector).toBe('#away');
    expect(clicks[2]!.payload).toMatchObject({ tag: 'a', text: 'A link' });
    for (const c of clicks) {
      expect(c.payload).toEqual(
        expect.objectContaining({
          x: expect.any(Number),
          y: expect.any(Number),
          rx: expect.any(Number),
          ry: expect.any(Number),
        }),
      );
      expect(c.payload.rx as number).toBeGreaterThanOrEqual(0);
    }
    expect(problems).toEqual([]);
  });

  it('sends one rage click per burst with its final count, and none for slow or stepper clicks', {
    timeout: 90_000,
  }, async () => {
    const { page, flushUntil, marker } = await openPaused(s, 'clicks');
    await clickTimes(page, '[data-testid="dead-button"]', 5, 150); // a burst of 5
    await page.clock.runFor(1_500); // the burst ends
    await clickTimes(page, '#live', 4, 1_001); // each just over 1 s apart: too slow for rage
    await clickTimes(page, '#plus', 6, 100); // a stepper is meant to be clicked fast
    await clickTimes(page, '#name', 4, 100); // a text field: clicks select text
    await clickTimes(page, '#dead-div', 4, 100, 31); // 31 px apart: not one spot
    await clickTimes(page, '#live', 3, 1_000); // exactly 1 s apart: still a burst of 3
    await page.clock.runFor(1_500);
    await flushUntil(
      (e) => ofType(e, 'click', 'rage').length >= 2 && ofType(e, 'click', 'click').length >= 26,
      'rage clicks',
    );
    const rage = ofType(await marker(), 'click', 'rage'); // a third burst would be stored before it
    expect(rage.map((r) => [r.selector, r.payload.count])).toEqual([
      ['[data-testid="dead-button"]', 5],
      ['#live', 3],
    ]);
  });

  it('tells a dead click from a live one', { timeout: 60_000 }, async () => {
    const { page, flushUntil, marker } = await openPaused(s, 'clicks');
    // Any DOM mutation within 2.5 s makes every watched click live, so they are spaced out.
    await page.click('[data-testid="dead-button"]'); // nothing happens
    await page.clock.runFor(2_600);
    await page.click('#live'); // changes its text
    await page.clock.runFor(2_600);
    await page.click('#dead-div'); // cursor: pointer, no handler
    await page.clock.runFor(2_600);
    await page.click('#away'); // a link: never dead
    await page.click('#name'); // a field: never dead
    await page.click('#dead-div', { modifiers: ['Shift'] }); // modifier: never dead
    await page.clock.runFor(2_600);
    await flushUntil((e) => ofType(e, 'click', 'click').length === 6, 'all six clicks');
    const events = await marker(); // a dead click too many would be stored before it
    expect(ofType(events, 'click', 'dead').map((d) => d.selector)).toEqual([
      '[data-testid="dead-button"]',
      '#dead-div',
    ]);
  });

  // Real time here: Playwright's fake timers mishandle callbacks that throw.
  it('marks a click followed by an uncaught error within 1 s as an error click', { timeout: 60_000 }, async () => {
    const { page, until, marker } = await s.open('clicks');
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await page.click('#boom');
    await page.waitForTimeout(1500);
    await page.click('#live');
    await page.waitForTimeout(1200);
    await page.evaluate(() =>
      setTimeout(() => {
        throw new Error('not caused by a click');
      }),
    );
    await until((e) => ofType(e, 'click', 'error').length >= 1 && ofType(e, 'error').length >= 2, 'the error click');
    const events = await marker(); // #live's error click, had there been one, before it
    expect(ofType(events, 'click', 'error').map((c) => c.selector)).toEqual(['#boom']);
    expect(ofType(events, 'error').map((e) => e.payload.message)).toEqual(
      expect.arrayContaining(['broken after click', 'not caused by a click']),
    );
  });
});
