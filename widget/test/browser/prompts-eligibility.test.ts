import type { PromptDefinitionInput, SiteWithSecret } from '@loupe/shared';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  blockRequests,
  configLoaded,
  loupe,
  promptFocused,
  promptHost,
  queueBeforeLoad,
  untilInPage,
  untilWhySays,
  useHarness,
  why,
} from '../support/prompts-harness.js';

// Eligibility in the real loader, in Chromium, against the real server: every targeting rule
// explained by loupe('why') and then satisfied, SPA route changes, frequency windows (with the
// page clock moved forward by days), on-demand display, offline answers and replayed displays.
// Each test has a site and browser contexts of its own and mostly waits (for the transport's
// flush behind each marker), so the suites run their tests at once; only the one that stops the
// server runs alone.

const h = useHarness();

const T = 60_000;
const DAY = 86_400_000;
const q = { en: { question: 'How likely are you to recommend us?' } };
const push = (page: Page, path: string) => page.evaluate((p) => history.pushState({}, '', p), path);

/**
 * No prompt, proved after the widget has decided rather than after a sleep: a marker the page
 * tracks re-checks every rule (the config is in by then), and is waited for in the stored events.
 * Right after that check the loader is not showing `id`, no prompt element is in the page, and the
 * widget's own display record of `id` (its frequency state) is older than this page, or than
 * `since` (page time) when the page showed it before.
 */
async function expectNoPrompt(page: Page, site: SiteWithSecret, id: string, since?: number): Promise<void> {
  const said = await h.marker(page, site, id);
  expect(said!.reasons).not.toContain('showing now');
  expect(await promptHost(page).count()).toBe(0);
  const shown = await page.evaluate(
    ([k, pid]) => {
      const st = JSON.parse(localStorage.getItem(`loupe_p_${k}`) || '{"p":{}}') as {
        p: Record<string, { s?: number }>;
      };
      return { at: st.p[pid]?.s ?? 0, pageStart: Date.now() - performance.now() };
    },
    [site.publicKey, id] as const,
  );
  expect(shown.at).toBeLessThan(since ?? shown.pageStart);
}

interface RuleCase {
  name: string;
  targeting: PromptDefinitionInput['targeting'];
  path: string;
  lang?: string;
  reason: RegExp;
  /** Makes the rule hold on the same page; or, with `revisit`, a second visit that satisfies it. */
  act?: (page: Page) => Promise<unknown>;
  revisit?: { path?: string; lang?: string; context?: BrowserContextOptions };
}

const phone: BrowserContextOptions = { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true };

