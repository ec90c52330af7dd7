import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  blockRequests,
  configLoaded,
  loupe,
  promptHost,
  queueBeforeLoad,
  untilWhySays,
  useHarness,
  why,
} from '../support/prompts-harness.js';

// Prompt eligibility is a chunk of its own (src/prompts/rules-chunk.ts), which the loader imports
// only when the site's config lists an active prompt: a site without prompts never downloads it,
// a chunk that cannot load stays out of the page, and a prompted visitor waits for it once.

const h = useHarness();

const T = 60_000;
const q = { en: { question: 'How likely are you to recommend us?' } };
const RULES = /\/chunks\/rules-[A-Z0-9]+\.js$/;

/** When (page time, ms) the page's requests for these files started and ended: Resource Timing's. */
const timings = (page: Page) =>
  page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => ({
      name: e.name,
      start: e.startTime,
      end: (e as PerformanceResourceTiming).responseEnd,
    })),
  );

const figures: string[] = [];
afterAll(() => console.log(`FIGURE rules-chunk wait: ${figures.join('; ')}`));

describe.concurrent('the rules chunk', () => {
  it(
    'a site without active prompts never downloads it, and why() says there is no such prompt',
    async () => {
      const { site, prompts } = await h.site([{ name: 'off', kind: 'nps', texts: q, status: 'paused' }]);
      const context = await h.browser.newContext();
      const rules: string[] = [];
      context.on('request', (r) => void (RULES.test(r.url()) && rules.push(r.url())));
      const { page } = await h.open('/prompt-basic/none', { site, reuse: context });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // No longer 'config not loaded': the loader has decided, in the same task, not to import it.
      await configLoaded(page, prompts[0]!.id);
      expect((await why(page, prompts[0]!.id)).reasons).toEqual([
        'no active prompt with this id (unknown, paused or deleted)',
      ]);
      expect(await loupe(page, 'why')).toEqual([]);
      await loupe(page, 'show', prompts[0]!.id);
      await h.marker(page, site);
      expect(rules).toEqual([]);
      expect(await promptHost(page).count()).toBe(0);
      expect(errors).toEqual([]);

      // The control: with an active prompt the same page downloads it, once.
      const active = await h.site([{ name: 'on', kind: 'nps', texts: q }]);
      const { page: prompted } = await h.open('/prompt-basic/one', { site: active.site, reuse: context });
      await promptHost(prompted).waitFor();
      expect(rules).toHaveLength(1);
      await context.close();
    },
    T,
  );

  it(
    'what happens before it arrives still counts: a track call while it downloads shows the prompt',
    async () => {
      const { site, prompts } = await h.site([
        { name: 'after', kind: 'nps', texts: q, targeting: { afterTrack: ['signup'] } },
      ]);
      const context = await h.browser.newContext();
      // The rules chunk is held until the page has tracked: the loader must keep the call for it.
      let asked!: () => void;
      const requested = new Promise<void>((r) => (asked = r));
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      await context.route(RULES, async (route) => {
        asked();
        await released;
        await route.continue();
      });
      const { page } = await h.open('/prompt-basic/early', { site, reuse: context });
      await requested;
      expect((await why(page, prompts[0]!.id)).reasons).toEqual(['config not loaded yet']);
      await loupe(page, 'track', 'signup');
      release();
      await promptHost(page).waitFor();
      await context.close();
    },
    T,
  );

  it(
    'one that cannot load is explained, shows nothing, and never reaches the page as an error',
    async () => {
      const { site, prompts } = await h.site([{ name: 'blocked', kind: 'nps', texts: q }]);
      const id = prompts[0]!.id;
      const context = await h.browser.newContext();
      const requests = await blockRequests(context, RULES);
      const errors: string[] = [];
      // Queued before the script loads: a show waiting for the rules that never come.
      await queueBeforeLoad(context, 'show', id);
      const { page } = await h.open('/prompt-basic/blocked-rules', { site, reuse: context });
      page.on('pageerror', (e) => errors.push(e.message));
      await untilWhySays(page, id, 'the prompt rules failed to load');
      await loupe(page, 'show', id);
      await loupe(page, 'track', 'signup');
      await h.marker(page, site);
      expect(requests()).toBe(1);
      expect(errors).toEqual([]);
      expect(await promptHost(page).count()).toBe(0);
      expect(h.query('SELECT 1 FROM events WHERE prompt_id = ?', id)).toHaveLength(0);
      // The rest of the widget works on: the page's events are stored.
      expect(
        h.query(
          'SELECT 1 FROM events WHERE site_id = ? AND type = ? AND track_name = ?',
          site.siteId,
          'track',
          'signup',
        ),
      ).toHaveLength(1);
      await context.close();
    },
    T,
  );

  it(
    "what it adds before the first prompt: one request after the config's, then from the cache",
    async () => {
      const { site } = await h.site([{ name: 'first', kind: 'nps', texts: q }]);
      const waits: Record<string, number[]> = { 'first page': [], 'later page': [] };
      /** Shows the prompt to a new visitor; how the rules chunk came (network or cache) and the wait. */
      const visit = async (context: BrowserContext, label: string) => {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        // 100 ms each way, as for a visitor far from the server (on localhost a request costs nothing).
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 100,
          downloadThroughput: -1,
          uploadThroughput: -1,
        });
        const ids = new Set<string>();
        let network = 0;
        let cached = 0;
        cdp.on('Network.requestWillBeSent', (e) => void (RULES.test(e.request.url) && ids.add(e.requestId)));
        cdp.on('Network.requestServedFromCache', (e) => void (ids.has(e.requestId) && cached++));
        cdp.on('Network.responseReceived', (e) => {
          if (RULES.test(e.response.url)) {
            if (e.response.fromDiskCache) cached++;
            else network++;
          }
        });
        await page.goto(`${h.origin}/prompt-basic/${label.replace(' ', '-')}`);
        await promptHost(page).waitFor();
        const all = await timings(page);
        const config = all.find((e) => e.name.includes('/v1/config?'))!;
        const chunk = all.find((e) => /\/chunks\/prompt-/.test(e.name))!;
        // The rules asked for the UI only after the config arrived (and their own file did).
        expect(chunk.start).toBeGreaterThanOrEqual(config.end);
        waits[label]!.push(chunk.start - config.end);
        // A new visitor again for the next visit (one prompt per session), with this browser's cache.
        await page.evaluate(() => localStorage.clear());
        await page.close();
        return { network, cached };
      };
      for (let run = 0; run < 3; run++) {
        const context = await h.browser.newContext();
        await context.addCookies([{ name: 'k', value: site.publicKey, url: h.origin }]);
        expect(await visit(context, 'first page')).toEqual({ network: 1, cached: 0 });
        // Immutable: a later page takes it from the cache, without a request.
        expect(await visit(context, 'later page')).toEqual({ network: 0, cached: 1 });
        await context.close();
      }
      const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[xs.length >> 1]!);
      for (const [label, xs] of Object.entries(waits))
        figures.push(`${label}: config end → prompt chunk asked, median of 3: ${median(xs)} ms`);
    },
    T,
  );
});
