import fc from 'fast-check';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors } from '../support/hostile-page-state.js';
import { promptHost, startHarness, type Harness, type ResponseRow } from '../support/prompts-harness.js';

// In real Chromium against the real server: the widget never throws
// (fuzzed init attributes, broken or huge prompt configs, server answers that are HTML, 500s,
// timeouts or truncated JSON), and an answer given offline is stored exactly once when the network
// comes back, also across a reload.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h?.close());

const T = 90_000;
const figure = { cases: 0, uncaught: 0 };
afterAll(() => console.log(`FIGURE widget-never-throws: cases=${figure.cases}, uncaught-errors=${figure.uncaught}`));

const hostileString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'pk_',
    'sk_live_x',
    '"><img src=x onerror=alert(1)>',
    'javascript:alert(1)',
    '//evil.example',
    'http://',
    'data:text/html,x',
    'clicks vitals errors nonsense,,',
    'hash',
    'false',
    'x'.repeat(100_000),
    '\u0000\uD800',
    '__proto__',
  ),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

/** Inserts the widget's script tag with these data-* attributes into the blank fixture page. */
async function embed(page: Page, attrs: Record<string, string>): Promise<void> {
  await page.evaluate(
    ({ src, attrs: a }) => {
      const s = document.createElement('script');
      s.async = true;
      s.src = src;
      for (const [k, v] of Object.entries(a)) s.setAttribute(`data-${k}`, v);
      document.head.append(s);
    },
    { src: `${h.server.url}/widget.js`, attrs },
  );
}

async function settle(page: Page, ms = 1_500) {
  await page.waitForTimeout(ms);
}

describe('never throws', () => {
  it(
    'control: an uncaught error in the page is seen (the checks below can fail)',
    async () => {
      const { site } = await h.site([]);
      const { page, context } = await h.open('/prompt-hostile-blank/x', { site });
      const errors = collectPageErrors(page);
      await page.evaluate(() => setTimeout(() => Promise.reject(new Error('unhandled'))));
      await page.evaluate(() =>
        setTimeout(() => {
          throw new Error('uncaught');
        }),
      );
      await page.waitForTimeout(300);
      expect(errors).toEqual(['unhandled', 'uncaught']);
      await context.close();
    },
    T,
  );

  it('fuzzed init attributes', async () => {
    const { site } = await h.site([{ name: 'n', kind: 'nps', texts: { en: { question: 'Q?' } } }]);
    const context = await h.browser.newContext();
    const samples = fc.sample(
      fc.record({
        key: fc.oneof(fc.constant(site.publicKey), hostileString),
        api: fc.option(hostileString, { nil: undefined }),
        lang: fc.option(hostileString, { nil: undefined }),
        disable: fc.option(hostileString, { nil: undefined }),
        routing: fc.option(hostileString, { nil: undefined }),
        'ignore-dnt': fc.option(hostileString, { nil: undefined }),
        nonce: fc.option(hostileString, { nil: undefined }),
      }),
      { numRuns: 16, seed: 42 },
    );
    for (const s of samples) {
      const attrs = Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as Record<string, string>;
      const { page } = await h.open('/prompt-hostile-blank/x', { site, reuse: context });
      const errors = collectPageErrors(page);
      await embed(page, attrs);
      await settle(page, 700);
      // Even a broken embed leaves the page's own API usable.
      await page.evaluate(() => {
        const l = (window as unknown as { loupe?: (...a: unknown[]) => unknown }).loupe;
        if (typeof l === 'function') {
          l('track', 'x', { a: 1 });
          l('why', 'nope');
          l('optOut');
          l('bogus-command', null);
        }
      });
      await settle(page, 300);
      figure.cases++;
      figure.uncaught += errors.length;
      expect(errors, JSON.stringify(attrs).slice(0, 300)).toEqual([]);
      await page.close();
    }
    await context.close();
  }, 180_000);

  /** Ways the API can answer badly; `hold` never answers (a timeout, as far as the widget knows). */
  type Answer = { status: number; body: string; type: string } | 'hold' | 'abort';
  const held: Route[] = [];
  async function withAnswers(context: BrowserContext, config: Answer, collect: Answer) {
    const handle = (a: Answer) => async (route: Route) => {
      if (a === 'hold') held.push(route);
      else if (a === 'abort') await route.abort('connectionreset');
      else await route.fulfill({ status: a.status, body: a.body, contentType: a.type });
    };
    await context.route(`${h.server.url}/v1/config**`, handle(config));
    await context.route(`${h.server.url}/v1/collect**`, handle(collect));
  }

  it('server answers that are HTML, 500s, timeouts, truncated JSON, broken or huge configs', async () => {
    const { site, prompts } = await h.site([
      {
        name: 'n',
        kind: 'nps',
        texts: { en: { question: 'Q?', followUp: { default: 'Why?' } } },
        targeting: { delaySeconds: 1 },
      },
    ]);
    const real = await (await fetch(`${h.server.url}/v1/config?key=${site.publicKey}`)).text();
    const cfg = JSON.parse(real) as Record<string, unknown> & { prompts: Record<string, unknown>[] };
    const p0 = cfg.prompts[0]!;
    const json = (body: unknown, status = 200): Answer => ({
      status,
      body: JSON.stringify(body),
      type: 'application/json',
    });
    const html: Answer = { status: 200, body: '<!doctype html><h1>Bad gateway</h1>', type: 'text/html' };
    const configs: Record<string, Answer> = {
      html,
      '500 problem': json({ status: 500, code: 'internal' }, 500),
      '502 html': { status: 502, body: '<html>nginx</html>', type: 'text/html' },
      'truncated JSON': { status: 200, body: real.slice(0, Math.floor(real.length / 2)), type: 'application/json' },
      timeout: 'hold',
      'connection reset': 'abort',
      'prompts not an array': json({ ...cfg, prompts: 'nope' }),
      'prompt without texts': json({ ...cfg, prompts: [{ ...p0, texts: undefined }] }),
      'unknown kind and null fields': json({
        ...cfg,
        prompts: [{ ...p0, kind: 'bogus', targeting: null, frequency: 42 }],
      }),
      'huge: 2000 prompts with 10k-char questions': json({
        ...cfg,
        prompts: Array.from({ length: 2000 }, (_, i) => ({
          ...p0,
          id: `p${i}`,
          texts: { en: { question: 'Q'.repeat(10_000) } },
        })),
      }),
      'deeply nested': {
        status: 200,
        body: `{"prompts":[${'['.repeat(5000)}${']'.repeat(5000)}]}`,
        type: 'application/json',
      },
      null: json(null),
    };
    const collects: Record<string, Answer> = {
      html,
      '500': json({}, 500),
      truncated: { status: 202, body: '{"accepted":', type: 'application/json' },
      timeout: 'hold',
      reset: 'abort',
    };
    const collectNames = Object.keys(collects);
    let i = 0;
    for (const [label, answer] of Object.entries(configs)) {
      const collectLabel = collectNames[i++ % collectNames.length]!;
      const context = await h.browser.newContext();
      await withAnswers(context, answer, collects[collectLabel]!);
      const { page } = await h.open('/prompt-basic/x', { site, reuse: context });
      const errors = collectPageErrors(page);
      // Signals that make the widget send (clicks, a track call) while the API misbehaves.
      await page.click('#start');
      await page.evaluate(() => (window as unknown as { loupe: (...a: unknown[]) => void }).loupe('track', 'signup'));
      await settle(page, 3_500);
      figure.cases++;
      figure.uncaught += errors.length;
      expect(errors, `config ${label}, collect ${collectLabel}`).toEqual([]);
      await context.close();
    }
    // The same site with honest answers shows its prompt: the breakage above was the API's only.
    const { page, context } = await h.open('/prompt-basic/x', { site });
    await promptHost(page).waitFor();
    expect(prompts).toHaveLength(1);
    await context.close();
    for (const r of held.splice(0)) await r.abort().catch(() => {});
  }, 240_000);
});