const rules: RuleCase[] = [
  {
    name: 'URL include (prefix)',
    targeting: { include: [{ match: 'prefix', value: '/prompt-basic/shop' }] },
    path: '/prompt-basic/blog',
    reason: /^page \/prompt-basic\/blog not included$/,
    act: (p) => push(p, '/prompt-basic/shop/cart'),
  },
  {
    name: 'URL exclude beats include (wildcard, exact)',
    targeting: {
      include: [{ match: 'wildcard', value: '/prompt-basic/*' }],
      exclude: [{ match: 'exact', value: '/prompt-basic/admin' }],
    },
    path: '/prompt-basic/admin/',
    reason: /^page \/prompt-basic\/admin\/ excluded by exact \/prompt-basic\/admin$/,
    act: (p) => push(p, '/prompt-basic/home'),
  },
  {
    name: 'URL regex on path and query',
    targeting: { include: [{ match: 'regex', value: '^/prompt-basic/orders/\\d+\\?tab=help' }] },
    path: '/prompt-basic/orders/42',
    reason: /not included/,
    act: (p) => push(p, '/prompt-basic/orders/42?tab=help'),
  },
  {
    name: 'device class',
    targeting: { devices: ['mobile'] },
    path: '/prompt-basic/device',
    reason: /^device desktop not targeted$/,
    revisit: { context: phone },
  },
  {
    name: 'language',
    targeting: { languages: ['th'] },
    path: '/prompt-basic/lang',
    lang: 'en-GB',
    reason: /^language en-GB not targeted$/,
    revisit: { lang: 'th-TH' },
  },
  {
    name: 'minimum page views in the session',
    targeting: { minPageviews: 2 },
    path: '/prompt-basic/pv',
    reason: /^1 of 2 page views$/,
    act: (p) => push(p, '/prompt-basic/pv/2'),
  },
  {
    name: 'time on page',
    // 20 s, not less: proving no prompt yet takes a marker's round trip through the server, which
    // took more than 8 s of a loaded CI run (the prompt was showing by then).
    targeting: { timeOnPageSeconds: 20 },
    path: '/prompt-basic/time',
    reason: /^1?\d of 20 s on page$/,
    act: async () => {}, // just wait
  },
  {
    name: 'scroll depth',
    targeting: { scrollPercent: 60 },
    path: '/prompt-basic/scroll',
    reason: /^scrolled \d+ of 60%$/,
    act: (p) => p.evaluate(() => scrollTo(0, document.documentElement.scrollHeight)),
  },
  {
    name: 'exit intent (desktop)',
    targeting: { exitIntent: true },
    path: '/prompt-basic/exit',
    reason: /^waiting for exit intent$/,
    act: (p) =>
      p.evaluate(() =>
        document.documentElement.dispatchEvent(
          new MouseEvent('mouseout', { bubbles: true, clientY: -2, relatedTarget: null }),
        ),
      ),
  },
  {
    name: 'after a track event',
    targeting: { afterTrack: ['signup', 'upgrade'] },
    path: '/prompt-basic/track',
    reason: /^waiting for track signup, upgrade$/,
    act: (p) => loupe(p, 'track', 'upgrade', { plan: 'pro' }),
  },
  {
    name: 'after frustration: a rage click',
    targeting: { afterFrustration: true },
    path: '/prompt-basic/rage',
    reason: /^waiting for frustration$/,
    act: async (p) => {
      for (let i = 0; i < 4; i++) await p.click('#rage', { delay: 0 });
    },
  },
  {
    name: 'after frustration: a JavaScript error',
    targeting: { afterFrustration: true },
    path: '/prompt-basic/error',
    reason: /^waiting for frustration$/,
    act: (p) => p.evaluate(() => setTimeout(() => (null as unknown as { boom(): void }).boom())),
  },
];

describe.concurrent('each targeting rule: why() names it, and the prompt shows once it holds', () => {
  for (const r of rules) {
    it(
      r.name,
      async () => {
        const { site, prompts } = await h.site([{ name: r.name, kind: 'nps', texts: q, targeting: r.targeting }]);
        const id = prompts[0]!.id;
        const { page, context } = await h.open(r.path, { site, lang: r.lang });
        await configLoaded(page, id);
        const before = await why(page, id);
        expect(before.eligible).toBe(false);
        expect(before.reasons).toHaveLength(1);
        expect(before.reasons[0]).toMatch(r.reason);
        await expectNoPrompt(page, site, id);
        if (r.act) {
          await r.act(page);
          await promptHost(page).waitFor();
          expect((await why(page, id)).reasons).toEqual(['showing now']);
        } else {
          const second = await h.open(r.revisit!.path ?? r.path, {
            site,
            lang: r.revisit!.lang,
            context: r.revisit!.context,
          });
          await promptHost(second.page).waitFor();
          await second.context.close();
        }
        await context.close();
      },
      T,
    );
  }

  it(
    'a 0 % sample never shows, and why() says so',
    async () => {
      const { site, prompts } = await h.site([{ name: 's', kind: 'nps', texts: q, targeting: { samplePercent: 0 } }]);
      const { page, context } = await h.open('/prompt-basic/sample', { site });
      await configLoaded(page, prompts[0]!.id);
      expect((await why(page, prompts[0]!.id)).reasons).toEqual(['outside the 0% sample']);
      await expectNoPrompt(page, site, prompts[0]!.id);
      await context.close();
    },
    T,
  );
});

