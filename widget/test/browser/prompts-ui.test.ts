import type { PromptDefinitionInput } from '@loupe/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  focusedInPrompt,
  promptFocused,
  promptHost,
  useHarness,
  type ResponseRow,
} from '../support/prompts-harness.js';

// The prompt UI in real Chromium against the real server: keyboard-only answering of every kind,
// accessibility, languages and direction, theming, hostile page CSS and a strict CSP.

const h = useHarness();

const T = 60_000;

/** Waits until the element named `name` (see focusedInPrompt) has focus inside the prompt. */
async function focusOn(page: Page, name: string): Promise<void> {
  await page.waitForFunction((n) => {
    const host = document.querySelector('loupe-prompt');
    const el = document.activeElement === host ? (host!.shadowRoot!.activeElement as HTMLElement | null) : null;
    return !!el && (el.getAttribute('aria-label') || el.tagName.toLowerCase()) === n;
  }, name);
}

const shadow = <T>(page: Page, fn: (root: ShadowRoot) => T) =>
  page.evaluate(`(${fn.toString()})(document.querySelector('loupe-prompt').shadowRoot)`) as Promise<T>;

describe.concurrent('keyboard-only answering', () => {
  it(
    'NPS: Tab reaches it, arrows move, Enter chooses, band follow-up, Tab to Send, focus restored',
    async () => {
      const { site, prompts } = await h.site([
        {
          name: 'NPS',
          kind: 'nps',
          texts: {
            en: {
              question: 'How likely are you to recommend us?',
              followUp: { promoter: 'What do you love?', detractor: 'What went wrong?' },
              thanks: 'Thanks a lot!',
            },
          },
          targeting: { delaySeconds: 1 },
        },
      ]);
      const id = prompts[0]!.id;
      const { page, context } = await h.open('/prompt-basic/nps', { site });
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('start');

      await promptHost(page).waitFor();
      // It appeared on its own: focus stays on the page until the visitor moves it.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('start');
      expect(await promptFocused(page)).toBe('0 – Not at all likely');
      const dialog = await shadow(page, (r) => {
        const d = r.querySelector('[role=dialog]')!;
        const group = r.querySelector('[role=radiogroup]')!;
        return {
          name: d.getAttribute('aria-label'),
          radios: [...group.querySelectorAll('[role=radio]')].map((b) => [
            b.getAttribute('aria-label'),
            b.getAttribute('tabindex'),
          ]),
          labelledBy: r.getElementById(group.getAttribute('aria-labelledby')!)?.textContent,
        };
      });
      expect(dialog.name).toBe('How likely are you to recommend us?');
      expect(dialog.labelledBy).toBe('How likely are you to recommend us?');
      expect(dialog.radios).toHaveLength(11);
      expect(dialog.radios[10]).toEqual(['10 – Extremely likely', '-1']);
      expect(dialog.radios.filter(([, t]) => t === '0')).toHaveLength(1); // one Tab stop (roving tabindex)

      for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
      expect(await focusedInPrompt(page)).toBe('9');
      await page.keyboard.press('Enter');
      // The score is stored before any comment is written.
      const [first] = await h.responses(id);
      expect(first).toMatchObject({ kind: 'nps', score: 9, comment: null });

      await focusOn(page, 'textarea');
      expect(await shadow(page, (r) => r.querySelector('label')!.textContent)).toBe('What do you love?');
      await page.keyboard.type('Love the speed');
      await page.keyboard.press('Tab');
      expect(await shadow(page, (r) => (r.activeElement as HTMLElement).textContent)).toBe('Send');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() =>
        document.querySelector('loupe-prompt')?.shadowRoot?.querySelector('p.question[role=status]'),
      );
      expect(await shadow(page, (r) => r.querySelector('[role=status]')!.textContent)).toBe('Thanks a lot!');

      await page.keyboard.press('Escape');
      await promptHost(page).waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('start');

      await h.eventually(
        () => h.query<ResponseRow>('SELECT * FROM responses WHERE prompt_id = ? AND comment IS NOT NULL', id).length,
        'the comment',
      );
      const rows = h.storedResponses(id);
      expect(rows).toHaveLength(1); // the comment merged into the same response
      expect(rows[0]).toMatchObject({ score: 9, comment: 'Love the speed', display_id: first!.display_id });
      const types = h
        .query<{ type: string }>('SELECT type FROM events WHERE prompt_id = ? ORDER BY ts', id)
        .map((e) => e.type);
      expect(types.filter((t) => t === 'prompt_shown')).toHaveLength(1);
      expect(types).not.toContain('prompt_dismissed');
      await context.close();
    },
    T,
  );

  const kinds: { def: PromptDefinitionInput; keys: string[]; first: string; score: number; comment?: string }[] = [
    {
      def: { name: 'stars', kind: 'csat', style: 'stars', texts: { en: { question: 'Rate your visit' } } },
      first: '1 – Very dissatisfied',
      keys: ['ArrowRight', 'ArrowRight', 'ArrowRight', ' '],
      score: 4,
    },
    {
      def: { name: 'faces', kind: 'csat', style: 'faces', texts: { en: { question: 'How do you feel?' } } },
      first: '1 – Very dissatisfied',
      keys: ['End', 'ArrowUp', 'Enter'],
      score: 4,
    },
    {
      def: {
        name: 'ces',
        kind: 'ces',
        texts: { en: { question: 'How easy was it to check out?', followUp: { low: 'What made it hard?' } } },
      },
      first: '1 – Very difficult',
      // Left from the first option wraps to the last; Home goes back; Down is "next".
      keys: ['ArrowLeft', 'Home', 'ArrowDown', 'Enter'],
      score: 2,
      comment: 'The coupon field',
    },
  ];
  for (const k of kinds) {
    it(
      `${k.def.kind} ${k.def.style ?? ''}: answered with the keyboard alone`,
      async () => {
        const { site, prompts } = await h.site([k.def]);
        const { page, context } = await h.open(`/prompt-basic/${k.def.name}`, { site });
        expect(await promptFocused(page)).toBe(k.first);
        for (const key of k.keys) await page.keyboard.press(key);
        if (k.comment) {
          await focusOn(page, 'textarea');
          await page.keyboard.type(k.comment);
          await page.keyboard.press('Control+Enter'); // submits from the textarea
        }
        await page.waitForFunction(() =>
          document.querySelector('loupe-prompt')?.shadowRoot?.querySelector('p.question[role=status]'),
        );
        expect(await shadow(page, (r) => r.querySelector('[role=status]')!.textContent)).toBe(
          'Thank you for your feedback!',
        );
        const rows = await h.eventually(() => {
          const r = h.storedResponses(prompts[0]!.id);
          return r.length && (!k.comment || r[0]!.comment) && r;
        }, 'the response');
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ kind: k.def.kind, score: k.score, comment: k.comment ?? null });
        await context.close();
      },
      T,
    );
  }

  it(
    'Escape dismisses before a score: prompt_dismissed is stored and focus goes back',
    async () => {
      const { site, prompts } = await h.site([
        { name: 'd', kind: 'nps', texts: { en: { question: 'Q?' } }, targeting: { delaySeconds: 1 } },
      ]);
      const { page, context } = await h.open('/prompt-basic/dismiss', { site });
      await promptFocused(page);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Escape');
      await promptHost(page).waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('start');
      await h.eventually(
        () =>
          h.query('SELECT 1 FROM events WHERE prompt_id = ? AND type = ?', prompts[0]!.id, 'prompt_dismissed').length,
        'prompt_dismissed',
      );
      expect(h.query('SELECT 1 FROM responses WHERE prompt_id = ?', prompts[0]!.id)).toHaveLength(0);
      await context.close();
    },
    T,
  );

  it(
    'never takes focus from someone typing in a field; the prompt waits at the end of the Tab order',
    async () => {
      const { site } = await h.site([
        { name: 't', kind: 'ces', texts: { en: { question: 'Easy?' } }, targeting: { delaySeconds: 1 } },
      ]);
      const { page, context } = await h.open('/prompt-basic/typing', { site });
      await page.focus('#search');
      await page.keyboard.type('sho');
      await promptHost(page).waitFor();
      await page.keyboard.type('es');
      expect(await page.inputValue('#search')).toBe('shoes');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
      await page.keyboard.press('Tab');
      expect(await focusedInPrompt(page)).toBe('1 – Very difficult');
      await context.close();
    },
    T,
  );
});