async function answerWithComment(page: Page, score: number, comment: string) {
  await promptHost(page).waitFor();
  await page.evaluate(
    (n) =>
      (document.querySelector('loupe-prompt')!.shadowRoot!.querySelectorAll('[role=radio]')[n] as HTMLElement).click(),
    score,
  );
  await page.waitForFunction(() => !!document.querySelector('loupe-prompt')!.shadowRoot!.querySelector('textarea'));
  await page.evaluate(() => document.querySelector('loupe-prompt')!.shadowRoot!.querySelector('textarea')!.focus());
  await page.keyboard.insertText(comment);
  await page.keyboard.press('Control+Enter');
}

describe('offline, then back', () => {
  const results: string[] = [];
  afterAll(() => console.log(`FIGURE offline: ${results.join('; ')}`));

  for (const reload of [false, true]) {
    it(
      `stores the answer exactly once${reload ? ' across a reload' : ''}`,
      async () => {
        const { site, prompts } = await h.site([
          {
            name: 'o',
            kind: 'nps',
            texts: { en: { question: 'Offline?', followUp: { default: 'Why?' } } },
            targeting: { delaySeconds: 1 },
          },
        ]);
        const { page, context } = await h.open('/prompt-basic/x', { site });
        const errors = collectPageErrors(page);
        await promptHost(page).waitFor();
        await context.setOffline(true);
        await answerWithComment(page, 6, 'Answered offline');
        // Signals fire while offline too: rage clicks, a track call.
        for (let k = 0; k < 4; k++) await page.click('#rage');
        await page.evaluate(() =>
          (window as unknown as { loupe: (...a: unknown[]) => void }).loupe('track', 'offline-step'),
        );
        // A few flush attempts fail while offline (the transport flushes every 3 s).
        await page.waitForTimeout(4_000);
        expect(h.query('SELECT * FROM responses WHERE prompt_id = ?', prompts[0]!.id)).toEqual([]);
        await context.setOffline(false);
        if (reload) await page.reload();
        const rows = await h.eventually(
          () => {
            const x = h.query<ResponseRow>('SELECT * FROM responses WHERE prompt_id = ?', prompts[0]!.id);
            return x[0]?.comment && x;
          },
          'the answer, once online',
          30_000,
        );
        // Extra flushes, a second reload: nothing may be stored twice.
        await page.reload();
        await page.waitForTimeout(4_000);
        const final = h.query<ResponseRow>('SELECT * FROM responses WHERE prompt_id = ?', prompts[0]!.id);
        const answerEvents = h.query<{ n: number }>(
          "SELECT count(*) AS n FROM events WHERE type = 'response' AND site_id = ?",
          site.siteId,
        )[0]!.n;
        results.push(
          `${reload ? 'with reload' : 'same page'}: responses=${final.length} response-events=${answerEvents} uncaught=${errors.length}`,
        );
        expect(rows[0]).toMatchObject({ score: 6, comment: 'Answered offline' });
        expect(final).toHaveLength(1);
        expect(errors).toEqual([]);
        await context.close();
      },
      T,
    );
  }
});
