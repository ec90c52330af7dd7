import type { SiteWithSecret } from '@loupe/shared';
import { describe, expect, it } from 'vitest';
import { configLoaded, loupe, promptHost, useHarness, why } from '../support/prompts-harness.js';

// loupe('identify', customerId, traits) and data-loupe-traits in the real loader, in Chromium,
// against the real server: the stored event and its session, clearing, the traits remembered for
// the session's later pages, a prompt targeted by trait, and GPC.

const h = useHarness();

const T = 60_000;
const q = { en: { question: 'How likely are you to recommend us?' } };
const proOnly = { traits: [{ name: 'plan', values: ['pro', 'team'] }] };

interface IdentifyRow {
  session_id: string;
  payload: string;
}
const identifies = (site: SiteWithSecret) =>
  h
    .query<IdentifyRow>(
      'SELECT session_id, payload FROM events WHERE site_id = ? AND type = ? ORDER BY ts',
      site.siteId,
      'identify',
    )
    .map((r) => {
      const { customerId, traits } = JSON.parse(r.payload) as { customerId?: string; traits?: object };
      return { session: r.session_id, ...(customerId === undefined ? {} : { customerId }), traits };
    });
const sessionOfMarker = (site: SiteWithSecret) =>
  h.query<{ session_id: string }>(
    'SELECT session_id FROM events WHERE site_id = ? AND type = ? ORDER BY ts DESC LIMIT 1',
    site.siteId,
    'track',
  )[0]!.session_id;

describe.concurrent("loupe('identify')", () => {
  it(
    'a trait-targeted prompt waits for identify with a matching trait; the event is stored with the session',
    async () => {
      const { site, prompts } = await h.site([{ name: 'pro', kind: 'nps', texts: q, targeting: proOnly }]);
      const id = prompts[0]!.id;
      const { page, context } = await h.open('/prompt-basic/account', { site });
      await configLoaded(page, id);
      expect((await why(page, id)).reasons).toEqual(['waiting for identify with trait plan = pro or team (not set)']);

      await loupe(page, 'identify', ' c-42 ', { plan: 'basic', seats: 3, admin: false });
      const said = await h.marker(page, site, id); // stored after the identify it follows
      expect(said!.reasons).toEqual(['waiting for identify with trait plan = pro or team (is basic)']);
      expect(await promptHost(page).count()).toBe(0);
      expect(identifies(site)).toEqual([
        { session: sessionOfMarker(site), customerId: 'c-42', traits: { plan: 'basic', seats: 3, admin: false } },
      ]);

      await loupe(page, 'identify', 'c-42', { plan: 'pro' });
      await promptHost(page).waitFor();
      expect((await why(page, id)).reasons).toEqual(['showing now']);
      await context.close();
    },
    T,
  );

  it(
    "the traits last for the session's later pages; identify() with no id clears them (and is stored)",
    async () => {
      const { site, prompts } = await h.site([
        { name: 'pro', kind: 'nps', texts: q, targeting: { ...proOnly, minPageviews: 2 } },
      ]);
      const id = prompts[0]!.id;
      const context = await h.browser.newContext();
      const first = await h.open('/prompt-basic/login', { site, reuse: context });
      await configLoaded(first.page, id);
      await loupe(first.page, 'identify', 7, { plan: 'pro' });
      await loupe(first.page, 'identify');
      await h.marker(first.page, site);
      const [set, cleared] = identifies(site);
      expect(set).toMatchObject({ customerId: '7', traits: { plan: 'pro' } });
      expect(cleared).toEqual({ session: set!.session, traits: {} });
      const second = await h.open('/prompt-basic/next', { site, reuse: context });
      await configLoaded(second.page, id);
      expect((await h.marker(second.page, site, id))!.reasons).toEqual([
        'waiting for identify with trait plan = pro or team (not set)',
      ]);

      await context.close();

      // Another visitor: identified on the first page, the prompt shows on the second without a call.
      const other = await h.browser.newContext();
      const login = await h.open('/prompt-basic/login', { site, reuse: other });
      await configLoaded(login.page, id);
      await loupe(login.page, 'identify', 'c-8', { plan: 'team' });
      await h.marker(login.page, site, id);
      expect(await promptHost(login.page).count()).toBe(0); // one page view of two
      const next = await h.open('/prompt-basic/next', { site, reuse: other });
      await promptHost(next.page).waitFor();
      await other.close();
    },
    T,
  );

  it(
    'data-loupe-traits on the script tag: an identify without an id, at start',
    async () => {
      const { site, prompts } = await h.site([{ name: 'pro', kind: 'nps', texts: q, targeting: proOnly }]);
      const { page, context } = await h.open('/prompt-traits/home', { site });
      await promptHost(page).waitFor();
      expect((await why(page, prompts[0]!.id)).reasons).toEqual(['showing now']);
      await h.marker(page, site);
      expect(identifies(site)).toEqual([
        { session: sessionOfMarker(site), traits: { plan: 'pro', seats: 12, beta: true } },
      ]);
      await context.close();
    },
    T,
  );

  it(
    'under GPC nothing of identify is sent or kept, but the page still targets its prompts by the traits',
    async () => {
      const { site, prompts } = await h.site([{ name: 'pro', kind: 'nps', texts: q, targeting: proOnly }]);
      const context = await h.browser.newContext();
      await context.addInitScript(() => Object.defineProperty(navigator, 'globalPrivacyControl', { value: true }));
      const { page } = await h.open('/prompt-basic/gpc', { site, reuse: context });
      await configLoaded(page, prompts[0]!.id);
      await loupe(page, 'identify', 'c-gpc', { plan: 'pro' });
      await promptHost(page).waitFor();
      // The display is explicit, so it is sent: once it is stored, the identify before it would be too.
      await h.eventually(
        () => h.query('SELECT 1 FROM events WHERE site_id = ? AND type = ?', site.siteId, 'prompt_shown').length,
        'the prompt_shown event',
      );
      expect(identifies(site)).toEqual([]);
      const kept = await page.evaluate(
        () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
      );
      expect(kept).not.toContain('c-gpc');
      await context.close();
    },
    T,
  );
});
