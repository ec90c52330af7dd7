import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { PromptDefinitionInput } from '@loupe/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  configLoaded,
  focusedInPrompt,
  promptFocused,
  promptHost,
  showPrompt,
  untilInPage,
  useHarness,
  why,
} from '../support/prompts-harness.js';

// What a visitor notices, in real Chromium against the real server: focus left alone, focus never
// mistaken for a choice, the chosen score kept on the follow-up, the page's language and look,
// OR between rule groups, the studio's appearance, phone layouts and axe-core's verdict.

const h = useHarness();

const T = 60_000;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const shadow = <R>(page: Page, fn: (root: ShadowRoot) => R) =>
  page.evaluate(`(${fn.toString()})(document.querySelector('loupe-prompt').shadowRoot)`) as Promise<R>;

/** A prompt that only `loupe('show')` opens: its rules target a page nobody visits. */
const onDemand = (def: PromptDefinitionInput): PromptDefinitionInput => ({
  ...def,
  targeting: { include: [{ match: 'exact', value: '/nowhere' }] },
});

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id);

describe('focus', () => {
  it(
    'a prompt opening on its own leaves focus in the field being typed in, and is announced politely',
    async () => {
      const { site } = await h.site([
        {
          name: 'f',
          kind: 'nps',
          texts: { en: { question: 'How likely are you to recommend us?' } },
          targeting: { delaySeconds: 1 },
        },
      ]);
      const { page, context } = await h.open('/prompt-basic/own', { site });
      await page.focus('#search');
      await page.keyboard.type('red ');
      await promptHost(page).waitFor();
      await page.keyboard.type('shoes');
      expect(await page.inputValue('#search')).toBe('red shoes');
      expect(await activeId(page)).toBe('search');
      expect(await focusedInPrompt(page)).toBe('');
      // The live region is in the page first, then says the question (a polite status).
      await page.waitForFunction(
        () =>
          document.querySelector('loupe-prompt')!.shadowRoot!.querySelector('[aria-live=polite]')?.textContent ===
          'How likely are you to recommend us?',
      );
      // Escape on the page is the page's own: the prompt stays.
      await page.keyboard.press('Escape');
      expect(await promptHost(page).count()).toBe(1);
      // Tab reaches it last; there Escape closes it and focus goes back where the visitor was.
      expect(await promptFocused(page)).toBe('0 – Not at all likely');
      await page.keyboard.press('Escape');
      await promptHost(page).waitFor({ state: 'detached' });
      expect(await activeId(page)).toBe('search');
      await context.close();
    },
    T,
  );

  it(
    "loupe('show') moves focus into the prompt",
    async () => {
      const { site, prompts } = await h.site([
        onDemand({ name: 's', kind: 'ces', texts: { en: { question: 'Easy?' } } }),
      ]);
      const { page, context } = await h.open('/prompt-basic/show', { site });
      await showPrompt(page, prompts[0]!.id);
      await page.waitForFunction(() => document.activeElement?.localName === 'loupe-prompt');
      expect(await focusedInPrompt(page)).toBe('1 – Very difficult');
      await page.keyboard.press('Escape');
      await promptHost(page).waitFor({ state: 'detached' });
      expect(await activeId(page)).toBe('start');
      await context.close();
    },
    T,
  );
});

