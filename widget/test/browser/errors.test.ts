import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofType, type Scenario, startScenario } from '../support/scenario.js';
import { pauseClockAhead } from '../support/pause-clock-ahead.js';

declare const window: Window & {
  hostErrors: string[];
  hostRejections: number;
  throwLater(message: string, name?: string): void;
  throwValueLater(value: unknown): void;
  rejectLater(reason: unknown): void;
};

describe('JS errors, rejections and resource errors (real Chromium, real server)', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  }, 60_000);
  afterAll(async () => s?.close());

  it('captures errors with frames, rejections and failed loads; drops Script error.; host handlers still run', {
    timeout: 60_000,
  }, async () => {
    const { page, until, marker, problems } = await s.open('errors');
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    const other = s.fixtures.otherOrigin;
    // Resolves once the cross-origin script has run (its error fires while it runs, before load).
    await page.evaluate((otherOrigin) => {
      window.throwLater('kaboom');
      window.rejectLater(new TypeError('nope'));
      window.rejectLater({ code: 42 }); // not an Error
      const img = document.createElement('img');
      img.src = '/missing.png';
      document.body.append(img);
      // A cross-origin script without CORS: its error reaches the page as "Script error.".
      const script = document.createElement('script');
      script.src = `${otherOrigin}/throw.js`;
      const ran = new Promise((resolve) => script.addEventListener('load', resolve));
      document.head.append(script);
      return ran;
    }, other);
    await until((e) => ofType(e, 'error').length >= 4, 'four errors');
    // A Script error. would have been sent before the marker.
    const errors = ofType(await marker(), 'error');
    const bySource = (src: string) => errors.filter((e) => e.payload.source === src);

    const [thrown] = bySource('error');
    expect(bySource('error')).toHaveLength(1);
    expect(thrown!.payload).toMatchObject({ errorType: 'Error', message: 'kaboom' });
    const frames = thrown!.payload.frames as { fn?: string; file?: string; line?: number; col?: number }[];
    // (The server replaces IP addresses in stored URLs, so only the path is compared.)
    expect(frames[0]).toMatchObject({ fn: 'thrower', file: expect.stringMatching(/:\d+\/errors$/) });
    expect(frames[0]!.line).toBeGreaterThan(0);

    expect(bySource('unhandledrejection').map((e) => [e.payload.errorType, e.payload.message])).toEqual([
      ['TypeError', 'nope'],
      ['UnhandledRejection', '{"code":42}'],
    ]);
    expect(bySource('resource').map((e) => e.payload.resource)).toEqual([
      { tag: 'img', url: expect.stringMatching(/:\d+\/missing\.png$/) },
    ]);
    expect(JSON.stringify(errors)).not.toMatch(/Script error|third-party secret/);

    // The host's own handlers saw their page's errors, Script error. included.
    const host = await page.evaluate(() => ({ errors: window.hostErrors, rejections: window.hostRejections }));
    expect(host.errors).toEqual(expect.arrayContaining(['Uncaught Error: kaboom', 'Script error.']));
    expect(host.rejections).toBe(2);
    expect(problems).toEqual([]);
  });

  it('describes thrown and rejected non-errors (strings, undefined, objects by a bounded JSON), without "Uncaught "', {
    timeout: 60_000,
  }, async () => {
    const { page, until } = await s.open('errors');
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await page.evaluate(() => {
      window.throwValueLater({ error: 'x', somekey: 1 });
      window.throwValueLater('a plain string');
      window.throwValueLater(undefined);
      window.throwValueLater(null);
      window.throwValueLater(42);
      const big: Record<string, unknown> = {
        nested: { deep: { deeper: 1 } },
        list: [1, 2, 3],
        fn() {},
        long: 'y'.repeat(5000),
      };
      for (let i = 0; i < 40; i++) big[`k${i}`] = i;
      window.throwValueLater(big);
      const circular: Record<string, unknown> = { name: 'loop' };
      circular.self = circular;
      window.rejectLater(circular);
      window.rejectLater(undefined);
      window.rejectLater('rejected string');
    });
    const errors = ofType(await until((e) => ofType(e, 'error').length >= 9, 'nine errors'), 'error');
    const messages = (source: string) =>
      errors.filter((e) => e.payload.source === source).map((e) => e.payload.message as string);
    const thrown = messages('error');
    expect(thrown.slice(0, 5)).toEqual(['{"error":"x","somekey":1}', 'a plain string', 'undefined', 'null', '42']);
    const described = JSON.parse(thrown[5]!) as Record<string, unknown>;
    expect(described).toMatchObject({ nested: '[Object]', list: '[Array]', fn: '[Function]' });
    expect(Object.keys(described).length).toBeLessThanOrEqual(20);
    expect((described.long as string).length).toBeLessThan(300);
    expect(messages('unhandledrejection')).toEqual([
      '{"name":"loop","self":"[Object]"}',
      'undefined',
      'rejected string',
    ]);
    expect(JSON.stringify(errors)).not.toContain('Uncaught');
    expect(errors.filter((e) => e.payload.source === 'error').map((e) => e.payload.errorType)).toEqual(
      Array(6).fill('Error'),
    );
  });

  it('reports resources that failed before it loaded, from Resource Timing, each once', {
    timeout: 60_000,
  }, async () => {
    // The page's own resources fail before the widget listens (Resource Timing finds them at
    // start); another fails once it listens.
    const { page, until } = await s.open('broken-early');
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = '/missing-later.png';
      document.body.append(img);
    });
    const errors = ofType(
      await until(
        (e) => ofType(e, 'error').some((x) => String(x.payload.message).includes('missing-later')),
        'the later failure',
      ),
      'error',
    );
    const failed = errors
      .map((e) => e.payload.resource as { tag: string; url: string })
      .map((r) => `${r.tag} ${r.url.replace(/^http:\/\/[^/]+/, '')}`);
    expect(failed.sort()).toEqual([
      'img /missing-later.png',
      'img /missing.png',
      'img /missing.png', // the other origin's (hosts are scrubbed to [ip])
      'img /refused.png',
      'link /missing.css',
      'script /missing.js',
    ]);
    expect(errors.every((e) => e.payload.source === 'resource' && e.payload.errorType === 'ResourceError')).toBe(true);

    // The signals start again (optOut → optIn): nothing already reported comes again, and a new
    // failure still does. (Opting out forgets the visitor: read every event of this page.)
    await page.evaluate(() => {
      const loupe = (window as unknown as { loupe(c: string): void }).loupe;
      loupe('optOut');
      loupe('optIn');
      const img = document.createElement('img');
      img.src = '/missing-after-restart.png';
      document.body.append(img);
    });
    const all = ofType(
      await s.until(
        (e) => e.some((x) => String(x.payload.message).includes('missing-after-restart')),
        'the failure after the restart',
      ),
      'error',
    );
    const urls = all.filter((e) => e.path === '/broken-early').map((e) => (e.payload.resource as { url: string }).url);
    expect(urls).toHaveLength(7); // the six above and the one after the restart, each once
    expect(new Set(urls).size).toBe(7);
  });

  it('flood control: identical repeats dropped, ≤ 5 per message per page view, 10 per type then 1 per 10 s', {
    timeout: 60_000,
  }, async () => {
    // Errors are dispatched as ErrorEvents (what the browser does for uncaught ones) so the test
    // can run on the fake clock: Playwright's fake timers mishandle callbacks that throw.
    const { page, until, mine, flushUntil } = await s.open('errors', { clock: true });
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await pauseClockAhead(page);
    await page.evaluate(() => {
      const fire = (message: string, name: string) => {
        const error = new Error(message);
        error.name = name;
        window.dispatchEvent(new ErrorEvent('error', { message: `Uncaught ${name}: ${message}`, error }));
      };
      (window as unknown as { fire: typeof fire }).fire = fire;
      for (let i = 0; i < 20; i++) fire('same again', 'LoopError');
      for (let i = 0; i < 10; i++) {
        fire('alternating one', 'AltError');
        fire('alternating two', 'AltError');
      }
      for (let i = 0; i < 30; i++) fire(`burst ${i}`, 'BurstError');
    });
    const fire = (message: string, name: string) =>
      page.evaluate(
        ([m, n]) => (window as unknown as { fire(m: string, n: string): void }).fire(m!, n!),
        [message, name],
      );
    // Same page view: a 6th of a message is dropped. A new page view resets the per-message
    // count, but AltError's bucket is empty until 10 s have refilled one token.
    await fire('alternating one', 'AltError');
    await page.evaluate(() => history.pushState({}, '', '/errors/next'));
    await fire('alternating one', 'AltError');
    await page.clock.runFor(10_000);
    await fire('a spacer, so the next one is not a repeat', 'Spacer');
    await fire('alternating one', 'AltError');
    await flushUntil(
      (e) => ofType(e, 'error').some((x) => x.path === '/errors/next' && x.payload.errorType === 'AltError'),
      'the refilled error',
    );
    const errors = ofType(await mine(), 'error');
    const count = (type: string, message?: string) =>
      errors.filter((e) => e.payload.errorType === type && (!message || e.payload.message === message)).length;
    expect(count('LoopError')).toBe(1);
    expect(count('AltError', 'alternating two')).toBe(5);
    expect(count('BurstError')).toBe(10);
    const one = errors.filter((e) => e.payload.message === 'alternating one');
    expect(one.map((e) => e.path)).toEqual(['/errors', '/errors', '/errors', '/errors', '/errors', '/errors/next']);
  });

  it("never throws into the page: a host window.onerror never sees Loupe's own failures", {
    timeout: 60_000,
  }, async () => {
    const { page, until, mine } = await s.open('errors');
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    // Sabotage a DOM API Loupe uses on every click: its click handler now throws inside.
    await page.evaluate(() => {
      Element.prototype.getBoundingClientRect = () => {
        throw new Error('sabotaged by the host');
      };
    });
    await page.click('#plain');
    await page.click('#plain');
    await page.evaluate(() => window.throwLater('still watching'));
    await until((e) => ofType(e, 'error').length === 1, 'the later error');
    const host = await page.evaluate(() => window.hostErrors);
    expect(host).toEqual(['Uncaught Error: still watching']);
    expect(ofType(await mine(), 'error')[0]!.payload.message).toBe('still watching');
  });
});
