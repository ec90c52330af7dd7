import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofType, type Scenario, startScenario } from '../support/scenario.js';
import { waitFor } from '../support/stored-events.js';

declare const window: Window & {
  hostErrors: string[];
  throwLater(message: string): void;
  rejectLater(reason: unknown): void;
};

const STARTUP_CHUNK = /\/chunks\/startup-[A-Z0-9]{8}\.js$/;

describe('the signals in the lazily loaded startup chunk (real Chromium, real server)', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  }, 60_000);
  afterAll(async () => s?.close());

  it('errors raised while the chunk is still loading are buffered and reported once it arrives', {
    timeout: 60_000,
  }, async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let requested = 0;
    const { page, until, problems } = await s.open('errors', {
      before: (context) =>
        context.route(STARTUP_CHUNK, async (route) => {
          requested++;
          await held;
          await route.continue();
        }),
    });
    // Loupe started and asked for the chunk (it holds the scrubber too: nothing is sent until it
    // arrives, so the errors below can only reach the server through the loader's buffer).
    await waitFor(() => requested === 1, 'the startup chunk requested');
    await page.evaluate(() => {
      window.throwLater('early bird');
      window.rejectLater(new RangeError('early rejection'));
    });
    await page.waitForFunction(() => window.hostErrors.length === 1); // the host handler ran at once
    release();
    const events = await until(
      (e) => ofType(e, 'pageview').length === 1 && ofType(e, 'error').length >= 2,
      'the page view and the buffered errors',
    );
    expect(requested).toBe(1);
    expect(
      ofType(events, 'error')
        .map((e) => e.payload.message)
        .sort(),
    ).toEqual(['early bird', 'early rejection']);
    expect(problems).toEqual([]);
  });

  it('a page that switches every chunked group off starts none of them (the chunk still comes, once, for the scrubber)', {
    timeout: 60_000,
  }, async () => {
    const chunks: string[] = [];
    const { page, until, marker, problems } = await s.open('signals-off', {
      before: async (context) =>
        context.on('request', (r) => void (STARTUP_CHUNK.test(r.url()) && chunks.push(r.url()))),
    });
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await page.click('#boom');
    const events = await marker(); // a click or an error would have been sent before it
    expect(chunks).toHaveLength(1); // the page view went out scrubbed: the scrubber is in it
    expect(events.filter((e) => e.type === 'click' || e.type === 'error')).toEqual([]);
    // The uncaught error is the page's own (it reaches the console as such), not a Loupe problem.
    expect(problems.filter((p) => !p.includes('not reported'))).toEqual([]);
  });

  it('with only engagement on, the chunk loads and measures engagement, and clicks and errors stay off', {
    timeout: 60_000,
  }, async () => {
    const chunks: string[] = [];
    const { page, until, marker } = await s.open('signals-engagement-only', {
      before: async (context) =>
        context.on('request', (r) => void (STARTUP_CHUNK.test(r.url()) && chunks.push(r.url()))),
    });
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await page.waitForFunction(() =>
      performance.getEntriesByType('resource').some((r) => /\/chunks\/startup-/.test(r.name)),
    );
    await page.waitForTimeout(300); // the chunk's module evaluated and started
    await page.click('#boom');
    // Leaving the page for an SPA route flushes its engagement (the scroll depth is new).
    await page.evaluate(() => history.pushState({}, '', '/next'));
    const events = await until((e) => ofType(e, 'engagement').length === 1, 'the engagement of the first page');
    expect(chunks).toHaveLength(1);
    expect(ofType(events, 'engagement')[0]!.payload.scrollDepth).toBeGreaterThan(0);
    expect((await marker()).filter((e) => e.type === 'click' || e.type === 'error')).toEqual([]);
  });
});