describe('choosing', () => {
  const stars = (page: Page) =>
    shadow(page, (r) =>
      [...r.querySelectorAll('[role=radio]')].map((b) => ({
        lit: getComputedStyle(b).color === 'rgb(245, 158, 11)',
        checked: b.getAttribute('aria-checked'),
      })),
    );

  it(
    'focusing a star lights nothing; only a choice does, up to the chosen star',
    async () => {
      const { site, prompts } = await h.site([
        onDemand({ name: 'st', kind: 'csat', style: 'stars', texts: { en: { question: 'Rate us' } } }),
      ]);
      const { page, context } = await h.open('/prompt-basic/stars', { site });
      await showPrompt(page, prompts[0]!.id);
      await page.waitForFunction(() => document.activeElement?.localName === 'loupe-prompt');
      expect(await focusedInPrompt(page)).toBe('1 – Very dissatisfied');
      expect((await stars(page)).map((s) => s.lit)).toEqual([false, false, false, false, false]);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      expect(await focusedInPrompt(page)).toBe('3');
      expect((await stars(page)).some((s) => s.lit || s.checked === 'true')).toBe(false);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() =>
        document.querySelector('loupe-prompt')?.shadowRoot?.querySelector('p.question[role=status]'),
      );
      await context.close();

      // The choice itself: stars up to it are lit (the follow-up step keeps the scale).
      const { site: s2, prompts: p2 } = await h.site([
        onDemand({
          name: 'st2',
          kind: 'csat',
          style: 'stars',
          texts: { en: { question: 'Rate us', followUp: { default: 'Why?' } } },
        }),
      ]);
      const second = await h.open('/prompt-basic/stars2', { site: s2 });
      await showPrompt(second.page, p2[0]!.id);
      await second.page.waitForFunction(() => document.activeElement?.localName === 'loupe-prompt');
      for (const key of ['ArrowRight', 'ArrowRight', 'Enter']) await second.page.keyboard.press(key);
      await second.page.waitForFunction(() =>
        document.querySelector('loupe-prompt')!.shadowRoot!.querySelector('textarea'),
      );
      await second.page.mouse.move(0, 0); // no hover preview
      expect((await stars(second.page)).map((s) => s.lit)).toEqual([true, true, true, false, false]);
      await second.context.close();
    },
    T,
  );

  it(
    'the chosen score stays visible on the follow-up step, and choosing another changes the answer',
    async () => {
      const { site, prompts } = await h.site([
        onDemand({
          name: 'back',
          kind: 'nps',
          texts: {
            en: {
              question: 'Recommend us?',
              followUp: { detractor: 'What went wrong?', passive: 'What would make it a 10?' },
            },
          },
        }),
      ]);
      const id = prompts[0]!.id;
      const { page, context } = await h.open('/prompt-basic/back', { site });
      await showPrompt(page, id);
      await page.waitForFunction(() => document.activeElement?.localName === 'loupe-prompt');
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter'); // 4: a detractor
      await page.waitForFunction(
        () => document.querySelector('loupe-prompt')!.shadowRoot!.activeElement?.localName === 'textarea',
      );
      const followUp = () =>
        shadow(page, (r) => ({
          label: r.querySelector('label')!.textContent,
          checked: [...r.querySelectorAll('[aria-checked=true]')].map((b) => b.textContent),
          chosenLooksChosen: (() => {
            const b = r.querySelector('[aria-checked=true]');
            return !!b && getComputedStyle(b).backgroundColor === 'rgb(79, 70, 229)';
          })(),
        }));
      expect(await followUp()).toEqual({ label: 'What went wrong?', checked: ['4'], chosenLooksChosen: true });
      await page.keyboard.type('Slow delivery');
      expect((await h.eventually(() => h.storedResponses(id)[0], 'the score')).score).toBe(4);

      // Back to the scale (Shift+Tab reaches the chosen score), and a different choice.
      await page.keyboard.press('Shift+Tab');
      expect(await focusedInPrompt(page)).toBe('4');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter'); // 7: a passive
      await page.waitForFunction(
        () =>
          document.querySelector('loupe-prompt')!.shadowRoot!.querySelector('label')?.textContent ===
          'What would make it a 10?',
      );
      expect(await focusedInPrompt(page)).toBe('textarea');
      expect(await followUp()).toEqual({ label: 'What would make it a 10?', checked: ['7'], chosenLooksChosen: true });
      // The comment typed so far is kept, and goes with the new score.
      expect(await shadow(page, (r) => r.querySelector('textarea')!.value)).toBe('Slow delivery');
      await page.keyboard.press('Control+Enter');
      const row = await h.eventually(() => {
        const r = h.storedResponses(id);
        return r.length === 1 && r[0]!.score === 7 && r[0]!.comment && r[0];
      }, 'the changed score with the comment');
      expect(row).toMatchObject({ score: 7, comment: 'Slow delivery' });
      await context.close();
    },
    T,
  );

  it(
    "the site's texts are shown as text on every step, never parsed as markup",
    async () => {
      const markup = '<img src=x onerror="window.injected=1">';
      const { site, prompts } = await h.site([
        onDemand({
          name: 'markup',
          kind: 'csat',
          texts: {
            en: {
              question: `Rate us ${markup}`,
              lowLabel: '<b>low</b>',
              followUp: { default: `Why? ${markup}` },
              thanks: `Thanks ${markup}`,
            },
          },
        }),
      ]);
      const { page, context } = await h.open('/prompt-basic/markup', { site });
      await showPrompt(page, prompts[0]!.id);
      await page.waitForFunction(() => document.activeElement?.localName === 'loupe-prompt');
      const seen = () =>
        shadow(page, (r) => ({
          elements: r.querySelectorAll('img,b').length,
          question: r.querySelector('.question')!.textContent,
          label: r.querySelector('label') && r.querySelector('label')!.textContent,
          low: r.querySelector('.ends span') && r.querySelector('.ends span')!.textContent,
        }));
      expect(await seen()).toEqual({ elements: 0, question: `Rate us ${markup}`, label: null, low: '<b>low</b>' });
      await page.keyboard.press('Enter'); // the first star: the follow-up
      await page.waitForFunction(
        () => document.querySelector('loupe-prompt')!.shadowRoot!.activeElement?.localName === 'textarea',
      );
      expect(await seen()).toEqual({
        elements: 0,
        question: `Rate us ${markup}`,
        label: `Why? ${markup}`,
        low: '<b>low</b>',
      });
      await page.keyboard.press('Control+Enter');
      await page.waitForFunction(() =>
        document.querySelector('loupe-prompt')!.shadowRoot!.querySelector('[role=status]'),
      );
      expect(await seen()).toEqual({ elements: 0, question: `Thanks ${markup}`, label: null, low: null });
      expect(await page.evaluate(() => (window as unknown as { injected?: number }).injected)).toBeUndefined();
      await context.close();
    },
    T,
  );
});

