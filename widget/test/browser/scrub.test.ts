import { SCRUB_CASES } from '@loupe/shared/scrub-cases';
import { MAX_TRACK_PROPS } from '@loupe/shared/constants';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofType, type Scenario, startScenario } from '../support/scenario.js';
import { waitFor } from '../support/stored-events.js';

declare const window: Window & { loupe(command: string, ...args: unknown[]): unknown };

const texts = SCRUB_CASES.filter((c) => c.as === 'text');
const urls = SCRUB_CASES.filter((c) => c.as === 'url');

describe('the shared table of scrubbing cases, through the built widget.js (real Chromium, real server)', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  }, 60_000);
  afterAll(async () => s?.close());

  it('sends exactly what the table says: text as track properties and their names, URLs as stack frames', {
    timeout: 60_000,
  }, async () => {
    const { page, collects, until } = await s.open('plain');
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await page.evaluate(
      ({ texts, urls, perEvent }) => {
        for (let i = 0; i < texts.length; i += perEvent) {
          const props: Record<string, string | number> = {};
          for (let j = i; j < Math.min(i + perEvent, texts.length); j++) props[`v${j}`] = texts[j]!;
          window.loupe('track', `scrub-values-${i}`, props);
          window.loupe(
            'track',
            `scrub-names-${i}`,
            Object.fromEntries(
              texts
                .slice(i, i + perEvent)
                .filter((t) => t.length <= 64)
                .map((t, j) => [t, j]),
            ),
          );
        }
        // A thrown error whose stack names every URL case as a file.
        const error = new Error('scrub table');
        error.stack = ['Error: scrub table', ...urls.map((u) => `    at f (${u}:1:1)`)].join('\n');
        window.dispatchEvent(new ErrorEvent('error', { message: 'Uncaught Error: scrub table', error }));
      },
      { texts: texts.map((c) => c.input), urls: urls.map((c) => c.input), perEvent: MAX_TRACK_PROPS },
    );
    const wire = () => collects.flatMap((c) => c.body.events);
    const tracks = () => wire().filter((e) => e.type === 'track' && String(e.name).startsWith('scrub-'));
    await waitFor(
      () => tracks().length === 2 * Math.ceil(texts.length / MAX_TRACK_PROPS) && wire().some((e) => e.type === 'error'),
      'every case on the wire',
    );
    const values = Object.assign(
      {},
      ...tracks()
        .filter((e) => String(e.name).startsWith('scrub-values-'))
        .map((e) => e.props),
    );
    const names = tracks()
      .filter((e) => String(e.name).startsWith('scrub-names-'))
      .flatMap((e) => Object.keys(e.props as object));
    for (const [i, c] of texts.entries()) expect(values[`v${i}`], c.input).toBe(c.expected);
    expect(names.sort()).toEqual(
      texts
        .filter((c) => c.input.length <= 64)
        .map((c) => c.expected)
        .sort(),
    );

    const error = wire().find((e) => e.type === 'error');
    expect((error!.frames as { file: string }[]).map((f) => f.file)).toEqual(urls.map((c) => c.expected));
  });

  // The script tag's widget.js holds the scrubber; the ES module build imports it as a chunk.
  it('ES module build: events made before the scrubber chunk arrives wait for it; nothing leaves the browser unscrubbed', {
    timeout: 60_000,
  }, async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let requested = false;
    const { page, collects, until } = await s.open('esm-errors?to=jane.doe%40example.com&token=abc123XYZ', {
      clock: true,
      before: (context) =>
        context.route('**/esm/chunks/scrub-chunk-*.js', async (route) => {
          requested = true;
          await released;
          await route.continue();
        }),
    });
    await waitFor(() => requested, 'the scrub chunk requested');
    await page.evaluate(() => window.loupe('track', 'early', { note: 'call 4111 1111 1111 1111 123' }));
    // Three flush intervals on the page's clock, and the page hidden: with the scrubber held
    // back, none of it may go out.
    await page.clock.runFor(10_000);
    await page.evaluate(() => dispatchEvent(new Event('pagehide')));
    expect(collects).toEqual([]);
    const releasedAt = Date.now();
    release();
    // The chunk arrives on the network's time, not the page clock's: a flush it schedules after one
    // fixed step of the clock would never fire. Step the clock until the events are stored.
    let stepping = true;
    const steps = (async () => {
      while (stepping) {
        await page.clock.runFor(1_000);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const stored = await until(
      (e) => ofType(e, 'pageview').length === 1 && ofType(e, 'track').length === 1,
      'the early events',
    ).finally(() => (stepping = false));
    await steps;
    // (A request issued while held back but reported late would show up here.)
    expect(collects.filter((c) => c.at < releasedAt)).toEqual([]);
    const wire = JSON.stringify(collects.map((c) => c.body));
    for (const secret of ['jane.doe', 'abc123XYZ', '4111']) expect(wire).not.toContain(secret);
    expect(ofType(stored, 'track')[0]!.payload.props).toEqual({ note: 'call [card] 123' });
    expect(ofType(stored, 'pageview')[0]!.payload.url).toMatch(/\?to=\[email\]&token=\[redacted\]$/);
  });
});