describe.concurrent('layout, languages and theme', () => {
  const boxes = (page: Page) =>
    shadow(page, (r) =>
      [...r.querySelectorAll('button')].map((b) => {
        const x = b.getBoundingClientRect();
        return { label: b.getAttribute('aria-label'), x: x.x, y: x.y, w: x.width, h: x.height };
      }),
    );

  it(
    'every control is at least 44 × 44 px on desktop and on a phone, where NPS wraps into two rows',
    async () => {
      const { site } = await h.site([{ name: 'n', kind: 'nps', texts: { en: { question: 'Q?' } } }]);
      for (const context of [
        { viewport: { width: 1280, height: 720 } },
        { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true },
      ]) {
        const { page, context: ctx } = await h.open('/prompt-basic/sizes', { site, context });
        await promptHost(page).waitFor();
        const b = await boxes(page);
        expect(b).toHaveLength(12);
        for (const box of b) {
          // Layout works in 1/64 px units: 44 can come back as 43.99997.
          expect(box.w, box.label!).toBeGreaterThanOrEqual(43.99);
          expect(box.h, box.label!).toBeGreaterThanOrEqual(43.99);
        }
        const rows = new Set(b.filter((x) => x.label !== 'Close').map((x) => Math.round(x.y)));
        expect(rows.size).toBe(context.viewport.width < 600 ? 2 : 1);
        const host = await promptHost(page).boundingBox();
        expect(host!.x).toBeGreaterThanOrEqual(0);
        expect(host!.x + host!.width).toBeLessThanOrEqual(context.viewport.width);
        await ctx.close();
      }
    },
    T,
  );

  const strings = (page: Page) =>
    shadow(page, (r) => ({
      close: r.querySelector('.close')!.getAttribute('aria-label'),
      ends: [...r.querySelectorAll('.ends span')].map((s) => s.textContent),
      question: r.querySelector('.question')!.textContent,
      dir: r.querySelector('[role=dialog]')!.getAttribute('dir'),
      lang: r.querySelector('[role=dialog]')!.getAttribute('lang'),
    }));

  it(
    'built-in strings in vi, da and th, English fallback, and the question in the visitor language',
    async () => {
      const texts = {
        en: { question: 'How likely?' },
        vi: { question: 'Khả năng?' },
        da: { question: 'Hvor sandsynligt?' },
        th: { question: 'มีโอกาสแค่ไหน?' },
      };
      const { site } = await h.site([{ name: 'l', kind: 'nps', texts }]);
      const expected: Record<string, { close: string; ends: string[]; question: string; lang: string }> = {
        vi: {
          close: 'Đóng',
          ends: ['Hoàn toàn không có khả năng', 'Rất có khả năng'],
          question: 'Khả năng?',
          lang: 'vi',
        },
        da: {
          close: 'Luk',
          ends: ['Slet ikke sandsynligt', 'Meget sandsynligt'],
          question: 'Hvor sandsynligt?',
          lang: 'da',
        },
        th: { close: 'ปิด', ends: ['ไม่น่าจะแนะนำเลย', 'น่าจะแนะนำอย่างยิ่ง'], question: 'มีโอกาสแค่ไหน?', lang: 'th' },
        // German: no texts, no catalogue: the default language throughout, never a mix.
        de: { close: 'Close', ends: ['Not at all likely', 'Extremely likely'], question: 'How likely?', lang: 'en' },
      };
      for (const [lang, want] of Object.entries(expected)) {
        const { page, context } = await h.open(`/prompt-basic/lang-${lang}`, { site, lang });
        await promptHost(page).waitFor();
        expect(await strings(page)).toEqual({ ...want, dir: 'ltr' });
        await context.close();
      }
      // Without data-lang or <html lang>, the browser's language decides.
      const { page, context } = await h.open('/prompt-basic/lang-browser', {
        site,
        htmlLang: '',
        context: { locale: 'da-DK' },
      });
      await promptHost(page).waitFor();
      expect((await strings(page)).close).toBe('Luk');
      await context.close();
    },
    T,
  );

  it(
    'right-to-left for Arabic: mirrored scale, and arrows follow the reading direction',
    async () => {
      const { site, prompts } = await h.site([
        { name: 'rtl', kind: 'csat', texts: { ar: { question: 'ما مدى رضاك؟' } }, defaultLanguage: 'ar' },
      ]);
      const { page, context } = await h.open('/prompt-basic/rtl', { site, lang: 'ar' });
      expect(await promptFocused(page)).toBe('1 – غير راضٍ جدًا');
      const s = await strings(page);
      expect(s.dir).toBe('rtl');
      const b = await boxes(page);
      const one = b.find((x) => x.label?.startsWith('1 '))!;
      const two = b.find((x) => x.label === '2')!;
      expect(one.x).toBeGreaterThan(two.x); // 1 is on the right
      const close = b.find((x) => x.label === 'إغلاق')!;
      expect(close.x).toBeLessThan(one.x); // the close button sits at the inline end: the left
      await page.keyboard.press('ArrowLeft'); // towards the higher scores in RTL
      expect(await focusedInPrompt(page)).toBe('2');
      await page.keyboard.press('Enter');
      expect((await h.responses(prompts[0]!.id))[0]!.score).toBe(2);
      await context.close();
    },
    T,
  );

  it(
    'dark mode and reduced motion follow the visitor’s settings',
    async () => {
      const { site } = await h.site([{ name: 'dm', kind: 'ces', texts: { en: { question: 'Easy?' } } }]);
      const look = (page: Page) =>
        shadow(page, (r) => {
          const c = getComputedStyle(r.querySelector('.card')!);
          return { bg: c.backgroundColor, fg: c.color, animation: c.animationName };
        });
      const light = await h.open('/prompt-basic/light', { site });
      await promptHost(light.page).waitFor();
      expect(await look(light.page)).toEqual({ bg: 'rgb(255, 255, 255)', fg: 'rgb(17, 24, 39)', animation: 'enter' });
      await light.context.close();
      const dark = await h.open('/prompt-basic/dark', {
        site,
        context: { colorScheme: 'dark', reducedMotion: 'reduce' },
      });
      await promptHost(dark.page).waitFor();
      expect(await look(dark.page)).toEqual({ bg: 'rgb(31, 41, 55)', fg: 'rgb(249, 250, 251)', animation: 'none' });
      await dark.context.close();
    },
    T,
  );

  it(
    'is themed by CSS custom properties: accent colour, z-index and position',
    async () => {
      const { site } = await h.site([{ name: 'th', kind: 'nps', texts: { en: { question: 'Q?' } } }]);
      const { page, context } = await h.open('/prompt-theme/x', { site });
      await promptFocused(page);
      await page.keyboard.press('ArrowRight'); // keyboard focus: the ring is visible
      const s = await page.evaluate(() => {
        const host = document.querySelector('loupe-prompt')!;
        const focused = host.shadowRoot!.activeElement!;
        const hs = getComputedStyle(host);
        return {
          z: hs.zIndex,
          top: hs.top,
          left: hs.left,
          outline: getComputedStyle(focused).outlineColor,
          style: getComputedStyle(focused).outlineStyle,
        };
      });
      expect(s).toEqual({ z: '7', top: '10px', left: '10px', outline: 'rgb(220, 38, 38)', style: 'solid' });
      await context.close();
    },
    T,
  );
});