describe('language and theme from the host page', () => {
  it(
    '<html lang="vi"> gives Vietnamese without data-lang, whatever the browser speaks',
    async () => {
      const texts = {
        en: { question: 'How likely?' },
        vi: { question: 'Bạn có sẵn lòng giới thiệu?' },
        da: { question: 'Hvor sandsynligt?' },
      };
      const { site } = await h.site([{ name: 'vi', kind: 'nps', texts }]);
      const { page, context } = await h.open('/prompt-basic/vi', {
        site,
        htmlLang: 'vi',
        context: { locale: 'en-US' },
      });
      await promptHost(page).waitFor();
      const s = await shadow(page, (r) => ({
        question: r.querySelector('.question')!.textContent,
        close: r.querySelector('.close')!.getAttribute('aria-label'),
        lang: r.querySelector('[role=dialog]')!.getAttribute('lang'),
      }));
      expect(s).toEqual({ question: 'Bạn có sẵn lòng giới thiệu?', close: 'Đóng', lang: 'vi' });
      await context.close();
      // data-lang still wins over <html lang>.
      const da = await h.open('/prompt-basic/vi-da', { site, htmlLang: 'vi', lang: 'da' });
      await promptHost(da.page).waitFor();
      expect(await shadow(da.page, (r) => r.querySelector('.close')!.getAttribute('aria-label'))).toBe('Luk');
      await da.context.close();
    },
    T,
  );

  it(
    'a language whose catalogue cannot load still gets its prompt, with the built-in strings in English',
    async () => {
      const texts = { en: { question: 'How likely?' }, vi: { question: 'Bạn có sẵn lòng giới thiệu?' } };
      const { site } = await h.site([{ name: 'vi-offline', kind: 'nps', texts }]);
      const context = await h.browser.newContext({ locale: 'en-US' });
      const refused: string[] = [];
      await context.route(/\/chunks\/messages-[^/]*vi\.js/, (route) => {
        refused.push(new URL(route.request().url()).pathname);
        return route.abort('connectionrefused');
      });
      const { page } = await h.open('/prompt-basic/vi-offline', { site, htmlLang: 'vi', reuse: context });
      await promptHost(page).waitFor();
      const s = await shadow(page, (r) => ({
        question: r.querySelector('.question')!.textContent,
        close: r.querySelector('.close')!.getAttribute('aria-label'),
      }));
      // The site's own question is still Vietnamese; only the widget's strings fell back.
      expect(s).toEqual({ question: 'Bạn có sẵn lòng giới thiệu?', close: 'Close' });
      expect(refused).toHaveLength(1);
      await context.close();
    },
    T,
  );

  const look = (page: Page) =>
    shadow(page, (r) => {
      const c = getComputedStyle(r.querySelector('.card')!);
      return { bg: c.backgroundColor, fg: c.color };
    });
  const DARK = { bg: 'rgb(31, 41, 55)', fg: 'rgb(249, 250, 251)' };
  const LIGHT = { bg: 'rgb(255, 255, 255)', fg: 'rgb(17, 24, 39)' };

  it(
    'theme auto: a dark host page gives a dark prompt, though the system is light; light and dark force it',
    async () => {
      const { site } = await h.site([{ name: 'auto', kind: 'ces', texts: { en: { question: 'Easy?' } } }]);
      for (const [pagePath, want] of [
        ['/prompt-dark/x', DARK],
        ['/prompt-scheme/x', DARK],
        ['/prompt-basic/x', LIGHT],
      ] as const) {
        const { page, context } = await h.open(pagePath, { site, context: { colorScheme: 'light' } });
        await promptHost(page).waitFor();
        expect(await look(page), pagePath).toEqual(want);
        await context.close();
      }
      const { site: forced } = await h.site([
        { name: 'light', kind: 'ces', texts: { en: { question: 'Easy?' } }, appearance: { theme: 'light' } },
      ]);
      const dark = await h.open('/prompt-dark/forced', { site: forced });
      await promptHost(dark.page).waitFor();
      expect(await look(dark.page)).toEqual(LIGHT);
      await dark.context.close();
      const { site: night } = await h.site([
        { name: 'dark', kind: 'ces', texts: { en: { question: 'Easy?' } }, appearance: { theme: 'dark' } },
      ]);
      const light = await h.open('/prompt-basic/forced', { site: night });
      await promptHost(light.page).waitFor();
      expect(await look(light.page)).toEqual(DARK);
      await light.context.close();
    },
    T,
  );
});

