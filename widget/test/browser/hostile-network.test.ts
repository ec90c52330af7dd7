import fc from 'fast-check';
import type { BrowserContext, Page, Request, Route } from 'playwright-core';
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

/**
 * Inserts the widget's script tag with these data-* attributes into the blank fixture page, and
 * resolves once it has run (its load or error event).
 */
async function embed(page: Page, attrs: Record<string, string>): Promise<void> {
  await page.evaluate(
    ({ src, attrs: a }) =>
      new Promise((done) => {
        const s = document.createElement('script');
        s.async = true;
        s.src = src;
        for (const [k, v] of Object.entries(a)) s.setAttribute(`data-${k}`, v);
        s.onload = s.onerror = done;
        document.head.append(s);
      }),
    { src: `${h.server.url}/widget.js`, attrs },
  );
}

/**
 * Every request the page has started, counted from here: `settled()` resolves once none is in
 * flight, and then a task of the page has run, so the widget has handled each answer.
 */
function requestsOf(page: Page) {
  const open = new Set<Request>();
  const idle: (() => void)[] = [];
  const end = (r: Request) => {
    if (open.delete(r) && !open.size) for (const f of idle.splice(0)) f();
  };
  page.on('request', (r) => void open.add(r));
  page.on('requestfinished', end);
  page.on('requestfailed', end);
  return {
    async settled() {
      if (open.size) await new Promise<void>((r) => idle.push(r));
      await page.evaluate(() => new Promise((r) => setTimeout(r)));
    },
  };
}

/** `promise`, or a clear error when it takes longer than `ms` (a wait for a marker that never came). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
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
      await expect.poll(() => errors.length).toBe(2);
      expect(errors).toEqual(['unhandled', 'uncaught']);
      await context.close();
    },
    T,
  );

  it('fuzzed init attributes', async () => {
    const { site } = await h.site([{ name: 'n', kind: 'nps', texts: { en: { question: 'Q?' } } }]);
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
    // Four visitors at once, each with its own context and every fourth sample in order (their
    // storage carries from one sample to the next, as one visitor's would).
    const lanes = 4;
    const visitor = async (lane: number) => {
      const context = await h.browser.newContext();
      for (let i = lane; i < samples.length; i += lanes) {
        const attrs = Object.fromEntries(Object.entries(samples[i]!).filter(([, v]) => v !== undefined)) as Record<
          string,
          string
        >;
        const { page } = await h.open('/prompt-hostile-blank/x', { site, reuse: context });
        const errors = collectPageErrors(page);
        const requests = requestsOf(page);
        await embed(page, attrs);
        // Even a broken embed leaves the page's own API usable. The widget starts a task after its
        // script ran; why() answers once its chunk has loaded (or failed to).
        await page.evaluate(async () => {
          const l = (window as unknown as { loupe?: (...a: unknown[]) => unknown }).loupe;
          if (typeof l === 'function') {
            l('track', 'x', { a: 1 });
            const said = l('why', 'nope');
            l('optOut');
            l('bogus-command', null);
            await said;
          }
        });
        // The marker: every request the page made (the config, the chunk) has been answered and handled.
        await within(requests.settled(), 20_000, `the page's requests to end (${JSON.stringify(attrs).slice(0, 200)})`);
        figure.cases++;
        figure.uncaught += errors.length;
        expect(errors, JSON.stringify(attrs).slice(0, 300)).toEqual([]);
        await page.close();
      }
      await context.close();
    };
    await Promise.all(Array.from({ length: lanes }, (_, lane) => visitor(lane)));
  }, 180_000);

  /** Ways the API can answer badly; `hold` never answers (a timeout, as far as the widget knows). */
  type Answer = { status: number; body: string; type: string } | 'hold' | 'abort';
  const held: Route[] = [];
  /**
   * Routes the context's config and collect requests to these answers. `given` resolves once each
   * was answered (or held).
   */
  async function withAnswers(context: BrowserContext, config: Answer, collect: Answer) {
    const route = async (url: string, a: Answer) => {
      let given!: () => void;
      const done = new Promise<void>((r) => {
        given = r;
      });
      await context.route(url, async (r: Route) => {
        if (a === 'hold') held.push(r);
        else if (a === 'abort') await r.abort('connectionreset');
        else await r.fulfill({ status: a.status, body: a.body, contentType: a.type });
        given();
      });
      return { done }; // not the promise itself: awaiting route() must not wait for the answer
    };
    const answers = [
      await route(`${h.server.url}/v1/config**`, config),
      await route(`${h.server.url}/v1/collect**`, collect),
    ];
    return { given: Promise.all(answers.map((a) => a.done)) };
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
    // Every case in a context of its own, all at once: each waits for the transport's flush.
    const outcomes = await Promise.all(
      Object.entries(configs).map(async ([label, answer], i) => {
        const collectLabel = collectNames[i % collectNames.length]!;
        const context = await h.browser.newContext();
        const answers = await withAnswers(context, answer, collects[collectLabel]!);
        const { page } = await h.open('/prompt-basic/x', { site, reuse: context });
        const errors = collectPageErrors(page);
        // Signals that make the widget send (clicks, a track call) while the API misbehaves.
        await page.click('#start');
        await page.evaluate(() => (window as unknown as { loupe: (...a: unknown[]) => void }).loupe('track', 'signup'));
        // The markers: the config was answered (or held), and the transport's flush got its answer
        // (or is held); then why() downloads its chunk, a round trip after both, so the widget
        // has handled them.
        await within(answers.given, 30_000, `both answers (config ${label}, collect ${collectLabel})`);
        await page.evaluate(() => (window as unknown as { loupe: (...a: unknown[]) => unknown }).loupe('why'));
        await context.close();
        return { label, collectLabel, errors };
      }),
    );
    for (const { label, collectLabel, errors } of outcomes) {
      figure.cases++;
      figure.uncaught += errors.length;
      expect(errors, `config ${label}, collect ${collectLabel}`).toEqual([]);
    }
    // The same site with honest answers shows its prompt: the breakage above was the API's only.
    const { page, context } = await h.open('/prompt-basic/x', { site });
    await promptHost(page).waitFor();
    expect(prompts).toHaveLength(1);
    await context.close();
    for (const r of held.splice(0)) await r.abort().catch(() => {});
  }, 240_000);
});

/** The transport's persisted queue of this site key, as one string. */
function queued(page: Page, key: string): Promise<string> {
  return page.evaluate((k) => (JSON.parse(localStorage.getItem(`loupe_q_${k}`) || '[]') as string[]).join('\n'), key);
}

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

describe.concurrent('offline, then back', () => {
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
        // Offline the transport sends nothing; the marker: the answer with its comment is in the
        // persisted queue, which outlives reloads.
        await h.eventually(
          async () => (await queued(page, site.publicKey)).includes('"comment":"Answered offline"'),
          'the answer in the persisted queue',
        );
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
        // Extra flushes, a second reload: nothing may be stored twice. The marker: a track call
        // after the reload, stored once everything queued before it is.
        await page.reload();
        await h.marker(page, site);
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
