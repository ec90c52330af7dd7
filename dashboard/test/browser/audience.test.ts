import type { Prompt, PromptList, ScoresResponse, TraitsResponse } from '@loupe/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@loupe/scripts/testing';
import { filterQuery, readUrl, retentionUrl, ROUTE_FILTERS } from '../../src/api/read-urls.js';
import { readViewState } from '../../src/state/view-state.js';
import { scoreOfDistribution, subtractDistribution } from '@loupe/shared/distribution-score';
import { AXE, seriousViolations } from './support/axe.js';
import { DESKTOP, logIn, MOBILE, openPage, settle, shot } from './support/dashboard-page.js';
import { type DashboardServer, OWNER, startDashboardServer } from './support/dashboard-server.js';

// The audience filter on the seeded shop plus identified visitors (plan pro on mobile, free on
// desktop, one whose trait name and value are markup): chosen from the site's own trait names
// and values, it lives in the URL, shows as removable chips, and reaches every route that takes
// it (none answers 400); the scores view sets the audience against everyone else; the studio
// edits a prompt's trait rules and "why isn't it showing?" takes the visitor's traits. axe at
// desktop and 390 px; screenshots in test-artifacts/dashboard-audience-*.png.

const HOSTILE = '<img src=x onerror=alert(1)>';
let d: DashboardServer;
let browser: Browser;
let nps: Prompt;

beforeAll(async () => {
  [d, browser] = await Promise.all([startDashboardServer(), launchChromium()]);
  nps = (await d.api<PromptList>('/v1/prompts')).prompts.find((p) => p.kind === 'nps')!;
  const now = Date.now();
  const events: object[] = [];
  const visit = (i: number, device: string, traits: Record<string, string>, scores: number[], visitorId: string) => {
    const base = { sessionId: `aud-${i}`, visitorId, url: 'https://shop.example/', path: '/', device, language: 'en' };
    const ts = now - 3_600_000 + i * 60_000;
    events.push({ ...base, id: crypto.randomUUID(), ts, type: 'pageview' });
    events.push({ ...base, id: crypto.randomUUID(), ts: ts + 1000, type: 'identify', customerId: `c${i}`, traits });
    for (const [j, score] of scores.entries())
      events.push({
        ...base,
        id: crypto.randomUUID(),
        ts: ts + 2000 + j,
        type: 'response',
        promptId: nps.id,
        displayId: crypto.randomUUID(),
        kind: 'nps',
        score,
      });
  };
  // pro on mobile: mostly promoters; a returning visitor among them (aud-v1 twice).
  for (let i = 0; i < 8; i++)
    visit(i, 'mobile', { plan: 'pro' }, [i % 4 === 0 ? 7 : 10], i < 2 ? 'aud-v1' : `aud-p${i}`);
  for (let i = 8; i < 14; i++) visit(i, 'desktop', { plan: 'free' }, [3 + (i % 4)], `aud-f${i}`);
  visit(14, 'desktop', { plan: 'team', [HOSTILE]: HOSTILE }, [8], 'aud-h');
  await d.collect(events);
  // The writer commits in groups: wait until the last answer reads back.
  for (let i = 0; (await d.api<TraitsResponse>('/v1/traits')).traits.length < 2; i++) {
    if (i > 100) throw new Error('the identify calls were not stored');
    await new Promise((r) => setTimeout(r, 100));
  }
});
afterAll(async () => {
  await browser?.close();
  await d?.dispose();
});

/** Every read request the page makes that the server refuses with 400 (never shown to anyone). */
function refusals(page: Page): string[] {
  const out: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 400 && new URL(r.url()).pathname.startsWith('/v1/')) out.push(`${r.status()} ${r.url()}`);
  });
  return out;
}

const rangeOf = async (page: Page) => {
  const el = page.locator('.range-text');
  return { from: (await el.getAttribute('data-from'))!, to: (await el.getAttribute('data-to'))! };
};