describe('OR between rule groups', () => {
  const anyOfPrompt = (name: string, anyOf: object[], extra: object = {}): PromptDefinitionInput => ({
    name,
    kind: 'nps',
    texts: { en: { question: `${name}?` } },
    targeting: { anyOf, ...extra } as never,
  });

  it(
    '"after 10 min or at 50 % scroll": scrolling alone shows it',
    async () => {
      const { site, prompts } = await h.site([
        anyOfPrompt('scroll', [{ timeOnPageSeconds: 600 }, { scrollPercent: 50 }]),
      ]);
      const id = prompts[0]!.id;
      const { page, context } = await h.open('/prompt-basic/or-scroll', { site });
      await configLoaded(page, id);
      const before = await why(page, id);
      expect(before.eligible).toBe(false);
      expect(before.reasons[0]).toMatch(
        /^no rule group holds: group 1: \d+ of 600 s on page; group 2: scrolled \d+ of 50%$/,
      );
      expect(await promptHost(page).count()).toBe(0);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await promptHost(page).waitFor();
      await context.close();
    },
    T,
  );

  it(
    '"after 1 s or at 90 % scroll": time alone shows it, without a scroll',
    async () => {
      const { site } = await h.site([anyOfPrompt('time', [{ timeOnPageSeconds: 1 }, { scrollPercent: 90 }])]);
      const { page, context } = await h.open('/prompt-basic/or-time', { site });
      await promptHost(page).waitFor();
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      await context.close();
    },
    T,
  );

  it(
    'top-level conditions still apply to every group',
    async () => {
      const { site, prompts } = await h.site([
        anyOfPrompt('phones', [{ timeOnPageSeconds: 1 }, { scrollPercent: 90 }], { devices: ['mobile'] }),
      ]);
      const id = prompts[0]!.id;
      const { page, context } = await h.open('/prompt-basic/or-device', { site });
      await configLoaded(page, id);
      // The 1 s group holds by now; the device rule, fixed for the page view, still says no.
      await untilInPage(
        page,
        async (pid) => {
          const w = await (window as unknown as { loupe: (...a: unknown[]) => Promise<{ reasons: string[] }> }).loupe(
            'why',
            pid,
          );
          return w.reasons.length === 1 && w.reasons[0] === 'device desktop not targeted';
        },
        id,
        'why() to name only the device rule',
      );
      expect(await promptHost(page).count()).toBe(0);
      await context.close();
    },
    T,
  );
});

