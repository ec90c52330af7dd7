import type { ConsoleMessage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofType, type Scenario, startScenario } from '../support/scenario.js';

declare const window: Window & {
  loupe?: unknown;
  esm: {
    destroy(): void;
    loupe(c: string, ...a: unknown[]): unknown;
    optOut(): void;
    track(n: string, p?: object): void;
  };
};

describe('ways to embed (real Chromium, real server)', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  }, 60_000);
  afterAll(async () => s?.close());

  it('the served loader and its chunks name their source maps (SourceMap header), which the server serves', async () => {
    const mapOf = async (url: string) => {
      const script = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
      expect(script.status, url).toBe(200);
      const name = script.headers.get('sourcemap');
      expect(name, url).toBeTruthy();
      const map = await fetch(new URL(name!, url));
      expect(map.status, `${url}: ${name}`).toBe(200);
      return (await map.json()) as { version: number; sources: string[] };
    };
    const loaderUrl = `${s.server.url}/widget.js`;
    expect((await mapOf(loaderUrl)).sources).toContain('../src/loader.ts');
    const chunk = (await (await fetch(loaderUrl)).text()).match(/"(chunks\/why-[A-Z0-9]+\.js)"/)![1]!;
    expect((await mapOf(`${s.server.url}/${chunk}`)).sources).toContain('../../src/prompts/why-chunk.ts');
  });

  it('the ES module API works like the tag, without a global', { timeout: 60_000 }, async () => {
    const { page, until, problems } = await s.open('esm');
    const events = await until(
      (e) => ofType(e, 'pageview').length === 1 && ofType(e, 'track').length === 1 && ofType(e, 'task').length === 1,
      'page view, track and task',
    );
    expect(ofType(events, 'task')[0]!.payload).toMatchObject({ name: 'signup', action: 'start' });
    expect(ofType(events, 'track')[0]!.payload.props).toEqual({ via: 'esm' });
    expect(ofType(events, 'pageview')[0]!.payload.release).toBe('esm-9f1c2ab');
    expect(await page.evaluate(() => typeof window.loupe)).toBe('undefined');
    await page.click('#live');
    await until((e) => ofType(e, 'click').length === 1, 'the click');
    await page.evaluate(() => window.esm.destroy());
    expect(await page.evaluate(() => /\[native code\]/.test(String(history.pushState)))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('the dev build explains misuse in the console; the production build stays silent', {
    timeout: 60_000,
  }, async () => {
    const warnings = async (name: string) => {
      const { page } = await s.open(name);
      const seen: string[] = [];
      page.on('console', (m: ConsoleMessage) => m.type() === 'warning' && seen.push(m.text()));
      await page.reload();
      await page.waitForFunction(() => (window.loupe as { loaded?: boolean } | undefined)?.loaded);
      await page.waitForTimeout(500);
      return seen.filter((t) => t.startsWith('[loupe]'));
    };
    const dev = await warnings('dev-build');
    expect(dev.join('\n')).toMatch(/unknown signal group "bogus"/);
    expect(dev.join('\n')).toMatch(/unknown command no-such-command/);
    expect(dev.join('\n')).toMatch(/track: the name must be/);
    expect(dev.join('\n')).toMatch(/task: needs a name and 'start', 'success' or 'fail'/);
    expect(dev.join('\n')).toMatch(/release must be a string of at most 64 characters/);
    expect(dev.join('\n')).toMatch(/identify: the customer id must be text or a number/);
    expect(dev.join('\n')).toMatch(/prop "nested" dropped/);
    expect(dev.join('\n')).toMatch(/data-loupe-traits is not JSON/);
    expect(await warnings('prod-misuse')).toEqual([]);
  });
});