describe.concurrent('hostile pages', () => {
  it(
    'renders correctly under hostile global CSS and a max z-index overlay, and changes no page style',
    async () => {
      const { site, prompts } = await h.site([
        {
          name: 'hostile',
          kind: 'nps',
          texts: { en: { question: 'Still readable?' } },
          targeting: { delaySeconds: 1 },
        },
      ]);
      const { page, context } = await h.open('/prompt-hostile/x', { site });
      await page.waitForFunction(() => (window as unknown as { loupe?: { loaded?: boolean } }).loupe?.loaded);
      const snapshot = () =>
        page.evaluate(() =>
          [...document.querySelectorAll('html, body, body *')]
            .filter((el) => el.localName !== 'loupe-prompt')
            .map((el) => {
              const s = getComputedStyle(el);
              const props = [
                'display',
                'position',
                'color',
                'font-family',
                'font-size',
                'letter-spacing',
                'text-transform',
                'z-index',
                'background-color',
                'overflow',
                'width',
                'height',
                'margin-top',
                'padding-top',
                'direction',
              ];
              return `${el.localName}#${el.id} ${props.map((p) => s.getPropertyValue(p)).join('|')}`;
            }),
        );
      const before = await snapshot();
      const html = await page.evaluate(() => document.body.outerHTML);
      await promptHost(page).waitFor();

      const r = await page.evaluate(() => {
        const host = document.querySelector('loupe-prompt')!;
        const card = host.shadowRoot!.querySelector('.card')!;
        const box = card.getBoundingClientRect();
        const cs = getComputedStyle(card);
        const radio = host.shadowRoot!.querySelector('[role=radio]')!.getBoundingClientRect();
        const cx = radio.x + radio.width / 2;
        const cy = radio.y + radio.height / 2;
        const hs = getComputedStyle(host);
        return {
          // The page's `loupe-prompt { visibility: hidden !important; … }` loses to `all: initial !important`.
          host: [hs.visibility, hs.opacity, hs.transform, hs.pointerEvents],
          w: box.width,
          h: box.height,
          radius: cs.borderTopLeftRadius,
          font: cs.fontSize,
          bg: cs.backgroundColor,
          grid: getComputedStyle(host.shadowRoot!.querySelector('.scale')!).display,
          radio: [radio.width, radio.height],
          // The page-level hit test lands on our host, not on the overlay…
          top: document.elementFromPoint(cx, cy)?.localName,
          // …and inside the shadow root on the first radio.
          inner: host.shadowRoot!.elementFromPoint(cx, cy)?.getAttribute('aria-label'),
        };
      });
      expect(r.w).toBeGreaterThan(500);
      expect(r.h).toBeGreaterThan(100);
      expect(r).toMatchObject({
        host: ['visible', '1', 'none', 'auto'],
        radius: '12px',
        font: '15px',
        bg: 'rgb(255, 255, 255)',
        grid: 'grid',
        top: 'loupe-prompt',
        inner: '0 – Not at all likely',
      });
      expect(r.radio[0]).toBeGreaterThanOrEqual(43.99);
      expect(r.radio[1]).toBeGreaterThanOrEqual(43.99);

      expect(await snapshot()).toEqual(before);
      expect(await page.evaluate(() => document.body.outerHTML)).toBe(html);

      // A real pointer click goes through the overlay's stacking to the prompt.
      const box = await page.evaluate(() => {
        const b = document
          .querySelector('loupe-prompt')!
          .shadowRoot!.querySelectorAll('[role=radio]')[7]!
          .getBoundingClientRect();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      });
      await page.mouse.click(box.x, box.y);
      expect((await h.responses(prompts[0]!.id))[0]!.score).toBe(7);
      expect(await snapshot()).toEqual(before);
      await context.close();
    },
    T,
  );
});