describe('appearance from the studio', () => {
  it(
    'brand colour, radius, font and bottom-left per prompt, over the site look; --loupe-* variables still win',
    async () => {
      const { site, prompts } = await h.site([
        onDemand({
          name: 'brand',
          kind: 'nps',
          texts: { en: { question: 'Recommend?', followUp: { default: 'Why?' } } },
          appearance: { brandColor: '#fde047', position: 'bottom-left', font: 'Georgia, serif' },
        }),
      ]);
      await fetch(`${h.server.url}/v1/prompt-settings`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${site.secretKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ globalCooldownDays: 0, appearance: { radius: 4, brandColor: '#000000' } }),
      });
      const { page, context } = await h.open('/prompt-basic/brand', {
        site,
        context: { viewport: { width: 1280, height: 720 } },
      });
      await showPrompt(page, prompts[0]!.id);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      const s = await page.evaluate(() => {
        const host = document.querySelector('loupe-prompt')!;
        const card = getComputedStyle(host.shadowRoot!.querySelector('.card')!);
        const chosen = getComputedStyle(host.shadowRoot!.querySelector('[aria-checked=true]')!);
        const box = host.getBoundingClientRect();
        return {
          radius: card.borderTopLeftRadius,
          font: card.fontFamily,
          bg: chosen.backgroundColor,
          text: chosen.color,
          left: box.left,
        };
      });
      // Yellow is light: its text is black. The site's radius stays under the prompt's own look.
      expect(s).toEqual({
        radius: '4px',
        font: 'Georgia, serif',
        bg: 'rgb(253, 224, 71)',
        text: 'rgb(0, 0, 0)',
        left: 16,
      });
      await context.close();

      // prompt-theme.html sets --loupe-accent and places the prompt itself: both win.
      const themed = await h.open('/prompt-theme/brand', { site });
      await showPrompt(themed.page, prompts[0]!.id);
      await themed.page.keyboard.press('ArrowRight'); // keyboard focus: the ring is visible
      const t = await themed.page.evaluate(() => {
        const host = document.querySelector('loupe-prompt')!;
        const radio = host.shadowRoot!.activeElement!;
        return {
          outline: getComputedStyle(radio).outlineColor,
          top: getComputedStyle(host).top,
          left: getComputedStyle(host).left,
        };
      });
      expect(t).toEqual({ outline: 'rgb(220, 38, 38)', top: '10px', left: '10px' });
      await themed.context.close();
    },
    T,
  );

  it(
    'centre: the card in the middle of a dimmed window',
    async () => {
      const { site } = await h.site([
        { name: 'c', kind: 'csat', texts: { en: { question: 'Happy?' } }, appearance: { position: 'center' } },
      ]);
      // Without the entrance animation, which slides the card up by 8 px.
      const { page, context } = await h.open('/prompt-basic/centre', {
        site,
        context: { viewport: { width: 1000, height: 700 }, reducedMotion: 'reduce' },
      });
      await promptHost(page).waitFor();
      const s = await page.evaluate(() => {
        const host = document.querySelector('loupe-prompt')!;
        const card = host.shadowRoot!.querySelector('.card')!.getBoundingClientRect();
        const h = host.getBoundingClientRect();
        return {
          host: [h.left, h.top, h.width, h.height],
          cardCentre: [card.left + card.width / 2, card.top + card.height / 2],
        };
      });
      expect(s.host).toEqual([0, 0, 1000, 700]);
      expect(Math.abs(s.cardCentre[0]! - 500)).toBeLessThan(2);
      expect(Math.abs(s.cardCentre[1]! - 350)).toBeLessThan(2);
      expect(await activeId(page)).toBe('start'); // opened on its own: focus stays
      await context.close();
    },
    T,
  );

  it(
    'colour-coded NPS: detractors red, passives amber, promoters green',
    async () => {
      const { site } = await h.site([
        { name: 'bands', kind: 'nps', texts: { en: { question: 'Recommend?' } }, appearance: { colorScale: true } },
      ]);
      const { page, context } = await h.open('/prompt-basic/bands', { site });
      await promptHost(page).waitFor();
      const colours = await shadow(page, (r) =>
        [...r.querySelectorAll('[role=radio]')].map((b) => getComputedStyle(b).borderTopColor),
      );
      const red = 'rgb(220, 38, 38)';
      const amber = 'rgb(180, 83, 9)';
      const green = 'rgb(21, 128, 61)';
      expect(colours).toEqual([...Array(7).fill(red), amber, amber, green, green]);
      await context.close();
    },
    T,
  );
});

