import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_AUDIT } from '../support/page-audit.js';
import { ofType, type Scenario, startScenario } from '../support/scenario.js';

interface Audit {
  props: Record<string, string>;
  timers: Record<string, number>;
  observers: number;
  html: string;
}
declare const window: Window & {
  __audit(): Audit;
  insertLoupe(attrs?: Record<string, string>): HTMLScriptElement;
  loupe?: (command: string, ...args: unknown[]) => unknown;
};

/** Every event listener on window, document and all nodes, as DevTools lists them. */
async function listeners(cdp: CDPSession): Promise<string[]> {
  const out: string[] = [];
  for (const expression of ['window', 'document']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    const { listeners: found } = await cdp.send('DOMDebugger.getEventListeners', {
      objectId: result.objectId!,
      depth: -1,
      pierce: true,
    });
    for (const l of found) out.push(`${expression}:${l.type}:${l.useCapture}:${l.backendNodeId ?? ''}`);
  }
  return out.sort();
}

const settle = (page: Page) => page.waitForTimeout(300);

describe('a good guest on the host page (real Chromium, real server)', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  }, 60_000);
  afterAll(async () => s?.close());

  it('destroy() removes every listener, timer, observer, patch and global it added (the Web Vitals code included)', {
    timeout: 90_000,
  }, async () => {
    const { page, until } = await s.open('late-loader', { init: PAGE_AUDIT });
    const cdp = await page.context().newCDPSession(page);
    await page.waitForLoadState('load');
    await settle(page);
    const before = await page.evaluate(() => window.__audit());
    const listenersBefore = await listeners(cdp);

    await page.evaluate(() => window.insertLoupe());
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    // The page had loaded: the Web Vitals started with the signals, before the page view was sent.
    // Exercise everything that adds state: a dead-click watch, a rage burst, SPA navigation.
    await page.click('[data-testid="dead-button"]');
    await page.click('#live', { clickCount: 1 });
    await page.evaluate(() => history.pushState({}, '', '/late-loader/next'));
    await page.mouse.wheel(0, 500);
    await settle(page);
    const during = await page.evaluate(() => window.__audit());
    expect(during.observers).toBeGreaterThan(0); // the Web Vitals code's PerformanceObservers at least
    expect((await listeners(cdp)).length).toBeGreaterThan(listenersBefore.length);
    // While running, the only changes to any watched object: the global and the history patch.
    const changed = Object.keys(during.props).filter((k) => during.props[k] !== before.props[k]);
    expect(changed.sort()).toEqual(['history.pushState', 'history.replaceState', 'window.loupe']);

    await page.evaluate(() => window.loupe!('destroy'));
    await settle(page);
    await page.evaluate(() => (document.querySelector('#live')!.textContent = 'Live')); // the host's own change
    const after = await page.evaluate(() => window.__audit());
    expect(after.props).toEqual(before.props);
    expect(await listeners(cdp)).toEqual(listenersBefore);
    expect(after.observers).toBe(before.observers);
    expect(after.timers).toEqual(before.timers);
    expect(after.html.replace(/<script async="" src="[^"]+widget\.js" data-key="[^"]+"><\/script>/, '')).toBe(
      before.html,
    );
    expect(
      await page.evaluate(() =>
        [history.pushState, history.replaceState].every((f) => /\[native code\]/.test(String(f))),
      ),
    ).toBe(true);
    // Nothing fires any more: clicks and navigation after destroy send nothing.
    const stored = (await s.events()).length;
    await page.click('#live');
    await page.evaluate(() => history.pushState({}, '', '/late-loader/after'));
    await page.waitForTimeout(3500);
    expect(s.events().length).toBe(stored);
  });

  it('destroy() right after a back/forward cache restore leaves none of the frames the restore asked for', {
    timeout: 60_000,
  }, async () => {
    const { page, until } = await s.open('late-loader', { init: PAGE_AUDIT });
    await page.waitForLoadState('load');
    await settle(page);
    const before = await page.evaluate(() => window.__audit());
    await page.evaluate(() => window.insertLoupe());
    // FCP reported: its restore handler is registered, beside LCP's.
    await until((e) => ofType(e, 'vital').some((v) => v.vitalName === 'FCP'), 'FCP');
    const [restored, after] = await page.evaluate(() => {
      const requested = window.__audit().timers.frame!;
      // A restore measures FCP and LCP again after the next paint: two chains of frames at once.
      dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
      const pending = window.__audit().timers.frame! - requested;
      window.loupe!('destroy');
      return [pending, window.__audit().timers.frame!];
    });
    expect(restored).toBe(2);
    expect(after).toBe(before.timers.frame);
  });

  it('installs its global at once but starts only after the document is interactive', { timeout: 60_000 }, async () => {
    const { page, until } = await s.open('interactive');
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    const whileLoading = await page.evaluate(() => (window as unknown as { whileLoading: object }).whileLoading);
    expect(whileLoading).toEqual({ readyState: 'loading', global: 'function', historyPatched: false });
    expect(await page.evaluate(() => /\[native code\]/.test(String(history.pushState)))).toBe(false);
  });

  it('installs exactly one global, even when the snippet is included twice', { timeout: 60_000 }, async () => {
    const { page, until, marker } = await s.open('late-loader', { init: PAGE_AUDIT });
    await page.waitForLoadState('load');
    const before = await page.evaluate(() => window.__audit());
    await page.evaluate(() => {
      window.insertLoupe();
      window.insertLoupe(); // a second copy of the snippet stays inert
    });
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    const events = await marker(); // a second copy's page view would be stored before it
    const after = await page.evaluate(() => window.__audit());
    const added = Object.keys(after.props).filter((k) => !(k in before.props));
    expect(added.sort()).toEqual(['history.pushState', 'history.replaceState', 'window.loupe']);
    expect(ofType(events, 'pageview')).toHaveLength(1); // not two: the second copy did nothing
  });
});