describe.concurrent('single-page apps', () => {
  it(
    'a route change cancels a pending delayed prompt; returning to a matching route starts it again',
    async () => {
      const { site, prompts } = await h.site([
        {
          name: 'spa',
          kind: 'nps',
          texts: q,
          targeting: { include: [{ match: 'exact', value: '/prompt-basic/checkout' }], delaySeconds: 30 },
        },
      ]);
      const id = prompts[0]!.id;
      // The page clock, so that "past the delay" is a jump of the clock, not a sleep. The clock
      // still runs on its own, so the delay is long enough that a slow machine cannot pass it first.
      const context = await h.browser.newContext();
      await context.clock.install();
      const { page } = await h.open('/prompt-basic/checkout', { site, reuse: context });
      await configLoaded(page, id);
      expect(await why(page, id)).toMatchObject({ eligible: true, reasons: ['eligible; shows after its 30 s delay'] });
      await push(page, '/prompt-basic/home');
      expect((await why(page, id)).reasons).toEqual(['page /prompt-basic/home not included']);
      await page.clock.runFor(31_000); // the delay's deadline, and every once-a-second re-check up to it, are past
      await expectNoPrompt(page, site, id);
      expect(h.query('SELECT 1 FROM events WHERE prompt_id = ?', id)).toHaveLength(0);

      await push(page, '/prompt-basic/checkout');
      await page.clock.runFor(31_000);
      await promptHost(page).waitFor();
      await context.close();
    },
    T,
  );

  it(
    'shows at most once per page load even across many route changes (never twice)',
    async () => {
      const { site, prompts } = await h.site([{ name: 'once', kind: 'ces', texts: { en: { question: 'Easy?' } } }]);
      const { page, context } = await h.open('/prompt-basic/a', { site });
      await promptFocused(page);
      await page.keyboard.press('Escape');
      await promptHost(page).waitFor({ state: 'detached' });
      for (const p of ['/prompt-basic/b', '/prompt-basic/c', '/prompt-basic/a']) await push(page, p);
      await page.reload();
      await configLoaded(page, prompts[0]!.id);
      await expectNoPrompt(page, site, prompts[0]!.id);
      expect((await why(page, prompts[0]!.id)).reasons).toContain('a prompt was shown this session');
      await context.close();
    },
    T,
  );
});

