import { createHmac } from 'node:crypto';
import type { LinkSecret, Prompt, PromptLinks } from '@loupe/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@loupe/scripts/testing';
import { AXE, seriousViolations } from './support/axe.js';
import { figure, logIn, openPage, shot } from './support/dashboard-page.js';
import { type DashboardServer, OWNER, startDashboardServer } from './support/dashboard-server.js';

// Link surveys in the dashboard: the studio's Links panel (public and QR links, the e-mail snippet,
// the link secret) says what the API says, and the inbox shows an e-mail answer's channel,
// touchpoint, customer and traits, as text.

const HOSTILE = '<img src=x onerror="document.title=1">';

/** Seeded signed answers besides the inbox's: [touchpoint, channel, score]. */
const SEEDED = [
  ['support', 'email', 5],
  ['support', 'sms', 4],
  ['delivery', 'email', 5],
  ['delivery', 'sms', 4],
] as const;

let d: DashboardServer;
let browser: Browser;
let prompt: Prompt;

const send = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const res = await fetch(d.server.url + path, {
    method,
    headers: { authorization: `Bearer ${d.site.secretKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
};

beforeAll(async () => {
  [d, browser] = await Promise.all([startDashboardServer({ seed: false }), launchChromium()]);
  prompt = await send<Prompt>('POST', '/v1/prompts', {
    name: 'Ticket CSAT',
    kind: 'csat',
    texts: { en: { question: 'How did we handle your request?', followUp: { default: 'Anything to add?' } } },
  });
  const { secret } = await send<LinkSecret>('GET', '/v1/link-secret');
  const signed = (context: object) => {
    const payload = { site: d.site.siteId, exp: Math.floor(Date.now() / 1000) + 3600, ...context };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
  };
  // Answers without comments (so the inbox, which opens on commented answers, shows only the last):
  // support by e-mail 5 and by SMS 4; delivery by e-mail 5 and by SMS 4; a QR code's 3, no touchpoint.
  for (const [touchpoint, channel, score] of SEEDED) {
    const t = signed({ customer: `cus_${score}${touchpoint}`, touchpoint, channel });
    await send('POST', `/s/${prompt.id}/answers`, { t, score });
  }
  await send('POST', `/s/${prompt.id}/answers`, { answerId: crypto.randomUUID(), channel: 'qr', score: 3 });
  const t = signed({ customer: 'cus_77', touchpoint: 'support', channel: 'email', traits: { plan: HOSTILE } });
  await send('POST', `/s/${prompt.id}/answers`, { t, score: 2, comment: 'Nobody called back' });
});
afterAll(async () => {
  await browser?.close();
  await d?.dispose();
});

describe('link surveys in the dashboard', () => {
  it('the studio’s Links panel shows the API’s links, snippet and secret', async () => {
    const p = await openPage(browser);
    await p.page.addInitScript(AXE);
    await logIn(p.page, d.server.url, OWNER, `/app/prompt?site=${d.site.siteId}&prompt=${prompt.id}`);
    const panel = p.page.locator('#links');
    await panel.getByText('E-mail snippet (plain text)').waitFor();
    const links = await send<PromptLinks>('GET', `/v1/prompts/${prompt.id}/links`);
    const codes = await panel.locator('pre.snippet code').allTextContents();
    expect(codes.slice(0, 4)).toEqual([links.publicUrl, links.qrUrl, links.html, links.text]);
    expect(codes[4]).toMatch(/^lsec_/);
    expect(await panel.getByRole('button', { name: 'Copy' }).count()).toBe(5);
    expect(await seriousViolations(p.page)).toEqual([]);
    await panel.scrollIntoViewIfNeeded();
    await shot(p.page, 'studio-links');
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });

  it('the inbox shows an e-mail answer’s channel, touchpoint, customer and traits as text', async () => {
    const p = await openPage(browser);
    await p.page.addInitScript(AXE);
    await logIn(p.page, d.server.url, OWNER, `/app/responses?site=${d.site.siteId}&channel=email`);
    const row = p.page.locator('article.response').first();
    await row.waitFor();
    expect(await row.locator('.meta .channel').textContent()).toBe('E-mail link');
    expect(await row.locator('.meta .touchpoint').textContent()).toBe('support');
    expect(await row.locator('.meta .customer').textContent()).toBe('Customer cus_77');
    expect(await row.locator('.traits li').textContent()).toBe(`plan: ${HOSTILE}`);
    expect(await row.locator('img').count()).toBe(0);
    expect(await row.locator('.friction-chips').count()).toBe(0);
    expect(await p.page.locator('select').filter({ hasText: 'All channels' }).inputValue()).toBe('email');
    expect(await seriousViolations(p.page)).toEqual([]);
    await shot(p.page, 'inbox-link-answer');
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });
  it('scores per touchpoint and per channel: the comparison and the filters from seeded link answers', async () => {
    const p = await openPage(browser);
    await p.page.addInitScript(AXE);
    await logIn(p.page, d.server.url, OWNER, `/app/scores?site=${d.site.siteId}&kind=csat&by=touchpoint`);
    const groups = p.page.locator('#groups');
    const channel = p.page.locator('select').filter({ hasText: 'All channels' });
    const rows = groups.locator('tbody tr');
    await rows.first().waitFor();
    const table = async () =>
      (await rows.all()).map(async (r) => [
        await r.locator('th').textContent(),
        await r.locator('td').nth(0).textContent(),
        await r.locator('td').nth(1).textContent(),
      ]);
    const read = async () => Promise.all(await table());
    // CSAT: the share answering 4 or 5. Support: 5, 4 and the inbox's 2; delivery: 5 and 4.
    expect(await read()).toEqual([
      ['support', '66.7', '3'],
      ['delivery', '100', '2'],
    ]);
    expect(await groups.getByRole('button', { name: 'Touchpoint' }).getAttribute('aria-pressed')).toBe('true');
    expect(await seriousViolations(p.page)).toEqual([]);
    await groups.scrollIntoViewIfNeeded();
    await shot(p.page, 'scores-by-touchpoint');

    // A row filters the view by its touchpoint: the headline is delivery's alone.
    await rows.filter({ hasText: 'delivery' }).locator('a').click();
    await expect.poll(() => new URL(p.page.url()).searchParams.get('touchpoint')).toBe('delivery');
    await expect.poll(() => figure(p.page, 'responses')).toBe(2);
    expect(await p.page.getByLabel('Touchpoint', { exact: true }).inputValue()).toBe('delivery');

    // By channel, under the touchpoint: e-mail and SMS; then the channel control narrows it to SMS.
    await groups.getByRole('button', { name: 'Channel' }).click();
    await expect.poll(() => new URL(p.page.url()).searchParams.get('by')).toBe('channel');
    await expect
      .poll(async () => (await read()).sort())
      .toEqual([
        ['E-mail link', '100', '1'],
        ['SMS link', '100', '1'],
      ]);
    await channel.selectOption('sms');
    await expect.poll(() => figure(p.page, 'responses')).toBe(1);
    // Every channel of every touchpoint: the QR code's answer has no touchpoint, but a channel.
    await p.page.getByLabel('Touchpoint', { exact: true }).fill('');
    await p.page.getByLabel('Touchpoint', { exact: true }).press('Enter');
    await channel.selectOption('');
    await expect.poll(read).toEqual([
      ['E-mail link', '66.7', '3'],
      ['SMS link', '100', '2'],
      ['QR code', '0', '1'],
    ]);
    await shot(p.page, 'scores-by-channel');
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });
});
