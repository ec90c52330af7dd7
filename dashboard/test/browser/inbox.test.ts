import { randomUUID } from 'node:crypto';
import type { OverviewResponse, PromptList, ResponseItem, ResponsesPage } from '@loupe/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@loupe/scripts/testing';
import { figure, logIn, openPage } from './support/dashboard-page.js';
import { createUser, type DashboardServer, OWNER, startDashboardServer, VIEWER } from './support/dashboard-server.js';

// Closing the loop from the browser: resolve an answer with a note, by mouse and by keyboard; the
// API agrees; the median time to resolve moves; viewers read only; exports download with the cookie.

let d: DashboardServer;
let browser: Browser;

beforeAll(async () => {
  [d, browser] = await Promise.all([startDashboardServer(), launchChromium()]);
  await createUser(d.server, VIEWER, 'viewer', d.site.siteId);
});
afterAll(async () => {
  await browser?.close();
  await d?.dispose();
});

const rows = (page: import('playwright-core').Page) => page.locator('article.response');

describe('the responses inbox', () => {
  it('resolves an answer with a note: it leaves the open list, the API shows it resolved and counts it, the page shows its figures', async () => {
    const p = await openPage(browser);
    // A complaint (a detractor's comment, in the period): resolving it also lowers the open complaints.
    await logIn(p.page, d.server.url, OWNER, `/app/responses?site=${d.site.siteId}&segment=detractor`);
    await rows(p.page).first().waitFor();
    const openBefore = await figure(p.page, 'openComplaints');
    const range = {
      from: await p.page.locator('.range-text').getAttribute('data-from'),
      to: await p.page.locator('.range-text').getAttribute('data-to'),
    };
    const overviewUrl = `/v1/metrics/overview?from=${range.from}&to=${range.to}&tz=UTC`;
    const apiBefore = await d.api<OverviewResponse>(overviewUrl);
    const first = rows(p.page).first();
    const id = (await first.getAttribute('data-response-id'))!;
    await first.getByRole('button', { name: 'Resolve' }).click();
    await first.getByLabel('Note (only your team sees it)').fill('Called the customer, refunded the coupon');
    await first.getByRole('button', { name: 'Resolve with note' }).click();
    await expect.poll(() => p.page.locator(`[data-response-id="${id}"]`).count()).toBe(0);

    const stored = await d.api<ResponseItem>(`/v1/responses/${id}`);
    expect(stored).toMatchObject({ status: 'resolved', note: 'Called the customer, refunded the coupon' });
    expect(stored.resolvedAt).toBeTruthy();
    const api = await d.api<OverviewResponse>(overviewUrl);
    // Resolved now, so in the period: one more resolution. (The seed's own resolutions are counted,
    // so one more rarely moves their median, a log-bucketed one: the page must show the API's.)
    expect(api.resolved.value).toBe(apiBefore.resolved.value! + 1);
    await expect.poll(() => figure(p.page, 'medianTimeToResolveMs')).toBe(api.medianTimeToResolveMs.value);
    expect(stored.segment).toBe('detractor');
    expect(await figure(p.page, 'openComplaints')).toBe(openBefore! - 1);
    expect(api.openComplaints.value).toBe(openBefore! - 1);
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });

  it('j / k move through the list and e resolves the selected answer', async () => {
    const p = await openPage(browser);
    await logIn(p.page, d.server.url, OWNER, `/app/responses?site=${d.site.siteId}`);
    await rows(p.page).first().waitFor();
    await p.page.locator('body').press('j');
    await p.page.keyboard.press('j');
    await p.page.keyboard.press('k');
    const selected = p.page.locator('article.response.selected');
    await expect.poll(() => selected.count()).toBe(1);
    const id = (await selected.getAttribute('data-response-id'))!;
    expect(id).toBe(await rows(p.page).nth(1).getAttribute('data-response-id'));
    await expect.poll(() => p.page.evaluate(() => document.activeElement?.getAttribute('data-response-id'))).toBe(id);
    await p.page.keyboard.press('e');
    await expect.poll(() => p.page.locator(`[data-response-id="${id}"]`).count()).toBe(0);
    expect((await d.api<ResponseItem>(`/v1/responses/${id}`)).status).toBe('resolved');
    // Resolved answers are one filter away, and o reopens.
    await p.page.getByLabel('Status').selectOption('resolved');
    await p.page.locator(`[data-response-id="${id}"]`).waitFor();
    await p.page.locator(`[data-response-id="${id}"]`).click();
    await p.page.keyboard.press('o');
    await expect.poll(async () => (await d.api<ResponseItem>(`/v1/responses/${id}`)).status).toBe('open');
    await p.page.context().close();
  });

  it("searches every answer on the server: the address keeps the search, the list and the export are the API's answer", async () => {
    // An answer with words no other comment has, below the first page of the list: a page's worth
    // of newer commented answers comes after it.
    const prompts = await d.api<PromptList>('/v1/prompts');
    const prompt = prompts.prompts.find((x) => x.kind === 'nps')!;
    const answer = (ago: number, score: number, comment: string, displayId = randomUUID()) => {
      const base = {
        ts: Date.now() - ago,
        sessionId: `s-${displayId}`,
        url: 'https://shop.example/kurv',
        path: '/kurv',
        language: 'da',
      };
      return [
        { ...base, id: randomUUID(), type: 'prompt_shown', promptId: prompt.id, displayId },
        { ...base, id: randomUUID(), type: 'response', promptId: prompt.id, displayId, kind: 'nps', score, comment },
      ];
    };
    const displayId = randomUUID();
    await d.collect(answer(3_600_000, 2, 'Rabatkoden VIRKEDE ikke, 100% øv', displayId));
    for (let batch = 0; batch < 2; batch++) {
      await d.collect(
        Array.from({ length: 30 }, (_, i) =>
          answer(60_000 + batch * 30_000 + i * 1000, 8, `Fine, number ${batch}-${i}`),
        ).flat(),
      );
    }
    const firstPage = await d.api<ResponsesPage>('/v1/responses?limit=50&hasComment=true&status=open');
    expect(
      firstPage.responses.map((r) => r.id),
      'the answer is not among those the inbox loads first',
    ).not.toContain(displayId);

    const p = await openPage(browser, { acceptDownloads: true });
    await logIn(p.page, d.server.url, OWNER, `/app/responses?site=${d.site.siteId}`);
    await rows(p.page).first().waitFor();
    await p.page.getByRole('searchbox', { name: 'Search comments' }).fill('virkede IKKE');
    await p.page.waitForURL((u) => u.searchParams.get('q') === 'virkede IKKE');
    await expect
      .poll(() => rows(p.page).evaluateAll((els) => els.map((e) => e.getAttribute('data-response-id'))))
      .toEqual([displayId]);
    const api = await d.api<ResponsesPage>('/v1/responses?hasComment=true&status=open&q=virkede%20ikke');
    expect(api.responses.map((r) => r.id)).toEqual([displayId]);
    // % is a character like any other, not a wildcard.
    await p.page.getByRole('searchbox', { name: 'Search comments' }).fill('100%');
    await p.page.waitForURL((u) => u.searchParams.get('q') === '100%');
    await expect
      .poll(() => rows(p.page).evaluateAll((els) => els.map((e) => e.getAttribute('data-response-id'))))
      .toEqual([displayId]);
    // The export downloads what the list shows.
    const [nd] = await Promise.all([
      p.page.waitForEvent('download'),
      p.page.getByRole('link', { name: 'NDJSON' }).click(),
    ]);
    const lines = (await new Response((await nd.createReadStream()) as unknown as ReadableStream).text())
      .trim()
      .split('\n');
    expect(lines.map((l) => (JSON.parse(l) as ResponseItem).id)).toEqual([displayId]);
    // The address is the search: reloading keeps it, and clearing the box shows every answer again.
    await p.page.reload();
    expect(await p.page.getByRole('searchbox', { name: 'Search comments' }).inputValue()).toBe('100%');
    await expect.poll(() => rows(p.page).count()).toBe(1);
    await p.page.getByRole('searchbox', { name: 'Search comments' }).fill('');
    await p.page.waitForURL((u) => !u.searchParams.has('q'));
    await expect.poll(() => rows(p.page).count()).toBeGreaterThan(1);
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });

  it('exports CSV and NDJSON from the browser with the session (no bearer header)', async () => {
    const p = await openPage(browser, { acceptDownloads: true });
    await logIn(p.page, d.server.url, OWNER, `/app/responses?site=${d.site.siteId}`);
    await rows(p.page).first().waitFor();
    const [csv] = await Promise.all([
      p.page.waitForEvent('download'),
      p.page.getByRole('link', { name: 'CSV' }).click(),
    ]);
    const text = await new Response((await csv.createReadStream()) as unknown as ReadableStream).text();
    expect(text.split('\n')[0]).toContain('score');
    expect(text.split('\n').length).toBeGreaterThan(2);
    const [nd] = await Promise.all([
      p.page.waitForEvent('download'),
      p.page.getByRole('link', { name: 'NDJSON' }).click(),
    ]);
    const first = (await new Response((await nd.createReadStream()) as unknown as ReadableStream).text()).split(
      '\n',
    )[0]!;
    expect(JSON.parse(first)).toHaveProperty('score');
    await p.page.context().close();
  });

  it('a viewer reads the inbox but has no resolve buttons, and the API refuses the change', async () => {
    const p = await openPage(browser);
    await logIn(p.page, d.server.url, VIEWER, `/app/responses?site=${d.site.siteId}`);
    await rows(p.page).first().waitFor();
    expect(await p.page.getByRole('button', { name: 'Resolve' }).count()).toBe(0);
    await expect.poll(() => p.page.getByText('Viewers cannot change responses.').isVisible()).toBe(true);
    const id = (await rows(p.page).first().getAttribute('data-response-id'))!;
    await rows(p.page).first().focus();
    await p.page.keyboard.press('e');
    const status = await p.page.evaluate(
      async ([rid, site]) =>
        (
          await fetch(`/v1/responses/${rid}?site=${site}`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json' },
            body: '{"status":"resolved"}',
          })
        ).status,
      [id, d.site.siteId] as const,
    );
    expect(status).toBe(403);
    const page1 = await d.api<ResponsesPage>(`/v1/responses?limit=200&status=open`);
    expect(page1.responses.some((r) => r.id === id)).toBe(true);
    // A site not granted to the viewer: the API answers 404 and the app says so, without its data.
    const other = await d.server.createSite({ name: 'Not yours' });
    const status404 = await p.page.evaluate(
      async (site) => (await fetch(`/v1/metrics/overview?site=${site}`)).status,
      other.siteId,
    );
    expect(status404).toBe(404);
    await p.page.goto(`${d.server.url}/app/?site=${other.siteId}`);
    await expect
      .poll(() => p.page.getByRole('alert').textContent())
      .toContain('This site does not exist, or you have no access to it.');
    expect(await p.page.locator('.site-switcher option').allInnerTexts()).toEqual(['Site', 'Seed shop']);
    await p.page.context().close();
  });
});