describe.concurrent('frequency, across visits (the page clock moved forward)', () => {
  /** A context whose clock we can move; pages opened later see the new date. */
  async function visitor(start: number) {
    const context = await h.browser.newContext();
    await context.clock.install({ time: start });
    return context;
  }

  it(
    'a second visit within the wait shows nothing; after it the prompt returns (recurring every 30 days)',
    async () => {
      const now = Date.now();
      const { site, prompts } = await h.site([
        { name: 'r', kind: 'nps', texts: q, frequency: { mode: 'recurring', everyDays: 30 } },
      ]);
      const id = prompts[0]!.id;
      const context = await visitor(now);
      const first = await h.open('/prompt-basic/r', { site, reuse: context });
      await promptFocused(first.page);
      await first.page.keyboard.press('Enter'); // answers 0
      await first.page.close();

      await context.clock.setSystemTime(now + 3 * DAY);
      const second = await h.open('/prompt-basic/r', { site, reuse: context });
      await configLoaded(second.page, id);
      const w = await why(second.page, id);
      expect(w.eligible).toBe(false);
      expect(w.reasons.join()).toMatch(/^answered .*; again after /);
      await expectNoPrompt(second.page, site, id);
      await second.page.close();

      await context.clock.setSystemTime(now + 31 * DAY);
      const third = await h.open('/prompt-basic/r', { site, reuse: context });
      await promptHost(third.page).waitFor();
      await context.close();
    },
    T,
  );

  it(
    'a dismissal has its own wait, longer than the global cooldown',
    async () => {
      const now = Date.now();
      const { site, prompts } = await h.site([
        { name: 'd', kind: 'csat', texts: q, frequency: { mode: 'until_answered', dismissWaitDays: 30 } },
      ]);
      const id = prompts[0]!.id;
      const context = await visitor(now);
      const first = await h.open('/prompt-basic/d', { site, reuse: context });
      await promptFocused(first.page);
      await first.page.keyboard.press('Escape');
      await promptHost(first.page).waitFor({ state: 'detached' });
      await first.page.close();

      await context.clock.setSystemTime(now + 20 * DAY); // past the 14-day cooldown, not the dismissal
      const second = await h.open('/prompt-basic/d', { site, reuse: context });
      await configLoaded(second.page, id);
      expect((await why(second.page, id)).reasons.join()).toMatch(/^dismissed .*; again after /);
      await expectNoPrompt(second.page, site, id);
      await second.page.close();

      await context.clock.setSystemTime(now + 31 * DAY);
      const third = await h.open('/prompt-basic/d', { site, reuse: context });
      await promptHost(third.page).waitFor();
      await context.close();
    },
    T,
  );

  it(
    'once means once',
    async () => {
      const now = Date.now();
      const { site, prompts } = await h.site([
        { name: 'o', kind: 'ces', texts: q, frequency: { mode: 'once', dismissWaitDays: 0 } },
      ]);
      const context = await visitor(now);
      const first = await h.open('/prompt-basic/o', { site, reuse: context });
      await promptFocused(first.page);
      await first.page.keyboard.press('Escape');
      await first.page.close();
      await context.clock.setSystemTime(now + 400 * DAY);
      const later = await h.open('/prompt-basic/o', { site, reuse: context });
      await configLoaded(later.page, prompts[0]!.id);
      expect((await why(later.page, prompts[0]!.id)).reasons.join()).toMatch(/^shown .*; never again$/);
      await expectNoPrompt(later.page, site, prompts[0]!.id);
      await context.close();
    },
    T,
  );

  it(
    'a global cooldown across prompts, and one prompt per session',
    async () => {
      const now = Date.now();
      const only = (value: string) => ({ include: [{ match: 'exact' as const, value }] });
      const { site, prompts } = await h.site(
        [
          { name: 'A', kind: 'nps', texts: q, targeting: only('/prompt-basic/a') },
          { name: 'B', kind: 'ces', texts: q, targeting: only('/prompt-basic/b') },
        ],
        10,
      );
      const b = prompts[1]!.id;
      const context = await visitor(now);
      const first = await h.open('/prompt-basic/a', { site, reuse: context });
      await promptFocused(first.page);
      await first.page.keyboard.press('Escape');
      await promptHost(first.page).waitFor({ state: 'detached' });
      await push(first.page, '/prompt-basic/b');
      const sameSession = (await why(first.page, b)).reasons;
      expect(sameSession).toContain('a prompt was shown this session');
      expect(sameSession.join()).toMatch(/global cooldown until/);
      await expectNoPrompt(first.page, site, b);
      await first.page.close();

      await context.clock.setSystemTime(now + 2 * DAY); // a new session, still cooling down
      const second = await h.open('/prompt-basic/b', { site, reuse: context });
      await configLoaded(second.page, b);
      const cooling = (await why(second.page, b)).reasons;
      expect(cooling).toHaveLength(1); // not the session rule any more
      expect(cooling[0]).toMatch(
        new RegExp(`^global cooldown until ${new Date(now + 10 * DAY).toISOString().slice(0, 10)}`),
      );
      await expectNoPrompt(second.page, site, b);
      await second.page.close();

      await context.clock.setSystemTime(now + 11 * DAY);
      const third = await h.open('/prompt-basic/b', { site, reuse: context });
      await promptHost(third.page).waitFor();
      await context.close();
    },
    T,
  );
});

