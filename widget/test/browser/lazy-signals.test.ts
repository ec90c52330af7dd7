import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofType, type Scenario, startScenario } from '../support/scenario.js';
import { waitFor } from '../support/stored-events.js';

declare const window: Window & {
  hostErrors: string[];
  throwLater(message: string): void;
  rejectLater(reason: unknown): void;
};

/** The ES module build's signals chunk (the script tag's widget.js holds the signals itself). */
const ESM_SIGNALS_CHUNK = /\/esm\/chunks\/signals-chunk-[A-Z0-9]{8}\.js$/;
/** Any chunk of the script tag's build. */
const CHUNK = /\/chunks\/[\w-]+\.js$/;

describe.concurrent('the signals started after start (real Chromium, real server)', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  }, 60_000);
  afterAll(async () => s?.close());

  it('ES module build: errors raised while the signals chunk is still loading are buffered and reported once it arrives', {
    timeout: 60_000,
  }, async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let requested = 0;
    const { page, until, marker } = await s.open('esm-errors', {
      before: (context) =>
        context.route(ESM_SIGNALS_CHUNK, async (route) => {
          requested++;
          await held;
          await route.continue();
        }),
    });
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await waitFor(() => requested === 1, 'the signals chunk requested');
    await page.evaluate(() => {
      window.throwLater('early bird');
      window.rejectLater(new RangeError('early rejection'));
    });
    await page.waitForFunction(() => window.hostErrors.length === 1); // the host handler ran at once
    // Sent in order: had an error gone out without the chunk, it would be stored before the marker.
    expect(ofType(await marker(), 'error')).toEqual([]);
    release();
    const events = await until((e) => ofType(e, 'error').length >= 2, 'the buffered errors');
    expect(
      ofType(events, 'error')
        .map((e) => e.payload.message)
        .sort(),
    ).toEqual(['early bird', 'early rejection']);
    expect(requested).toBe(1);
  });

  it('the script tag needs no chunk: with every group switched off, none starts', { timeout: 60_000 }, async () => {
    const chunks: string[] = [];
    const { page, until, marker, problems } = await s.open('signals-off', {
      before: async (context) => context.on('request', (r) => void (CHUNK.test(r.url()) && chunks.push(r.url()))),
    });
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await page.click('#boom');
    const events = await marker(); // a click or an error would have been sent before it
    expect(chunks).toEqual([]);
    expect(events.filter((e) => e.type === 'click' || e.type === 'error')).toEqual([]);
    // The uncaught error is the page's own (it reaches the console as such), not a Loupe problem.
    expect(problems.filter((p) => !p.includes('not reported'))).toEqual([]);
  });

  it('with only engagement on, engagement is measured, clicks and errors stay off, and no chunk is fetched', {
    timeout: 60_000,
  }, async () => {
    const chunks: string[] = [];
    const { page, until, marker } = await s.open('signals-engagement-only', {
      before: async (context) => context.on('request', (r) => void (CHUNK.test(r.url()) && chunks.push(r.url()))),
    });
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await page.click('#boom');
    // Leaving the page for an SPA route flushes its engagement (the scroll depth is new).
    await page.evaluate(() => history.pushState({}, '', '/next'));
    const events = await until((e) => ofType(e, 'engagement').length === 1, 'the engagement of the first page');
    expect(ofType(events, 'engagement')[0]!.payload.scrollDepth).toBeGreaterThan(0);
    expect((await marker()).filter((e) => e.type === 'click' || e.type === 'error')).toEqual([]);
    expect(chunks).toEqual([]);
  });
});
