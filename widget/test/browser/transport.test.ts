import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofType, type Scenario, startScenario } from '../support/scenario.js';

declare const window: Window & { loupe(command: string, ...args: unknown[]): unknown };

describe('transport against the real server (real Chromium)', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  }, 60_000);
  afterAll(async () => s?.close());

  it('sends what is queued at page hide by sendBeacon', { timeout: 60_000 }, async () => {
    const { page, until } = await s.open('beacon');
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    const seen = s.proxy.requests.length;
    await page.evaluate(() => {
      for (let i = 1; i <= 3; i++) window.loupe('track', `at-hide-${i}`);
    });
    await page.click('#live');
    // Within the 3 s batching interval nothing has gone out yet; leaving the page hides it.
    await page.goto('about:blank');
    const stored = await until(
      (e) => e.filter((x) => x.trackName?.startsWith('at-hide-')).length === 3 && ofType(e, 'click').length === 1,
      'the hidden-time events',
    );
    const sent = s.proxy.requests.slice(seen).filter((r) => r.method === 'POST');
    // One request, and it is a beacon: sendBeacon's text/plain POSTs go out in no-cors mode
    // (the regular batches use fetch in cors mode).
    expect(sent.map((r) => r.headers['sec-fetch-mode'])).toEqual(['no-cors']);
    expect(sent[0]!.headers['content-type']).toMatch(/^text\/plain/);
    const body = JSON.parse(sent[0]!.body) as { events: { id: string; type: string }[] };
    expect(body.events.map((e) => e.type)).toEqual(['track', 'track', 'track', 'click']);
    expect(body.events.every((e) => stored.some((x) => x.id === e.id))).toBe(true);
    // Regular batches, for contrast, are cors-mode fetches.
    expect(
      s.proxy.requests
        .slice(0, seen)
        .filter((r) => r.method === 'POST')
        .map((r) => r.headers['sec-fetch-mode']),
    ).toContain('cors');
  });

  it('full batches back to back, then a page hide: every request reaches the server', { timeout: 90_000 }, async () => {
    // Chromium holds a keepalive request's share of its 64 KiB keepalive quota (which sendBeacon
    // shares) until the answer's body has been read; four full batches (~16 KB each) fill it.
    const { page, collects, until } = await s.open('beacon');
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    const before = s.proxy.requests.length;
    const issued = collects.length;
    await page.evaluate(() => {
      for (let i = 0; i < 300; i++) window.loupe('track', `full-${i}`);
    });
    await until((e) => e.filter((x) => x.trackName?.startsWith('full-')).length === 300, 'six full batches');
    // Nothing was refused inside the browser: every POST the page made reached the network. A
    // batch of the page's other events (its Web Vitals) may be on its way at this moment, seen by
    // the page and not yet by the proxy or the other way round: the two counts must meet, and a
    // refused request never reaches the proxy, so they would not.
    const posts = () => s.proxy.requests.slice(before).filter((r) => r.method === 'POST').length;
    expect(collects.length - issued).toBeGreaterThanOrEqual(6);
    await expect.poll(() => posts() - (collects.length - issued), { timeout: 10_000 }).toBe(0);
    await page.evaluate(() => {
      for (let i = 1; i <= 3; i++) window.loupe('track', `then-hide-${i}`);
    });
    await page.goto('about:blank');
    await until((e) => e.filter((x) => x.trackName?.startsWith('then-hide-')).length === 3, 'the page-hide beacon');
  });

  it('server down, then up: every event is stored exactly once (in memory, and across a reload)', {
    timeout: 120_000,
  }, async () => {
    const { page, collects, until } = await s.open('plain', { clock: true });
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await s.server.stop();
    const before = collects.length;
    await page.evaluate(() => {
      for (let i = 1; i <= 5; i++) window.loupe('track', `while-down-${i}`);
    });
    await page.click('#live'); // a click: best-effort signals are retried too, while the page lives
    const failures = async (n: number) => {
      for (let i = 0; i < 100 && collects.length < before + n; i++) await page.waitForTimeout(50);
      expect(collects.length).toBeGreaterThanOrEqual(before + n);
    };
    await page.clock.fastForward(3_100); // the batch is due: connection refused
    await failures(1);
    await page.clock.fastForward(5_000); // first backoff (3 s ± 25 %): refused again
    await failures(2);
    await s.server.start();
    await page.clock.fastForward(300_000); // the longest backoff: the retry now succeeds
    const attempted = new Set(collects.slice(before).flatMap((c) => c.body.events.map((e) => e.id)));
    await until((e) => [...attempted].every((id) => e.some((x) => x.id === id)), 'every retried event stored');
    const stored = s.events().filter((e) => attempted.has(e.id));
    expect(stored.map((e) => e.trackName ?? e.type).sort()).toEqual(
      ['click', 'while-down-1', 'while-down-2', 'while-down-3', 'while-down-4', 'while-down-5'].sort(),
    );
    expect(collects.slice(before).length).toBeGreaterThanOrEqual(3); // two refused, one accepted

    // Down again, then the visitor reloads before the server is back: tracks (persisted in
    // localStorage) survive the reload and are sent once it is.
    await s.server.stop();
    await page.evaluate(() => {
      for (let i = 1; i <= 3; i++) window.loupe('track', `before-reload-${i}`);
    });
    const persisted = await page.evaluate(() =>
      localStorage.getItem(Object.keys(localStorage).find((k) => k.startsWith('loupe_q_'))!),
    );
    expect(JSON.parse(persisted!)).toHaveLength(3);
    await page.reload();
    await page.clock.fastForward(3_100);
    await page.waitForTimeout(500);
    await s.server.start();
    await page.clock.fastForward(300_000);
    const reloaded = await until(
      (e) => e.filter((x) => x.trackName?.startsWith('before-reload-')).length === 3,
      'the persisted tracks',
    );
    expect(reloaded.filter((x) => x.trackName?.startsWith('before-reload-'))).toHaveLength(3);
    await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('loupe_q_')));
  });
});