describe.concurrent("loupe('show') and loupe('why')", () => {
  it(
    'shows on demand anywhere, respects an answer unless forced, and works when queued before load',
    async () => {
      const { site, prompts } = await h.site([
        { name: 'demand', kind: 'nps', texts: q, targeting: { include: [{ match: 'exact', value: '/nowhere' }] } },
      ]);
      const id = prompts[0]!.id;
      const context = await h.browser.newContext();
      await queueBeforeLoad(context, 'show', id);
      const { page } = await h.open('/prompt-basic/demand', { site, reuse: context });
      await promptFocused(page);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter'); // 10
      await page.keyboard.press('Escape');
      await promptHost(page).waitFor({ state: 'detached' });

      const before = await page.evaluate(() => Date.now());
      await loupe(page, 'show', id);
      await expectNoPrompt(page, site, id, before); // answered
      await loupe(page, 'show', id, { force: true });
      await promptHost(page).waitFor();

      expect(await why(page, 'pr_unknown')).toEqual({
        promptId: 'pr_unknown',
        eligible: false,
        reasons: ['no active prompt with this id (unknown, paused or deleted)'],
      });
      const all = (await loupe(page, 'why')) as { promptId: string }[];
      expect(all.map((w) => w.promptId)).toEqual([id]);
      await context.close();
    },
    T,
  );

  it(
    'why() downloads its sentences only when asked; if they cannot load it answers with the codes, never an error',
    async () => {
      const { site, prompts } = await h.site([
        { name: 'why', kind: 'nps', texts: q, targeting: { scrollPercent: 90, delaySeconds: 60 } },
      ]);
      const id = prompts[0]!.id;
      const context = await h.browser.newContext();
      const whyChunks: string[] = [];
      context.on('request', (r) => void (/\/chunks\/why-/.test(r.url()) && whyChunks.push(r.url())));
      // Not configLoaded(): it asks why(). The config's response instead, then a marker.
      const config = context.waitForEvent('response', (r) => r.url().includes('/v1/config?'));
      const { page } = await h.open('/prompt-basic/why', { site, reuse: context });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      expect((await config).ok()).toBe(true);
      await h.marker(page, site); // the rules have been checked by the time it is stored
      expect(whyChunks).toEqual([]); // eligibility itself never needs it
      expect(await why(page, id)).toEqual({
        promptId: id,
        eligible: false,
        reasons: [expect.stringMatching(/^scrolled \d+ of 90%$/)],
      });
      expect(whyChunks).toHaveLength(1);

      const blocked = await h.browser.newContext();
      await blocked.route('**/chunks/why-*.js', (route) => route.abort('blockedbyclient'));
      const second = await h.open('/prompt-basic/why', { site, reuse: blocked });
      second.page.on('pageerror', (e) => errors.push(e.message));
      await configLoaded(second.page, id); // its sentences cannot load: it waits on the codes
      // The same shape as the answer it stands in for: one prompt's input, not a list.
      expect(await loupe(second.page, 'why', id)).toEqual(
        expect.objectContaining({ id, gates: [['c', expect.any(Number)]] }),
      );
      expect(await loupe(second.page, 'why')).toEqual([expect.objectContaining({ id })]);
      expect(errors).toEqual([]);
      await context.close();
      await blocked.close();
    },
    T,
  );

  it(
    'destroy() removes an open prompt and every trace of it',
    async () => {
      const { site } = await h.site([{ name: 'destroy', kind: 'nps', texts: q }]);
      const { page, context } = await h.open('/prompt-basic/destroy', { site });
      await promptFocused(page);
      await loupe(page, 'destroy');
      expect(await promptHost(page).count()).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('start');
      expect(await page.evaluate(() => 'loupe' in window)).toBe(false);
      await context.close();
    },
    T,
  );

  it(
    'prompts still work when the browser asks not to be tracked (answers are explicit)',
    async () => {
      const { site, prompts } = await h.site([{ name: 'gpc', kind: 'csat', texts: q }]);
      const context = await h.browser.newContext();
      await context.addInitScript(() => Object.defineProperty(navigator, 'globalPrivacyControl', { value: true }));
      const { page } = await h.open('/prompt-basic/gpc', { site, reuse: context });
      await promptFocused(page);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      const rows = await h.responses(prompts[0]!.id);
      expect(rows[0]).toMatchObject({ score: 5, visitor_id: null });
      expect(h.query('SELECT 1 FROM events WHERE site_id = ? AND type = ?', site.siteId, 'pageview')).toHaveLength(0);
      await context.close();
    },
    T,
  );

  it(
    'a prompt chunk that cannot load is explained, not retried, and never reaches the page as an error',
    async () => {
      const { site, prompts } = await h.site([{ name: 'blocked', kind: 'nps', texts: q }]);
      const context = await h.browser.newContext();
      const requests = await blockRequests(context, '**/chunks/prompt-*.js');
      const errors: string[] = [];
      const { page } = await h.open('/prompt-basic/blocked', { site, reuse: context });
      page.on('pageerror', (e) => errors.push(e.message));
      await untilWhySays(page, prompts[0]!.id, 'the prompt UI failed to load');
      await h.marker(page, site); // the marker's re-check would have retried by then
      expect(requests()).toBe(1);
      expect(errors).toEqual([]);
      expect(await promptHost(page).count()).toBe(0);
      expect(h.query('SELECT 1 FROM events WHERE prompt_id = ?', prompts[0]!.id)).toHaveLength(0);
      await context.close();
    },
    T,
  );

  it(
    'a paused prompt leaves the config and is never shown',
    async () => {
      const { site, prompts } = await h.site([{ name: 'p', kind: 'nps', texts: q, status: 'paused' }]);
      const { page, context } = await h.open('/prompt-basic/paused', { site });
      await configLoaded(page, prompts[0]!.id);
      expect((await why(page, prompts[0]!.id)).reasons[0]).toMatch(/no active prompt/);
      await loupe(page, 'show', prompts[0]!.id);
      await expectNoPrompt(page, site, prompts[0]!.id);
      await context.close();
    },
    T,
  );
});

