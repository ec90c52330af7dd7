import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofType, type Scenario, startScenario } from '../support/scenario.js';

describe.concurrent('page views and SPA navigation (real Chromium, real server)', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  }, 60_000);
  afterAll(async () => s?.close());

  it('counts the load, then each push/replace/pop that changes the path; replays the stub queue first', {
    timeout: 60_000,
  }, async () => {
    const { page, problems, until, marker } = await s.open('spa');
    await until((e) => ofType(e, 'pageview').length === 1, 'the initial page view');

    await page.evaluate(() => history.pushState({}, '', '/spa/cart?page=spa'));
    await page.evaluate(() => history.replaceState({}, '', '/spa/cart?page=spa&step=2')); // same path
    await page.evaluate(() => history.replaceState({}, '', '/spa/checkout?page=spa'));
    await page.evaluate(() => (location.hash = '#section')); // fragment only: not a page view
    await page.evaluate(() => history.back()); // → /spa/checkout (hash removed): same path
    await page.evaluate(() => history.back()); // → /spa (the push's entry was replaced by checkout)
    await until((e) => ofType(e, 'pageview').length >= 4, 'four page views');
    const events = await marker(); // a page view too many would be stored before it
    const views = ofType(events, 'pageview').map((e) => [e.path, e.payload.nav]);
    expect(views).toEqual([
      ['/spa', 'load'],
      ['/spa/cart', 'push'],
      ['/spa/checkout', 'replace'],
      ['/spa', 'pop'],
    ]);
    // The stub's calls, in order, before anything else the loader sent.
    const tracks = ofType(events, 'track');
    expect(tracks.map((t) => t.trackName)).toEqual(['stub-first', 'stub-second']);
    expect(tracks.map((t) => t.payload.props)).toEqual([{ order: 1 }, { order: 2 }]);
    // One session and one visitor for the whole visit.
    expect(new Set(events.map((e) => e.sessionId)).size).toBe(1);
    expect(problems).toEqual([]);
  });

  it('with data-routing="hash", fragment routes are page views labelled hash', { timeout: 60_000 }, async () => {
    const { page, until, marker } = await s.open('hash');
    await until((e) => ofType(e, 'pageview').length === 1, 'the initial page view');
    await page.evaluate(() => (location.hash = '#/cart'));
    await page.evaluate(() => (location.hash = '#/cart')); // unchanged
    await page.evaluate(() => history.pushState({}, '', '#/checkout'));
    await page.evaluate(() => history.back());
    await until((e) => ofType(e, 'pageview').length >= 4, 'hash page views');
    const views = ofType(await marker(), 'pageview').map((e) => [e.path, e.payload.nav]);
    expect(views).toEqual([
      ['/hash', 'load'],
      ['/hash#/cart', 'hash'],
      ['/hash#/checkout', 'push'],
      ['/hash#/cart', 'hash'],
    ]);
  });

  it('carries data-release on every page view (scrubbed), and on nothing else', { timeout: 60_000 }, async () => {
    const { page, until, marker } = await s.open('hash');
    await until((e) => ofType(e, 'pageview').length === 1, 'the initial page view');
    await page.evaluate(() => (location.hash = '#/cart'));
    await until((e) => ofType(e, 'pageview').length === 2, 'the second page view');
    const events = await marker();
    expect(ofType(events, 'pageview').map((e) => e.payload.release)).toEqual([
      '2024.03.1 by [email]',
      '2024.03.1 by [email]',
    ]);
    expect(events.filter((e) => e.type !== 'pageview' && 'release' in e.payload)).toEqual([]);
  });
});
