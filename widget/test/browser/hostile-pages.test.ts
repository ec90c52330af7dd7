import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { collectPageErrors, hostSnapshot } from '../support/hostile-page-state.js';
import { promptHost, useHarness } from '../support/prompts-harness.js';

// In real Chromium against the real server. Global CSS resets, !important
// rules and a max z-index overlay are in prompts-ui.test.ts ("hostile pages"), the strict CSP with
// Trusted Types there too ("strict Content-Security-Policy"); this file adds a transformed body,
// broken page globals, and XSS payloads in prompt texts and visitor comments.

const h = useHarness();

const T = 60_000;

/** Clicks the n-th score with a real pointer, as a visitor would. */
async function clickScore(page: Page, n: number): Promise<void> {
  const box = await page.evaluate((i) => {
    const b = document
      .querySelector('loupe-prompt')!
      .shadowRoot!.querySelectorAll('[role=radio]')
      [i]!.getBoundingClientRect();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  }, n);
  await page.mouse.click(box.x, box.y);
}

describe('transformed body', () => {
  it(
    'shows the prompt full size inside the viewport, answers, and changes no host style',
    async () => {
      const { site, prompts } = await h.site([
        { name: 't', kind: 'nps', texts: { en: { question: 'Transformed?' } }, targeting: { delaySeconds: 1 } },
      ]);
      const { page, context } = await h.open('/prompt-hostile-transform/x', { site });
      const errors = collectPageErrors(page);
      await page.waitForFunction(() => (window as unknown as { loupe?: { loaded?: boolean } }).loupe?.loaded);
      const before = await hostSnapshot(page);
      await promptHost(page).waitFor();
      const r = await page.evaluate(() => {
        const card = document
          .querySelector('loupe-prompt')!
          .shadowRoot!.querySelector('.card')!
          .getBoundingClientRect();
        return {
          w: card.width,
          h: card.height,
          x: card.x,
          y: card.y,
          right: card.right,
          bottom: card.bottom,
          vw: innerWidth,
          vh: innerHeight,
        };
      });
      // Not scaled by the body's transform (0.5) and not clipped by its 200 px overflow box.
      expect(r.w).toBeGreaterThan(400);
      expect(r.x).toBeGreaterThanOrEqual(0);
      expect(r.y).toBeGreaterThanOrEqual(0);
      expect(r.right).toBeLessThanOrEqual(r.vw);
      expect(r.bottom).toBeLessThanOrEqual(r.vh);
      await clickScore(page, 9);
      expect((await h.responses(prompts[0]!.id))[0]!.score).toBe(9);
      expect(await hostSnapshot(page)).toEqual(before);
      expect(errors).toEqual([]);
      await context.close();
    },
    T,
  );
});

/** Page scripts that break globals before the widget loads (init scripts run first). */
const BROKEN_GLOBALS: Record<string, string> = {
  'Array.prototype.map throws': `Array.prototype.map = function () { throw new Error('host broke map'); };`,
  'JSON.stringify returns garbage': `JSON.stringify = function () { return '{garbage'; };`,
  'fetch rejects': `window.fetch = function () { return Promise.reject(new TypeError('host broke fetch')); };`,
  'fetch, map, forEach, Promise.prototype.then patched': `
    window.fetch = function () { throw new Error('sync throw'); };
    Array.prototype.map = function () { return []; };
    Array.prototype.forEach = function () {};
    const then = Promise.prototype.then;
    Promise.prototype.then = function (a, b) { return then.call(this, a, b); };`,
};

// Each case in a context and site of its own, all at once: most of each is the wait for the
// prompt that the broken global may keep from showing.
describe.concurrent('broken page globals', () => {
  const outcomes: string[] = [];
  afterAll(() => console.log(`FIGURE hostile-globals: ${outcomes.join('; ')}`));

  for (const [label, script] of Object.entries(BROKEN_GLOBALS)) {
    it(
      `${label}: no uncaught error from the widget, the host page untouched`,
      async () => {
        const { site, prompts } = await h.site([
          { name: 'g', kind: 'nps', texts: { en: { question: 'Broken?' } }, targeting: { delaySeconds: 1 } },
        ]);
        const context = await h.browser.newContext();
        await context.addInitScript(script);
        const { page } = await h.open('/prompt-basic/x', { site, reuse: context });
        const errors = collectPageErrors(page);
        const before = await hostSnapshot(page);
        // Give the widget its delay and a flush interval to do whatever it can.
        const shown = await promptHost(page)
          .waitFor({ timeout: 8_000 })
          .then(() => true)
          .catch(() => false);
        let answered = false;
        if (shown) {
          await clickScore(page, 8);
          answered = await h
            .eventually(() => h.storedResponses(prompts[0]!.id).length > 0, 'answer', 8_000)
            .then(() => true)
            .catch(() => false);
        } else {
          await page.waitForTimeout(1_000);
        }
        outcomes.push(`${label}: shown=${shown} stored=${answered} uncaught=${errors.length}`);
        expect(errors).toEqual([]);
        expect(await hostSnapshot(page)).toEqual(before);
        // The page's own script still runs: the widget did not leave it broken further.
        expect(await page.evaluate(() => document.getElementById('start')!.textContent)).toBe('Start');
        await context.close();
      },
      T,
    );
  }
});

