import type { ConversionResponse, FunnelResponse } from '@loupe/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@loupe/scripts/testing';
import { seriousViolations, AXE } from './support/axe.js';
import { figure, logIn, MOBILE, openPage, shot } from './support/dashboard-page.js';
import { type DashboardServer, OWNER, startDashboardServer } from './support/dashboard-server.js';

// The Funnels view on a seeded shop: steps typed, reordered and removed in the form, kept in the
// URL (a funnel is a link), each step's figures equal to the API's, goal conversion per band.

let d: DashboardServer;
let browser: Browser;

beforeAll(async () => {
  [d, browser] = await Promise.all([startDashboardServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await d?.dispose();
});

/** The API's answer the page itself read last for a route (same URL, so the same figures). */
async function answerOf<T>(page: Page, route: string, act: () => Promise<unknown>): Promise<T> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === route && r.status() === 200),
    act(),
  ]);
  const url = new URL(res.url());
  return d.api<T>(`${url.pathname}${url.search}`);
}

const enteredCells = (page: Page) =>
  page
    .locator('#funnel table tbody tr td:nth-child(2) [data-value]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));

describe('the Funnels view', () => {
  it('builds the shop funnel from the form, shows the API’s figures and keeps the steps in the URL', async () => {
    const p = await openPage(browser);
    await p.page.context().addInitScript({ content: AXE });
    await logIn(p.page, d.server.url, OWNER, `/app/funnels?site=${d.site.siteId}`);
    await p.page.getByRole('button', { name: 'Try the shop funnel' }).waitFor();

    const api = await answerOf<FunnelResponse>(p.page, '/v1/funnels', () =>
      p.page.getByRole('button', { name: 'Try the shop funnel' }).click(),
    );
    expect(new URL(p.page.url()).searchParams.get('steps')).toBe('/product/*,/cart,/checkout,track:purchase');
    expect(api.steps[0]!.entered).toBeGreaterThan(0);
    expect(api.steps[3]!.entered).toBeGreaterThan(0);
    await expect.poll(() => enteredCells(p.page)).toEqual(api.steps.map((s) => s.entered));
    expect(await figure(p.page, 'completionRate')).toBe(api.completionRate);
    expect(await figure(p.page, 'medianMsToComplete')).toBe(api.medianMsToComplete);
    // Step names are shown as text.
    await expect.poll(() => p.page.locator('#funnel tbody tr').first().textContent()).toContain('/product/*');
    expect(await seriousViolations(p.page)).toEqual([]);
    await shot(p.page, 'funnels-desktop');

    // Reorder: move the checkout step above the cart; remove the product step; add a payment step.
    await p.page.getByRole('button', { name: 'Move step 3 up' }).click();
    await p.page.getByRole('button', { name: 'Remove step 1' }).click();
    await p.page.getByRole('button', { name: 'Add step' }).click();
    await p.page.getByRole('textbox', { name: 'Step 4' }).fill('/checkout/payment, oops');
    const next = await answerOf<FunnelResponse>(p.page, '/v1/funnels', () =>
      p.page.getByRole('button', { name: 'Show funnel' }).click(),
    );
    expect(new URL(p.page.url()).searchParams.get('steps')).toBe(
      '/checkout,/cart,track:purchase,/checkout/payment oops',
    );
    expect(next.steps.map((s) => s.step)).toEqual(['/checkout', '/cart', 'track:purchase', '/checkout/payment oops']);
    await expect.poll(() => enteredCells(p.page)).toEqual(next.steps.map((s) => s.entered));

    // The URL alone opens the same funnel (a shared link).
    const shared = await openPage(browser);
    await logIn(shared.page, d.server.url, OWNER, new URL(p.page.url()).pathname + new URL(p.page.url()).search);
    await expect.poll(() => enteredCells(shared.page)).toEqual(next.steps.map((s) => s.entered));
    await shared.page.context().close();
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });

  it('shows goal conversion per score band and device, from the API', async () => {
    const p = await openPage(browser, { viewport: MOBILE });
    await p.page.context().addInitScript({ content: AXE });
    const steps = encodeURIComponent('/product/*,/cart,/checkout,track:purchase');
    const band = await answerOf<ConversionResponse>(p.page, '/v1/metrics/conversion', () =>
      logIn(p.page, d.server.url, OWNER, `/app/funnels?site=${d.site.siteId}&steps=${steps}`),
    );
    expect(band).toMatchObject({ by: 'band', goal: 'purchase' });
    expect(band.rows.map((r) => r.value)).toEqual(['promoter', 'passive', 'detractor']);
    const rates = () =>
      p.page
        .locator('#conversion tbody [data-value]')
        .evaluateAll((els) => els.map((e) => JSON.parse(e.getAttribute('data-value')!) as number | null));
    await expect.poll(rates).toEqual(band.rows.map((r) => r.conversionRate));
    await expect.poll(() => p.page.locator('#conversion tbody tr').first().textContent()).toContain('Promoters');
    await p.page.locator('#funnel table').waitFor();
    expect(await seriousViolations(p.page)).toEqual([]);
    await shot(p.page, 'funnels-mobile');

    const device = await answerOf<ConversionResponse>(p.page, '/v1/metrics/conversion', () =>
      p.page.getByRole('button', { name: 'Device', exact: true }).click(),
    );
    expect(device.by).toBe('device');
    await expect.poll(rates).toEqual(device.rows.map((r) => r.conversionRate));
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });
});

describe('the Funnels view when the API estimates', () => {
  // A server that walks at most a few sessions per request, so a filtered read is a sample.
  let sampling: DashboardServer;
  beforeAll(async () => {
    sampling = await startDashboardServer({ env: { LOUPE_FUNNEL_SAMPLE_THRESHOLD: '8' } });
  });
  afterAll(async () => {
    await sampling?.dispose();
  });

  it('says in words that the funnel and the conversion under an audience are estimated from a sample', async () => {
    const p = await openPage(browser);
    const steps = encodeURIComponent('/product/*,/cart,/checkout,track:purchase');
    await logIn(
      p.page,
      sampling.server.url,
      OWNER,
      `/app/funnels?site=${sampling.site.siteId}&steps=${steps}&returning=false`,
    );
    const funnelNote = p.page.locator('#funnel [data-sampled]');
    await funnelNote.waitFor();
    expect(await funnelNote.textContent()).toMatch(/^Estimated from a .+ sample of sessions/);
    // By band the answers are read whole; by device under an audience the sessions are sampled.
    // The band's read may still be on its way when Device is clicked: wait for the device's own.
    const [res] = await Promise.all([
      p.page.waitForResponse((r) => {
        const u = new URL(r.url());
        return u.pathname === '/v1/metrics/conversion' && u.searchParams.get('by') === 'device' && r.status() === 200;
      }),
      p.page.getByRole('button', { name: 'Device', exact: true }).click(),
    ]);
    const url = new URL(res.url());
    expect(url.searchParams.get('returning')).toBe('false');
    const device = await sampling.api<ConversionResponse>(`${url.pathname}${url.search}`);
    expect(device.sampled).toBeDefined();
    const note = p.page.locator('#conversion [data-sampled]');
    await note.waitFor();
    expect(Number(await note.getAttribute('data-sampled'))).toBe(device.sampled!.rate);
    expect(await note.textContent()).toContain('exact=true');
    await shot(p.page, 'funnels-sampled');
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });
});