describe('503 with Retry-After (an overloaded or restarting server)', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  }, 60_000);
  afterAll(async () => s?.close());

  it('waits the Retry-After seconds, not the shorter backoff, then delivers everything once', {
    timeout: 60_000,
  }, async () => {
    const { page, collects, until } = await s.open('plain');
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    // The server's own 503 (problem+json, Retry-After exposed to CORS) for the next batch only.
    let refused = 0;
    await page.route('**/v1/collect', (route) =>
      refused++
        ? route.continue()
        : route.fulfill({
            status: 503,
            headers: {
              'content-type': 'application/problem+json',
              'access-control-allow-origin': s.fixtures.origin,
              'access-control-expose-headers': 'retry-after',
              'retry-after': '5',
            },
            body: JSON.stringify({
              type: 'about:blank',
              title: 'Service Unavailable',
              status: 503,
              code: 'overloaded',
            }),
          }),
    );
    const before = collects.length;
    await page.evaluate(() => {
      for (let i = 1; i <= 3; i++) window.loupe('track', `refused-${i}`);
    });
    const stored = await until(
      (e) => e.filter((x) => x.trackName?.startsWith('refused-')).length === 3,
      'the refused batch, delivered',
    );
    const [first, second] = collects.slice(before);
    // The first backoff step is 3 s ± 25 %: at most 3.75 s. Retry-After said 5.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(5000 - 150);
    expect(second!.body.events.map((e) => e.id)).toEqual(first!.body.events.map((e) => e.id));
    expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length);
  });
});

describe('429 with Retry-After from the real rate limiter', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario({ env: { LOUPE_RATE_LIMIT_MAX: '1', LOUPE_RATE_LIMIT_WINDOW_MS: '6000' } });
  }, 60_000);
  afterAll(async () => s?.close());

  it('pauses all sending for Retry-After seconds, then delivers everything once', { timeout: 120_000 }, async () => {
    const { page, until } = await s.open('plain');
    // Each batch as the browser timed it (its own clock): when it started, when its answer had
    // arrived. Times taken in this process when Playwright's events reach it lag under load, by
    // more than the tolerance below.
    const sent: { start: number; answered: number; status: number; retryAfter: string | null }[] = [];
    page.on('requestfinished', async (r: Request) => {
      if (!r.url().endsWith('/v1/collect') || r.method() !== 'POST') return;
      const answer = await r.response();
      const t = r.timing();
      sent.push({
        start: t.startTime,
        answered: t.startTime + t.responseEnd,
        status: answer?.status() ?? 0,
        retryAfter: answer?.headers()['retry-after'] ?? null,
      });
    });
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    // 60 events: a full batch (50) goes at once, inside the limiter's window → 429.
    await page.evaluate(() => {
      for (let i = 0; i < 60; i++) window.loupe('track', `burst-${i}`);
    });
    await (async () => {
      for (let i = 0; i < 200 && !sent.some((a) => a.status === 429); i++) await page.waitForTimeout(25);
    })();
    const limited = sent.find((a) => a.status === 429)!;
    expect(limited).toBeDefined();
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    // While paused, another full batch is queued: it must wait too.
    await page.evaluate(() => {
      for (let i = 0; i < 60; i++) window.loupe('track', `paused-${i}`);
    });
    const names = await until((e) => e.filter((x) => x.trackName).length === 120, 'all 120 tracks', 60_000);
    expect(new Set(names.map((e) => e.id)).size).toBe(names.length);
    // Every 429 was followed by silence for at least its Retry-After (the 6 s window makes that
    // longer than the 3 s first backoff, so retrying on the backoff schedule would be caught).
    const limitedAnswers = sent.filter((x) => x.status === 429);
    for (const a of limitedAnswers) {
      const next = sent.filter((c) => c.start > a.answered).sort((x, y) => x.start - y.start)[0];
      if (next) expect(next.start - a.answered).toBeGreaterThanOrEqual(Number(a.retryAfter) * 1000 - 150);
    }
    expect(limitedAnswers.length).toBeGreaterThanOrEqual(1);
  });
});