const XSS = [
  '<img src=x onerror="window.__xss=(window.__xss||0)+1">',
  '<script>window.__xss=(window.__xss||0)+1</script>',
  '"><svg onload="window.__xss=(window.__xss||0)+1">',
  '\'-alert(1)-\'<iframe srcdoc="<script>parent.__xss=(parent.__xss||0)+1</script>">',
  'javascript:window.__xss=(window.__xss||0)+1//<a href="javascript:window.__xss=1">x</a>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, literally.
  '{{constructor.constructor("window.__xss=(window.__xss||0)+1")()}}${window.__xss=1}',
];

describe('XSS payloads', () => {
  it('shows payloads in prompt texts as text, stores a payload comment verbatim, and never runs them', async () => {
    const figure = { payloads: XSS.length, executions: 0, shownAsText: 0, apiHtml: 0 };
    // Each payload in a site and context of its own, all at once.
    const check = async (payload: string) => {
      const { site, prompts } = await h.site([
        {
          name: 'x',
          kind: 'csat',
          texts: { en: { question: `Q ${payload}`, followUp: { default: `F ${payload}` }, thanks: `T ${payload}` } },
          targeting: { delaySeconds: 1 },
        },
      ]);
      const { page, context } = await h.open('/prompt-basic/x', { site });
      const errors = collectPageErrors(page);
      await promptHost(page).waitFor();
      const seen = await page.evaluate(() => {
        const root = document.querySelector('loupe-prompt')!.shadowRoot!;
        return {
          text: root.textContent ?? '',
          live: root.querySelectorAll('img, script, svg, iframe, a[href^="javascript"]').length,
        };
      });
      expect(seen.live, payload).toBe(0);
      expect(seen.text, payload).toContain(`Q ${payload}`);
      figure.shownAsText++;
      await clickScore(page, 1);
      await page.waitForFunction(() => !!document.querySelector('loupe-prompt')!.shadowRoot!.querySelector('textarea'));
      const followUp = await page.evaluate(() => document.querySelector('loupe-prompt')!.shadowRoot!.textContent ?? '');
      expect(followUp).toContain(`F ${payload}`);
      await page.evaluate(() => document.querySelector('loupe-prompt')!.shadowRoot!.querySelector('textarea')!.focus());
      await page.keyboard.insertText(payload);
      await page.keyboard.press('Control+Enter');
      const rows = await h.eventually(() => {
        const x = h.storedResponses(prompts[0]!.id);
        return x[0]?.comment && x;
      }, 'the comment');
      expect(rows[0]!.comment).toBe(payload);

      // The read API and the exports hand the payload back as data, never as a document.
      const auth = { authorization: `Bearer ${site.secretKey}` };
      for (const path of ['/v1/responses', '/v1/responses.csv', '/v1/responses.ndjson']) {
        const res = await fetch(h.server.url + path, { headers: auth });
        const type = res.headers.get('content-type') ?? '';
        if (/html/i.test(type)) figure.apiHtml++;
        expect(type, path).not.toMatch(/html/i);
        // The payload is in there (as escaped data), so this check could see it run.
        expect(await res.text(), path).toContain('__xss');
      }
      // Opened in the browser itself (as someone clicking an export link would), nothing runs.
      await context.setExtraHTTPHeaders(auth);
      const apiPage = await context.newPage();
      await apiPage.goto(`${h.server.url}/v1/responses`);
      const ran = await apiPage.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0);
      const ranHost = await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0);
      figure.executions += ran + ranHost;
      expect(ran + ranHost, payload).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    };
    await Promise.all(XSS.map(check));
    console.log(
      `FIGURE xss: payloads=${figure.payloads}, script-executions=${figure.executions}, shown-as-text=${figure.shownAsText}, api-answers-as-html=${figure.apiHtml}`,
    );
  }, 180_000);
});