describe('the audience filter', () => {
  it('every route that ROUTE_FILTERS says takes the audience accepts it (no 400)', async () => {
    const filters = readViewState(
      new URLSearchParams(`trait.plan=pro&trait.${encodeURIComponent(HOSTILE)}=x&returning=true&device=mobile`),
      '2026-12-03',
    ).filters;
    const state = { siteId: d.site.siteId, tz: 'UTC', range: { from: '2026-11-01', to: '2026-11-30' }, filters };
    const extra: Record<string, Record<string, string>> = {
      scores: { kind: 'nps' },
      breakdown: { by: 'browser' },
      funnels: { steps: '/,/checkout' },
      conversion: { by: 'band' },
      journeys: { kind: 'nps' },
      touchpoints: { kind: 'nps' },
      friction: { kind: 'nps' },
    };
    const refused: string[] = [];
    const routes = (Object.keys(ROUTE_FILTERS) as (keyof typeof ROUTE_FILTERS)[]).filter((r) =>
      (ROUTE_FILTERS[r] as readonly string[]).includes('traits'),
    );
    expect(routes).toEqual(expect.arrayContaining(Object.keys(ROUTE_FILTERS).filter((r) => r !== 'errors')));
    for (const route of routes) {
      expect(Object.keys(filterQuery(route, filters)), route).toContain('trait.plan');
      const url =
        route === 'retention' ? retentionUrl(state, 'week', 'visitor') : readUrl(route, state, extra[route] ?? {});
      const res = await fetch(d.server.url + url, { headers: { authorization: `Bearer ${d.site.secretKey}` } });
      if (res.status !== 200) refused.push(`${route} ${res.status} ${(await res.text()).slice(0, 200)}`);
    }
    expect(refused).toEqual([]);
  });

  it('is chosen from the site’s traits, lives in the URL as chips, and sets the audience against everyone else', async () => {
    const p = await openPage(browser);
    const refused = refusals(p.page);
    await p.page.context().addInitScript({ content: AXE });
    const page = p.page;
    await logIn(page, d.server.url, OWNER);
    await page.goto(`${d.server.url}/app/scores?site=${d.site.siteId}&period=7d`);
    await settle(page, '#score');

    // The picker lists the site's names (markup as text) and the chosen name's common values.
    await page.getByText('Audience', { exact: true }).click();
    const trait = page.locator('.audience-panel select.audience-name');
    // The seeded shop's customers bring their own traits (country, customerType, plan, years).
    await expect
      .poll(() => trait.locator('option').allTextContents())
      .toEqual([HOSTILE, 'country', 'customerType', 'plan', 'years']);
    await trait.selectOption('plan');
    const common = page.getByRole('list', { name: 'Common values of plan' });
    expect((await common.getByRole('button').allTextContents()).sort()).toEqual(['free', 'pro', 'team']);
    await common.getByRole('button', { name: 'pro' }).click();
    await page.waitForURL(/trait\.plan=pro/);
    // With the device (a table row's link, as before), it is "plan pro on mobile".
    await page.goto(`${page.url()}&device=mobile`);
    await settle(page, '#versus .vs-table');
    const chips = page.locator('.chips .chip');
    expect(await chips.evaluateAll((els) => els.map((e) => e.getAttribute('data-filter')))).toEqual([
      'device',
      'trait.plan',
    ]);
    expect(await page.locator('.chip[data-filter="trait.plan"]').textContent()).toBe('plan pro×');

    // The headline is the API's for the audience; the comparison's rows are the audience,
    // everyone less the audience, and everyone.
    const { from, to } = await rangeOf(page);
    const base = `/v1/metrics/scores?kind=nps&from=${from}&to=${to}&tz=UTC`;
    const audience = await d.api<ScoresResponse>(`${base}&trait.plan=pro&device=mobile`);
    const everyone = await d.api<ScoresResponse>(base);
    // The 8 answers above, plus the seeded shop's own pro customers on mobile.
    expect(audience.total.responses).toBeGreaterThanOrEqual(8);
    const others = scoreOfDistribution(
      'nps',
      subtractDistribution(everyone.total.distribution, audience.total.distribution),
    );
    // The dashboard's formulas are the API's: on everyone's distribution they give everyone's figures.
    expect(scoreOfDistribution('nps', everyone.total.distribution)).toEqual({
      responses: everyone.total.responses,
      score: everyone.total.score,
      margin: everyone.total.marginOfError,
    });
    const cell = async (row: string, metric: string) =>
      JSON.parse(
        (await page.locator(`.vs-table tr[data-row="${row}"] [data-metric="${metric}"]`).getAttribute('data-value'))!,
      );
    expect(await cell('audience', 'score')).toBe(audience.total.score);
    expect(await cell('audience', 'responses')).toBe(audience.total.responses);
    expect(await cell('others', 'score')).toBe(others.score);
    expect(await cell('others', 'responses')).toBe(everyone.total.responses - audience.total.responses);
    expect(await cell('everyone', 'score')).toBe(everyone.total.score);
    expect(await page.locator('.vs-table tr[data-row="audience"] th').textContent()).toBe('plan pro · Device Mobile');
    expect(Number(await page.locator('.vs-verdict').getAttribute('data-diff'))).toBeCloseTo(
      audience.total.score! - others.score!,
      1,
    );

    // New vs returning: one more chip, one more parameter.
    await page.getByText('Audience', { exact: true }).click();
    await page.locator('.audience-panel').getByLabel('Visitors').selectOption('true');
    await page.waitForURL(/returning=true/);
    await page.locator('.chip[data-filter="returning"]').waitFor();
    expect(await page.locator('.chip[data-filter="returning"]').textContent()).toBe('Visitors Returning×');

    // Compare by a trait: the API's groupBy=trait.plan, under the same filters.
    await page.goto(
      `${d.server.url}/app/scores?site=${d.site.siteId}&period=7d&trait.${encodeURIComponent(HOSTILE)}=${encodeURIComponent(HOSTILE)}`,
    );
    await settle(page, '#groups');
    await page.locator('select.compare-trait').selectOption('trait.plan');
    await page.waitForURL(/by=trait\.plan/);
    const grouped = await d.api<ScoresResponse>(
      `${base}&groupBy=trait.plan&trait.${encodeURIComponent(HOSTILE)}=${encodeURIComponent(HOSTILE)}`,
    );
    await expect
      .poll(() => page.locator('#groups tbody tr th').allTextContents())
      .toEqual(grouped.groups!.map((g) => g.key));
    expect(grouped.groups!.map((g) => g.key)).toEqual(['team']);
    // Markup in a trait's name and value is text, never HTML.
    expect(await page.locator('.chip img, .audience img, .vs-table img').count()).toBe(0);
    expect(await page.locator('.chip[data-filter^="trait."] .chip-name').textContent()).toBe(HOSTILE);
    expect(await page.locator('.vs-table tr[data-row="audience"] th').textContent()).toBe(`${HOSTILE} ${HOSTILE}`);
    await page.getByText('Audience', { exact: true }).click();
    await page.locator('.audience-panel').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'audience-scores');

    // Removing the chip removes the parameter; the view is everyone again.
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: `Remove filter ${HOSTILE} is ${HOSTILE}` }).click();
    await page.waitForURL((u) => !u.searchParams.has(`trait.${HOSTILE}`));
    await expect.poll(() => page.locator('#versus').count()).toBe(0);
    expect(refused).toEqual([]);
    expect(p.problems).toEqual([]);
  });

  it('follows the audience to every view; a route that cannot take it says so, none refuses it', async () => {
    const p = await openPage(browser);
    const refused = refusals(p.page);
    const page = p.page;
    await logIn(page, d.server.url, OWNER);
    const filters = '&trait.plan=pro&returning=false';
    for (const route of ['', 'scores', 'responses', 'pages', 'errors', 'clicks', 'funnels', 'tasks', 'retention']) {
      const extra = route === 'funnels' ? '&steps=%2F,%2Fcheckout' : '';
      await page.goto(`${d.server.url}/app/${route}?site=${d.site.siteId}&period=30d${filters}${extra}`);
      await page.locator('.chip[data-filter="trait.plan"]').waitFor();
      await page.waitForFunction(() => !document.querySelector('.loading'));
      expect(await page.locator('.state-error').count(), route).toBe(0);
      const takes: readonly string[] =
        ROUTE_FILTERS[route === '' ? 'overview' : route === 'funnels' ? 'funnels' : (route as 'scores')] ?? [];
      if (!takes.includes('traits')) expect(await page.locator('.ignored-filters').count(), route).toBeGreaterThan(0);
    }
    expect(refused).toEqual([]);
    expect(p.problems).toEqual([]);
  });

  it('at 390 px the picker and chips fit, with no serious axe violation', async () => {
    const p = await openPage(browser, { viewport: MOBILE, isMobile: true, hasTouch: true });
    await p.page.context().addInitScript({ content: AXE });
    const page = p.page;
    await logIn(page, d.server.url, OWNER);
    await page.goto(
      `${d.server.url}/app/scores?site=${d.site.siteId}&period=7d&trait.plan=pro&device=mobile&returning=true`,
    );
    await settle(page, '#versus .vs-table');
    await page.getByText('Audience', { exact: true }).click();
    await page.locator('.audience-panel select').first().waitFor();
    const box = await page.locator('.audience-panel').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(MOBILE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(MOBILE.width);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'audience-scores-390');
    expect(p.problems).toEqual([]);
  });
});