describe.concurrent('configLoaded, the wait these tests stand on', () => {
  it(
    'returns only once the config is in, with or without the why sentences, and never raises in the page',
    async () => {
      const { site, prompts } = await h.site([
        { name: 'wait', kind: 'nps', texts: q, targeting: { scrollPercent: 90 } },
      ]);
      const id = prompts[0]!.id;
      const errors: string[] = [];
      const visit = async (whyBlocked: boolean) => {
        const context = await h.browser.newContext();
        // The config held back a second: a wait that took the first answer would return while
        // why() still says it is loading.
        await context.route(
          (url) => url.pathname === '/v1/config',
          async (route) => {
            await new Promise((r) => setTimeout(r, 1_000));
            await route.continue();
          },
        );
        if (whyBlocked) await context.route('**/chunks/why-*.js', (route) => route.abort('blockedbyclient'));
        const { page } = await h.open('/prompt-basic/wait', { site, reuse: context });
        page.on('pageerror', (e) => errors.push(e.stack ?? e.message));
        // Once its download failed, the page fails every import of the why chunk at once: a check
        // that threw on the codes would throw in the page before Playwright listened for it.
        if (whyBlocked)
          await untilInPage(
            page,
            (pid) => (window as unknown as { loupe: (...a: unknown[]) => unknown }).loupe('why', pid),
            id,
            'the codes',
          );
        await configLoaded(page, id);
        const said = await loupe(page, 'why', id);
        await context.close();
        return said;
      };
      const [sentences, codes] = await Promise.all([visit(false), visit(true)]);
      expect(sentences).toEqual({
        promptId: id,
        eligible: false,
        reasons: [expect.stringMatching(/^scrolled \d+ of 90%$/)],
      });
      expect(codes).toEqual(expect.objectContaining({ id, gates: [['c', expect.any(Number)]] }));
      expect(errors).toEqual([]);
    },
    T,
  );
});

