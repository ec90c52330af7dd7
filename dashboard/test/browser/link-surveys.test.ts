import { createHmac } from 'node:crypto';
import type { LinkSecret, Prompt, PromptLinks } from '@loupe/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@loupe/scripts/testing';
import { AXE, seriousViolations } from './support/axe.js';
import { logIn, openPage, shot } from './support/dashboard-page.js';
import { type DashboardServer, OWNER, startDashboardServer } from './support/dashboard-server.js';

// Link surveys in the dashboard: the studio's Links panel (public and QR links, the e-mail snippet,
// the link secret) says what the API says, and the inbox shows an e-mail answer's channel,
// touchpoint, customer and traits, as text.

const HOSTILE = '<img src=x onerror="document.title=1">';

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
  const payload = {
    site: d.site.siteId,
    customer: 'cus_77',
    touchpoint: 'support',
    channel: 'email',
    traits: { plan: HOSTILE },
    exp: Math.floor(Date.now() / 1000) + 3600,
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const t = `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
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
});