describe('phones', () => {
  for (const width of [320, 360, 390, 430]) {
    it(
      `${width} px: 0–10 in two balanced rows, 1–7 in one row or two, every target 44 px and inside the card`,
      async () => {
        for (const kind of ['nps', 'ces'] as const) {
          const { site } = await h.site([{ name: kind, kind, texts: { en: { question: 'How was it?' } } }]);
          const { page, context } = await h.open(`/prompt-basic/${kind}-${width}`, {
            site,
            context: { viewport: { width, height: 700 }, isMobile: true, hasTouch: true },
          });
          await promptHost(page).waitFor();
          const layout = await shadow(page, (r) => {
            const card = r.querySelector('.card')!.getBoundingClientRect();
            const radios = [...r.querySelectorAll('[role=radio]')].map((b) => b.getBoundingClientRect());
            return {
              card: [card.left, card.right],
              radios: radios.map((b) => ({ x: b.left, right: b.right, y: Math.round(b.top), w: b.width, h: b.height })),
            };
          });
          const rows = new Map<number, number>();
          for (const b of layout.radios) rows.set(b.y, (rows.get(b.y) ?? 0) + 1);
          expect([...rows.values()], `${kind} at ${width} px`).toEqual(
            kind === 'nps' ? [6, 5] : width < 380 ? [4, 3] : [7],
          );
          for (const b of layout.radios) {
            expect(b.w).toBeGreaterThanOrEqual(43.99);
            expect(b.h).toBeGreaterThanOrEqual(43.99);
            expect(b.x).toBeGreaterThanOrEqual(layout.card[0]!);
            expect(b.right).toBeLessThanOrEqual(layout.card[1]!);
          }
          expect(layout.card[1]).toBeLessThanOrEqual(width);
          await context.close();
        }
      },
      T,
    );
  }
});

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