describe.concurrent('strict Content-Security-Policy', () => {
  for (const variant of ['constructable stylesheet', 'nonce <style> fallback'] as const) {
    it(
      `shows, styles and answers with no violation (${variant})`,
      async () => {
        const { site, prompts } = await h.site([
          { name: 'csp', kind: 'nps', texts: { en: { question: 'Q?', followUp: { default: 'Why?' } } } },
        ]);
        const context = await h.browser.newContext();
        if (variant === 'nonce <style> fallback') {
          // As in browsers without constructable stylesheets (Safari < 16.4).
          await context.addInitScript(() => {
            (CSSStyleSheet.prototype as { replaceSync?: unknown }).replaceSync = undefined;
          });
        }
        const consoleErrors: string[] = [];
        const { page } = await h.open('/prompt-csp/x', { site, reuse: context });
        page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
        expect(await promptFocused(page)).toBe('0 – Not at all likely');
        const styled = await shadow(page, (r) => ({
          radius: getComputedStyle(r.querySelector('.card')!).borderTopLeftRadius,
          styleTags: r.querySelectorAll('style').length,
          adopted: r.adoptedStyleSheets.length,
        }));
        expect(styled.radius).toBe('12px');
        expect([styled.styleTags, styled.adopted]).toEqual(variant === 'nonce <style> fallback' ? [1, 0] : [0, 1]);
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('Enter');
        await focusOn(page, 'textarea');
        await page.keyboard.type('Fine');
        await page.keyboard.press('Control+Enter');
        const rows = await h.eventually(() => {
          const x = h.storedResponses(prompts[0]!.id);
          return x[0]?.comment && x;
        }, 'the comment');
        expect(rows[0]).toMatchObject({ score: 1, comment: 'Fine' });
        expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
        expect(consoleErrors.filter((e) => /Content.Security.Policy|Trusted Type/i.test(e))).toEqual([]);
        await context.close();
      },
      T,
    );
  }

  it(
    'the CSP fixture does catch a violation (the check above can fail)',
    async () => {
      const { site } = await h.site([]);
      const { page, context } = await h.open('/prompt-csp/x', { site });
      await page.evaluate(() => {
        const s = document.createElement('style');
        s.textContent = 'body{color:red}';
        document.head.append(s);
      });
      await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length > 0);
      await context.close();
    },
    T,
  );
});