// Sequential: one test stops the server.
describe('answers on the wire', () => {
  it(
    'an answer given while the API is down survives reloads and is stored once it is back',
    async () => {
      const { site, prompts } = await h.site([{ name: 'off', kind: 'nps', texts: q }]);
      const id = prompts[0]!.id;
      const { page, context } = await h.open('/prompt-basic/offline', { site });
      await promptFocused(page);
      await h.server.stop(); // every request (fetch and the beacon on reload) now fails
      try {
        for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
        await page.keyboard.press('Enter'); // 8
        // The transport's persisted queue: a JSON array of serialized events.
        const queued = () =>
          page.evaluate(
            (k) => (JSON.parse(localStorage.getItem(`loupe_q_${k}`) || '[]') as string[]).join('\n'),
            site.publicKey,
          );
        await h.eventually(async () => (await queued()).includes('"type":"response"'), 'the answer in localStorage');
        await page.reload();
        await page.reload();
        expect(await queued()).toContain('"score":8');
        expect(h.query('SELECT 1 FROM responses WHERE prompt_id = ?', id)).toHaveLength(0);
      } finally {
        await h.server.start();
      }
      await page.reload();
      const rows = await h.eventually(() => {
        const r = h.storedResponses(id);
        return r.length && r;
      }, 'the stored answer');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.score).toBe(8);
      await configLoaded(page, id);
      expect((await why(page, id)).reasons.join()).toMatch(/^answered/); // never asked again
      await context.close();
    },
    T,
  );

  it(
    'a replayed display id never creates a second response; a later event of it merges',
    async () => {
      const { site, prompts } = await h.site([{ name: 'dup', kind: 'csat', texts: q }]);
      const id = prompts[0]!.id;
      const context = await h.browser.newContext();
      const bodies: string[] = [];
      await context.route(`${h.server.url}/v1/collect`, async (route) => {
        bodies.push(route.request().postData() || '');
        await route.continue();
      });
      const { page } = await h.open('/prompt-basic/dup', { site, reuse: context });
      await promptFocused(page);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter'); // 2
      const [row] = await h.eventually(() => {
        const r = h.storedResponses(id);
        return r.length && r;
      }, 'the response');
      const batch = JSON.parse(bodies.find((b) => b.includes('"type":"response"'))!) as {
        key: string;
        events: Record<string, unknown>[];
      };
      const response = batch.events.find((e) => e.type === 'response')!;
      expect(response.displayId).toBe(row!.display_id);

      const post = (events: Record<string, unknown>[]) =>
        fetch(`${h.server.url}/v1/collect`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', origin: h.origin },
          body: JSON.stringify({ key: batch.key, events }),
        });
      // The exact batch again (a retry), then new events of the same display: another score, a comment.
      // Later than the answer as stored: a batch that reached the server over a second after the
      // widget sent it (a loaded CI run) is stored shifted by that delay, taken for clock skew
      // (prepare-events.ts), and events a millisecond after the widget's own time lost to it.
      const after = Math.max(Number(response.ts), row!.updated_at);
      expect((await post(batch.events)).status).toBe(202);
      expect((await post([{ ...response, id: crypto.randomUUID(), ts: after + 1, score: 5 }])).status).toBe(202);
      expect(
        (await post([{ ...response, id: crypto.randomUUID(), ts: after + 2, score: 5, comment: 'ok' }])).status,
      ).toBe(202);

      const rows = await h.eventually(() => {
        const r = h.storedResponses(id);
        return r[0]?.comment && r;
      }, 'the merged comment');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ display_id: row!.display_id, score: 5, comment: 'ok' });
      await context.close();
    },
    T,
  );
});