describe('accessibility', () => {
  /** axe-core's serious and critical violations inside the prompt (the fixture page is not ours to judge). */
  async function axe(page: Page): Promise<string[]> {
    const result = await page.evaluate(() =>
      (window as unknown as { axe: { run(c: Document, o: object): Promise<AxeResult> } }).axe.run(document, {
        resultTypes: ['violations'],
      }),
    );
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) =>
        v.nodes
          .filter((n) => JSON.stringify(n.target).includes('loupe-prompt'))
          .map((n) => `${v.impact} ${v.id}: ${v.help} at ${JSON.stringify(n.target)}`),
      );
  }

  it('axe-core: no serious or critical violation in the prompt, light and dark, every kind, every step', async () => {
    const failures: string[] = [];
    const cases: [string, PromptDefinitionInput, string][] = [
      [
        'nps colour-coded',
        {
          name: 'a',
          kind: 'nps',
          texts: { en: { question: 'Recommend us?', followUp: { default: 'Why?' } } },
          appearance: { colorScale: true },
        },
        '/prompt-basic/axe',
      ],
      [
        'nps dark page',
        {
          name: 'b',
          kind: 'nps',
          texts: { en: { question: 'Recommend us?', followUp: { default: 'Why?' } } },
          appearance: { colorScale: true },
        },
        '/prompt-dark/axe',
      ],
      [
        'csat stars',
        { name: 'c', kind: 'csat', texts: { en: { question: 'Rate us', followUp: { default: 'Why?' } } } },
        '/prompt-basic/axe',
      ],
      [
        'csat faces, brand',
        {
          name: 'd',
          kind: 'csat',
          style: 'faces',
          texts: { en: { question: 'Mood?', followUp: { default: 'Why?' } } },
          appearance: { brandColor: '#0f766e' },
        },
        '/prompt-dark/axe',
      ],
      [
        'ces centre',
        {
          name: 'e',
          kind: 'ces',
          texts: { en: { question: 'Easy?', followUp: { default: 'Why?' } } },
          appearance: { position: 'center' },
        },
        '/prompt-basic/axe',
      ],
    ];
    for (const [name, def, pagePath] of cases) {
      const { site, prompts } = await h.site([onDemand(def)]);
      const context = await h.browser.newContext();
      await context.addInitScript({ content: AXE });
      const { page } = await h.open(pagePath, { site, reuse: context });
      await showPrompt(page, prompts[0]!.id);
      await page.waitForFunction(() => document.activeElement?.localName === 'loupe-prompt');
      failures.push(...(await axe(page)).map((f) => `${name}, score: ${f}`));
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('loupe-prompt')!.shadowRoot!.querySelector('textarea'));
      failures.push(...(await axe(page)).map((f) => `${name}, follow-up: ${f}`));
      await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/loupe-prompt-${name.replace(/\W+/g, '-')}.png` });
      await page.keyboard.press('Control+Enter');
      await page.waitForFunction(() =>
        document.querySelector('loupe-prompt')?.shadowRoot?.querySelector('p.question[role=status]'),
      );
      failures.push(...(await axe(page)).map((f) => `${name}, thanks: ${f}`));
      await context.close();
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it(
    'the axe check can fail: a prompt-like dialog without a name and a low-contrast label is caught',
    async () => {
      const { site } = await h.site([]);
      const context = await h.browser.newContext();
      await context.addInitScript({ content: AXE });
      const { page } = await h.open('/prompt-basic/axe-bad', { site, reuse: context });
      await page.evaluate(() => {
        const host = document.createElement('loupe-prompt');
        const root = host.attachShadow({ mode: 'open' });
        const b = document.createElement('button');
        b.style.color = '#eee';
        b.style.background = '#fff';
        b.textContent = 'faint';
        const unnamed = document.createElement('button');
        root.append(b, unnamed);
        document.documentElement.append(host);
      });
      expect((await axe(page)).length).toBeGreaterThan(0);
      await context.close();
    },
    T,
  );
});

describe('the studio preview', () => {
  /** The preview page on the server's origin, top-level: it talks to itself as its own parent. */
  async function preview(
    message: object,
  ): Promise<{ page: Page; requests: string[]; close: () => Promise<void>; answers: () => Promise<unknown[]> }> {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.addInitScript(() => {
      (window as unknown as { answers: unknown[] }).answers = [];
      addEventListener('message', (e) => (window as unknown as { answers: unknown[] }).answers.push(e.data));
    });
    await page.goto(`${h.server.url}/preview/prompt.html`);
    await page.waitForFunction(() =>
      (window as unknown as { answers: { type: string }[] }).answers.some((a) => a.type === 'loupe:preview-ready'),
    );
    await page.evaluate((m) => postMessage(m, location.origin), message);
    return {
      page,
      requests,
      close: () => context.close(),
      answers: () => page.evaluate(() => (window as unknown as { answers: unknown[] }).answers),
    };
  }

  /** The prompt's whole DOM: host attributes and the shadow root's markup, once its live region spoke. */
  const dom = async (page: Page) => {
    await page.waitForFunction(
      () => document.querySelector('loupe-prompt')?.shadowRoot?.querySelector('[aria-live=polite]')?.textContent,
    );
    return page.evaluate(() => {
      const host = document.querySelector('loupe-prompt')!;
      return {
        attributes: host.getAttributeNames().map((n) => `${n}=${host.getAttribute(n)}`),
        html: host.shadowRoot!.innerHTML,
      };
    });
  };

  it(
    'names the dialog while its question is still being typed (an empty question shows an ellipsis)',
    async () => {
      const p = await preview({
        type: 'loupe:preview',
        prompt: { kind: 'nps', defaultLanguage: 'en', texts: { en: { question: '  ' } } },
      });
      await p.page.waitForFunction(() =>
        (window as unknown as { answers: { type: string; rendered?: boolean }[] }).answers.some(
          (a) => a.type === 'loupe:preview-ready' && a.rendered,
        ),
      );
      const named = await p.page.evaluate(() => {
        const root = document.querySelector('loupe-prompt')!.shadowRoot!;
        return {
          dialog: root.querySelector('[role=dialog]')?.getAttribute('aria-label'),
          question: root.querySelector('.question')?.textContent,
        };
      });
      expect(named).toEqual({ dialog: '…', question: '…' });
      await p.close();
    },
    T,
  );

  it(
    "renders the same DOM as the visitor's prompt for the same definition, and sends nothing",
    async () => {
      const definition = {
        name: 'same',
        kind: 'nps' as const,
        defaultLanguage: 'en',
        texts: { en: { question: 'How likely?' }, vi: { question: 'Khả năng?', lowLabel: 'Không', highLabel: 'Có' } },
        appearance: { brandColor: '#0f766e', radius: 6, colorScale: true },
      };
      const { site } = await h.site([definition]);
      const real = await h.open('/prompt-basic/same', { site, lang: 'vi' });
      const visitor = await dom(real.page);
      await real.context.close();

      const p = await preview({ type: 'loupe:preview', prompt: definition, language: 'vi' });
      const previewed = await dom(p.page);
      expect(previewed).toEqual(visitor);
      expect(previewed.html).toContain('Khả năng?');
      expect(await p.answers()).toContainEqual({ type: 'loupe:preview-ready', rendered: true });
      // Answering inside the preview records and sends nothing.
      await p.page.evaluate(() =>
        (
          document.querySelector('loupe-prompt')!.shadowRoot!.querySelectorAll('[role=radio]')[9] as HTMLElement
        ).click(),
      );
      await p.page.waitForFunction(() =>
        document.querySelector('loupe-prompt')?.shadowRoot?.querySelector('p.question[role=status]'),
      );
      expect(await p.page.evaluate(() => Object.keys(localStorage))).toEqual([]);
      // A new definition replaces the one on screen: dark, right to left.
      await p.page.evaluate((m) => postMessage(m, location.origin), {
        type: 'loupe:preview',
        prompt: { kind: 'csat', defaultLanguage: 'ar', texts: { ar: { question: 'ما مدى رضاك؟' } } },
        theme: 'dark',
        dir: 'rtl',
      });
      await p.page.waitForFunction(() =>
        document.querySelector('loupe-prompt')?.shadowRoot?.querySelector('[dir=rtl].dark'),
      );
      expect(await p.page.evaluate(() => document.querySelectorAll('loupe-prompt').length)).toBe(1);
      // Its own page, script, the prompt chunk and the strings of the languages it showed
      // (Vietnamese, Arabic): nothing else, never the API.
      expect(p.requests.map((r) => r.replace(/-[A-Z0-9]+(-[a-z]+)?\.js$/, '$1.js'))).toEqual([
        '/preview/prompt.html',
        '/preview/prompt.js',
        '/chunks/prompt.js',
        '/chunks/messages-vi.js',
        '/chunks/messages-ar.js',
      ]);
      await p.close();
    },
    T,
  );

  it(
    "answers why for a pasted URL and device with the loader's own rules, and reports a broken definition",
    async () => {
      const p = await preview({
        type: 'loupe:preview',
        prompt: {
          kind: 'nps',
          defaultLanguage: 'en',
          texts: { en: { question: 'Q?' } },
          targeting: {
            include: [{ match: 'prefix', value: '/shop' }],
            devices: ['mobile'],
            anyOf: [{ timeOnPageSeconds: 5 }, { scrollPercent: 25 }],
          },
        },
      });
      const ask = async (url: string, device: string) => {
        const n = ((await p.answers()) as { type: string }[]).filter((a) => a.type === 'loupe:why-result').length;
        await p.page.evaluate((m) => postMessage(m, location.origin), { type: 'loupe:why', url, device });
        await p.page.waitForFunction(
          (k) =>
            (window as unknown as { answers: { type: string }[] }).answers.filter((a) => a.type === 'loupe:why-result')
              .length > k,
          n,
        );
        return ((await p.answers()) as { type: string; reasons?: string[] }[])
          .filter((a) => a.type === 'loupe:why-result')
          .at(-1);
      };
      expect(await ask('https://shop.example/blog', 'desktop')).toEqual({
        type: 'loupe:why-result',
        eligible: false,
        reasons: [
          'page /blog not included',
          'device desktop not targeted',
          'no rule group holds: group 1: 0 of 5 s on page; group 2: scrolled 0 of 25%',
        ],
      });
      expect((await ask('/shop/cart', 'mobile'))!.reasons).toEqual([
        'no rule group holds: group 1: 0 of 5 s on page; group 2: scrolled 0 of 25%',
      ]);
      await p.page.evaluate((m) => postMessage(m, location.origin), {
        type: 'loupe:preview',
        prompt: { kind: 'nps', texts: null },
      });
      await p.page.waitForFunction(() =>
        (window as unknown as { answers: { type: string }[] }).answers.some((a) => a.type === 'loupe:preview-error'),
      );
      // A message from any window but the parent is ignored: the answer after it is to the next one.
      const results = async () =>
        ((await p.answers()) as { type: string; reasons?: string[] }[]).filter((a) => a.type === 'loupe:why-result');
      const before = (await results()).length;
      await p.page.evaluate(() => document.body.append(document.createElement('iframe')));
      const child = p.page.frames().find((f) => f !== p.page.mainFrame())!;
      // Posted from the child frame's own realm: its source is not the preview's parent.
      await child.evaluate(() => parent.postMessage({ type: 'loupe:why', url: '/blog', device: 'desktop' }, '*'));
      await ask('/shop/x', 'mobile');
      const after = await results();
      expect(after).toHaveLength(before + 1);
      expect(after.at(-1)!.reasons).not.toContain('page /blog not included');
      await p.close();
    },
    T,
  );
});