describe('trait targeting in the studio', () => {
  it('edits a prompt’s trait rules, keeps them on save, and "why" takes the visitor’s traits', async () => {
    const p = await openPage(browser, { viewport: DESKTOP });
    await p.page.context().addInitScript({ content: AXE });
    const page = p.page;
    await logIn(page, d.server.url, OWNER);
    await page.goto(`${d.server.url}/app/prompt?site=${d.site.siteId}&prompt=${nps.id}`);
    await page.getByRole('button', { name: 'Add a trait rule' }).waitFor();
    await page.getByRole('button', { name: 'Add a trait rule' }).click();
    const name = page.locator('#pf-targeting-traits-0-name');
    await name.fill('plan');
    await page.locator('#pf-targeting-traits-0-values').fill('pro\nteam');
    // The site's values are offered as text (the hint names them).
    const hint = page.locator('[data-rules="traits"] .field-hint', { hasText: 'Seen lately:' });
    await hint.waitFor();
    const seen = (await hint.textContent())!.replace(/^One value per line\. Seen lately: /, '').split(', ');
    expect(seen.sort()).toEqual(['free', 'pro', 'team']);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.form-actions .saved').waitFor();
    const stored = (await d.api<PromptList>('/v1/prompts')).prompts.find((x) => x.id === nps.id)!;
    expect(stored.targeting.traits).toEqual([{ name: 'plan', values: ['pro', 'team'] }]);

    // Read back after a reload: the form shows the stored rule; saving again keeps it.
    await page.reload();
    await page.locator('#pf-targeting-traits-0-values').waitFor();
    expect(await page.locator('#pf-targeting-traits-0-values').inputValue()).toBe('pro\nteam');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.form-actions .saved').waitFor();
    expect((await d.api<PromptList>('/v1/prompts')).prompts.find((x) => x.id === nps.id)!.targeting.traits).toEqual([
      { name: 'plan', values: ['pro', 'team'] },
    ]);

    // A bad rule (a second rule on the same trait) is the API's error, tied to the section.
    await page.getByRole('button', { name: 'Add a trait rule' }).click();
    await page.locator('#pf-targeting-traits-1-name').fill('plan');
    await page.locator('#pf-targeting-traits-1-values').fill('free');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain('one rule per trait name');
    await page.getByRole('button', { name: 'Remove trait rule 2' }).click();

    // "Why isn't it showing?": not identified → waits for identify; plan=free → still not; plan=pro → no trait gate.
    const ask = async (traits: string) => {
      await page.getByLabel('Visitor’s traits').fill(traits);
      await page.getByRole('button', { name: 'Check' }).click();
      await page.locator('.why-result p').first().waitFor();
      await expect.poll(() => page.locator('.why-result').textContent()).not.toContain('Checking');
      return (await page.locator('.why-result li').allTextContents()).join('\n');
    };
    await page.getByLabel('Address').fill('https://shop.example/');
    expect(await ask('')).toContain('waiting for identify with trait plan = pro or team (not set)');
    expect(await ask('plan=free')).toContain('(is free)');
    expect(await ask('plan=pro')).not.toContain('identify');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'audience-studio');
    expect(p.problems).toEqual([]);
  });
});
