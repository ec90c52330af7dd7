import type { SiteWithSecret } from '@loupe/shared';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { startTestServer, type TestServer, type TestServerOptions } from '@loupe/scripts/testing';
import { launchChromium } from './browser.js';
import { type FixtureServer, startFixtureServer } from './fixture-server.js';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy.js';
import { type StoredEvent, storedEvents, waitFor } from './stored-events.js';

export interface CollectRequest {
  /** Wall-clock time the browser issued it (test process clock). */
  at: number;
  /** 'fetch' for the regular batches, 'ping' for navigator.sendBeacon. */
  resourceType: string;
  body: { key: string; sentAt?: number; events: { id: string; type: string; [k: string]: unknown }[] };
}

export interface Opened {
  page: Page;
  context: BrowserContext;
  /** Every POST to /v1/collect the page made, in order. */
  collects: CollectRequest[];
  /** Messages the page logged with console.error / uncaught exceptions (should stay empty). */
  problems: string[];
  /** Stored events of this page's visitor only (pages of earlier tests may still be sending). */
  mine(): Promise<StoredEvent[]>;
  /** Waits until this visitor's stored events satisfy `check`. */
  until(check: (events: StoredEvent[]) => boolean, what: string, timeoutMs?: number): Promise<StoredEvent[]>;
  /**
   * For pages on a paused fake clock: keeps advancing it by a batch interval while waiting, since
   * a batch that was in flight reschedules the next one on the (stopped) page clock.
   */
  flushUntil(check: (events: StoredEvent[]) => boolean, what: string): Promise<StoredEvent[]>;
  /**
   * Proves an absence without a fixed sleep: sends `loupe('track', <marker>)` and waits until the
   * server has stored it. The widget sends its queue in order, so whatever it emitted before the
   * marker is stored by then too, however slow the machine: what is missing was never sent.
   * Returns this visitor's events. (Needs `window.loupe` and consent to measure.)
   */
  marker(): Promise<StoredEvent[]>;
}

export interface OpenOptions {
  /** Script run in the page before any of its own (e.g. GPC, visibility stubs, a host onerror). */
  init?: string;
  /** Install Playwright's fake clock before the page loads (timers advance only when told). */
  clock?: boolean;
  /** Runs on the fresh context before the page loads (e.g. `context.route` to hold a chunk back). */
  before?: (context: BrowserContext) => Promise<unknown>;
}

export interface Scenario {
  server: TestServer;
  site: SiteWithSecret;
  fixtures: FixtureServer;
  /** Pages with `data-api="{{PROXY}}"` send through it: what really reached the network. */
  proxy: RecordingProxy;
  browser: Browser;
  open(page: string, options?: OpenOptions): Promise<Opened>;
  /** Everything the server committed for this scenario's site. */
  events(): StoredEvent[];
  /** Waits until the stored events satisfy `check` (returns them). */
  until(check: (events: StoredEvent[]) => boolean, what: string, timeoutMs?: number): Promise<StoredEvent[]>;
  close(): Promise<void>;
}

/**
 * A real Loupe server (built, child process, temp SQLite), a customer site on another origin
 * registered as allowed, and Chromium. Each `open` gets a fresh browser context (empty storage).
 */
export async function startScenario(options: TestServerOptions = {}): Promise<Scenario> {
  const server = await startTestServer(options);
  const proxy = await startRecordingProxy(server.url);
  const fill = { loupe: server.url, key: '', proxy: proxy.url };
  const fixtures = await startFixtureServer(fill);
  const site = await server.createSite({ name: 'Widget tests', origins: [fixtures.origin] });
  fill.key = site.publicKey;
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  const events = () => storedEvents(server.dbPath, site.siteId);
  return {
    server,
    site,
    fixtures,
    proxy,
    browser,
    events,
    until: (check, what, timeoutMs) =>
      waitFor(
        () => {
          const all = events();
          return check(all) && all;
        },
        what,
        timeoutMs,
      ),
    async open(name, opts = {}) {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      const collects: CollectRequest[] = [];
      const problems: string[] = [];
      page.on('request', (r: Request) => {
        if (!r.url().endsWith('/v1/collect') || r.method() !== 'POST') return;
        collects.push({ at: Date.now(), resourceType: r.resourceType(), body: JSON.parse(r.postData() || '{}') });
      });
      page.on('console', (m) => {
        if (
          m.type() === 'error' &&
          !/Failed to load resource|ERR_CONNECTION_REFUSED|status of 4\d\d|status of 5\d\d/.test(m.text())
        ) {
          problems.push(m.text());
        }
      });
      if (opts.clock) await page.clock.install();
      if (opts.init) await page.addInitScript(opts.init);
      await opts.before?.(context);
      await page.goto(`${fixtures.origin}/${name}`);
      let visitorId: string | undefined;
      let markers = 0;
      const visitor = async () =>
        (visitorId ??= await waitFor(() => page.evaluate(() => localStorage.getItem('loupe_v')), 'a visitor id'));
      const mine = async () => {
        const id = await visitor();
        return events().filter((e) => e.visitorId === id);
      };
      const until = (check: (all: StoredEvent[]) => boolean, what: string, timeoutMs?: number) =>
        waitFor(
          async () => {
            const all = await mine();
            return check(all) && all;
          },
          what,
          timeoutMs,
        );
      const flushUntil = (check: (all: StoredEvent[]) => boolean, what: string) =>
        waitFor(async () => {
          await page.clock.runFor(3_100);
          await new Promise((r) => setTimeout(r, 150)); // the network, in real time
          const all = await mine();
          return check(all) && all;
        }, what);
      return {
        page,
        context,
        collects,
        problems,
        mine,
        until,
        flushUntil: (check, what) => flushUntil(check, what),
        async marker() {
          const name = `marker-${++markers}`;
          await page.evaluate(
            (n) => (window as unknown as { loupe(...a: unknown[]): unknown }).loupe('track', n),
            name,
          );
          const stored = (all: StoredEvent[]) => all.some((e) => e.type === 'track' && e.trackName === name);
          const all = await (opts.clock ? flushUntil(stored, name) : until(stored, name));
          return all.filter((e) => !(e.type === 'track' && e.trackName?.startsWith('marker-')));
        },
      };
    },
    async close() {
      await Promise.all(contexts.map((c) => c.close().catch(() => {})));
      await browser.close().catch(() => {});
      await fixtures.close();
      await proxy.close();
      await server.dispose();
    },
  };
}

/** Events of one type (and click kind) from what the server stored. */
export const ofType = (events: StoredEvent[], type: string, kind?: string) =>
  events.filter((e) => e.type === type && (kind === undefined || e.clickKind === kind));
