import type { BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promptFocused, startHarness, type Harness } from '../support/prompts-harness.js';

// One definition of "device": the class prompt targeting uses (primary pointer and screen) is the
// class every event carries, so the server files an answer under the device its prompt was aimed
// at, whatever the User-Agent claims.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(() => h?.close());

/** iPadOS in its default "desktop website" mode: a touch screen that says it is a Mac. */
const ipad: BrowserContextOptions = {
  viewport: { width: 820, height: 1180 },
  screen: { width: 820, height: 1180 },
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
};

describe('the device class', () => {
  it('an answer to a tablet-targeted prompt, from a tablet whose User-Agent says Mac, is filed under tablet', async () => {
    const { site, prompts } = await h.site([
      {
        name: 'tablets',
        kind: 'nps',
        texts: { en: { question: 'How likely are you to recommend us?' } },
        targeting: { devices: ['tablet'] },
      },
    ]);
    const id = prompts[0]!.id;
    const { page, context } = await h.open('/prompt-basic/tablet', { site, context: ipad });
    await promptFocused(page); // shown: targeting saw a tablet
    await page.keyboard.press('Enter'); // answers 0
    const [answer] = await h.eventually(() => {
      const r = h.query<{ device: string; score: number }>(
        'SELECT device, score FROM responses WHERE prompt_id = ?',
        id,
      );
      return r.length > 0 && r;
    }, 'the answer');
    expect(answer).toEqual({ device: 'tablet', score: 0 });
    const shown = await h.eventually(() => {
      const r = h.query<{ type: string; device: string }>(
        "SELECT type, device FROM events WHERE site_id = ? AND type IN ('pageview', 'prompt_shown') ORDER BY type",
        site.siteId,
      );
      return r.length === 2 && r;
    }, 'the page view and the display');
    expect(shown).toEqual([
      { type: 'pageview', device: 'tablet' },
      { type: 'prompt_shown', device: 'tablet' },
    ]);

    const scores = await fetch(`${h.server.url}/v1/metrics/scores?kind=nps&device=tablet`, {
      headers: { authorization: `Bearer ${site.secretKey}` },
    });
    expect((await scores.json()).total).toMatchObject({ responses: 1, displays: 1 });
    await context.close();
  }, 60_000);
});
