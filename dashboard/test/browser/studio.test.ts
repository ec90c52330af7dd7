import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MeResponse, PromptList, ResponsesPage } from '@loupe/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@loupe/scripts/testing';
import { AXE, seriousViolations } from './support/axe.js';
import { type DashboardPage, DESKTOP, logIn, MOBILE, openPage, shot } from './support/dashboard-page.js';
import { type DashboardServer, OWNER, startDashboardServer, VIEWER } from './support/dashboard-server.js';

// Running Loupe from the browser: a site's settings, install and keys; a prompt made through the
// studio's forms that a page on another origin then shows; every invalid value named at its field;
// people; deleting a site; viewers reading only. axe-core on every studio view, screenshots saved.

let d: DashboardServer;
let browser: Browser;
let host: Server;
let hostOrigin: string;
/** The owner's page, logged in once and reused by the tests in order. */
let owner: DashboardPage;

beforeAll(async () => {
  [d, browser] = await Promise.all([startDashboardServer({ seed: false }), launchChromium()]);
  // The customer's shop: another origin (127.0.0.1 against the server's localhost name is not
  // enough, so another port) whose pages embed the widget like any site.
  host = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><head><title>Shop ${path}</title></head><body><h1>Shop</h1><input id="search" aria-label="Search">` +
        `<script async src="${d.server.url}/widget.js" data-key="${d.site.publicKey}" data-lang="vi"></script></body></html>`,
    );
  });
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  owner = await openPage(browser);
  await owner.page.addInitScript(AXE);
  await logIn(owner.page, d.server.url, OWNER);
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => host?.close(r));
  await d?.dispose();
});

const app = (route: string, query = '') => `${d.server.url}/app/${route}?site=${d.site.siteId}${query}`;
const apiAsOwner = async <T>(path: string): Promise<T> => {
  const res = await owner.page.request.get(d.server.url + path);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
};

describe('site settings and install', () => {
  it('renames the site (stored text stays text), checks origins at their field, and turns live when the first event arrives', async () => {
    const { page } = owner;
    await page.goto(app('settings'));
    await page.getByRole('heading', { name: /^Settings of/ }).waitFor();
    await expect.poll(() => page.locator('.last-event').getAttribute('data-last-event')).toBe('');

    const hostile = 'Shop <img src=x onerror="window.__pwned=1">';
    await page.getByRole('region', { name: 'Site', exact: true }).getByLabel('Name').fill(hostile);
    await page.locator('#site').getByRole('button', { name: 'Save' }).click();
    await page.locator('#site').getByText('Saved').waitFor();
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Settings of ${hostile}`);
    expect(await page.locator('img[src=x]').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    // The switcher in the header has the new name too (the list of sites was reloaded).
    await expect.poll(() => page.locator('.site-switcher option:checked').textContent()).toBe(hostile);

    const origin = page.getByLabel('Origin', { exact: true });
    await origin.fill('shop.example/checkout');
    await page.getByRole('button', { name: 'Add origin' }).click();
    await expect.poll(() => page.locator('#origin-new-error').textContent()).toMatch(/address|origin/i);
    expect(await origin.getAttribute('aria-invalid')).toBe('true');
    expect((await apiAsOwner<{ origins: string[] }>(`/v1/sites/${d.site.siteId}`)).origins).toEqual([
      'https://shop.example',
    ]);
    await origin.fill(hostOrigin);
    await page.getByRole('button', { name: 'Add origin' }).click();
    await page.locator('#origins code', { hasText: hostOrigin }).waitFor();
    expect((await apiAsOwner<{ origins: string[] }>(`/v1/sites/${d.site.siteId}`)).origins).toEqual([
      'https://shop.example',
      hostOrigin,
    ]);

    // The install snippets name this server and the site's key; the light turns green on its own.
    expect(await page.locator('#install').textContent()).toContain(`data-key="${d.site.publicKey}"`);
    await d.collect([
      {
        type: 'pageview',
        id: crypto.randomUUID(),
        ts: Date.now(),
        sessionId: 's-1',
        url: 'https://shop.example/',
        path: '/',
      },
    ]);
    await page.locator('.last-event.live').waitFor({ timeout: 15_000 });
    expect(await page.locator('.last-event').textContent()).toMatch(/Last event received/);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'studio-settings');
    expect(owner.problems).toEqual([]);
  });

  it('rotates the secret key: shown once in a dialog; the old key stops at once', async () => {
    const { page } = owner;
    await page.getByRole('button', { name: 'Rotate secret key' }).click();
    await page.getByRole('dialog', { name: 'Rotate the secret key?' }).getByRole('button', { name: 'Rotate' }).click();
    const secret = (await page.getByTestId('new-secret').textContent())!;
    expect(secret).toMatch(/^sk_/);
    await shot(page, 'studio-secret-dialog');
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByTestId('new-secret').count()).toBe(0);
    const read = (key: string) =>
      fetch(`${d.server.url}/v1/site`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status);
    expect(await read(d.site.secretKey)).toBe(401);
    expect(await read(secret)).toBe(200);
    d.site.secretKey = secret;
  });

  it('sets the days between prompts on the site, naming a bad value at its field', async () => {
    const { page } = owner;
    const panel = page.locator('#prompt-defaults');
    const field = panel.getByLabel('Days between any two prompts for one visitor');
    await field.fill('soon');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.locator('#pf-globalCooldownDays-error').waitFor();
    const settings = () => apiAsOwner<{ globalCooldownDays: number }>(`/v1/prompt-settings?site=${d.site.siteId}`);
    expect((await settings()).globalCooldownDays).toBe(14);
    await field.fill('7');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.getByText('Saved').waitFor();
    expect((await settings()).globalCooldownDays).toBe(7);
  });

  it('sets how long raw events and answers are kept, naming a bad value at its field', async () => {
    const { page } = owner;
    const panel = page.locator('#retention');
    const raw = panel.getByLabel('Keep raw events and sessions for (days)');
    const keep = panel.getByLabel('Keep answers until they are deleted');
    const site = () =>
      apiAsOwner<{ rawEventsDays: number; responsesDays: number | null }>(`/v1/sites/${d.site.siteId}`);
    expect(await raw.inputValue()).toBe('395');
    expect(await keep.isChecked()).toBe(true);
    expect(await panel.getByLabel('Keep answers for (days)').count()).toBe(0);

    // Fewer days than ingestion still accepts late events for: refused, named at the field, nothing changed.
    await raw.fill('3');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.locator('#pf-rawEventsDays-error').waitFor();
    expect(await raw.getAttribute('aria-invalid')).toBe('true');
    expect(await site()).toMatchObject({ rawEventsDays: 395, responsesDays: null });
    expect(await seriousViolations(page)).toEqual([]);
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'studio-retention-error');

    await raw.fill('90');
    await keep.uncheck();
    await panel.getByLabel('Keep answers for (days)').fill('30');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.getByText('Saved').waitFor();
    expect(await panel.locator('#pf-rawEventsDays-error').count()).toBe(0);
    expect(await site()).toMatchObject({ rawEventsDays: 90, responsesDays: 30 });

    // Back to keeping answers: null on the server, the days field gone.
    await keep.check();
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await site()).responsesDays).toBeNull();
    expect(await panel.getByLabel('Keep answers for (days)').count()).toBe(0);
  });

  it('creates a shared link shown once; it opens logged out, read-only, and revoking it ends it', async () => {
    const { page } = owner;
    await page.getByLabel('Label').fill('Board');
    await page.getByRole('button', { name: 'Create link' }).click();
    const link = (await page.getByTestId('share-link').textContent())!;
    expect(link).toMatch(new RegExp(`^${d.server.url}/app/shared/shr_[\\w-]+#key=[\\w-]{43}$`));
    await page.getByRole('button', { name: 'Done' }).click();
    await page.locator('#shares tr', { hasText: 'Board' }).waitFor();

    // Someone without an account opens it: the overview, then the scores with another period.
    const guest = await openPage(browser);
    await guest.page.addInitScript(AXE);
    await guest.page.goto(link);
    await guest.page.locator('[data-metric="visitors"][data-value]').waitFor();
    expect(new URL(guest.page.url()).hash).toBe('');
    expect(await guest.page.locator('.shared-site').textContent()).toContain('Shop <img');
    expect(await guest.page.locator('img[src=x]').count()).toBe(0);
    expect(await guest.page.locator('nav.tabs a').allTextContents()).toEqual(['Overview', 'Scores']);
    await guest.page.getByRole('link', { name: 'Scores' }).click();
    await guest.page.locator('.period select').first().selectOption('7d');
    await guest.page.waitForURL(/\/app\/shared\/shr_[\w-]+\/scores\?.*period=7d/);
    // No answers yet on this site: the scores view says so (and is no error).
    await guest.page.waitForFunction(
      () => document.querySelector('.score-value, .state-empty') && !document.querySelector('.loading'),
    );
    expect(await guest.page.locator('.state-error').count()).toBe(0);
    expect(await guest.page.getByText('This shared view has ended').count()).toBe(0);
    expect(await seriousViolations(guest.page)).toEqual([]);
    await shot(guest.page, 'studio-shared-view');
    // Nothing else answers the view's cookie.
    const shareId = /shared\/(shr_[\w-]+)/.exec(link)![1]!;
    const inbox = await guest.page.request.get(`${d.server.url}/v1/responses?share=${shareId}`);
    expect([400, 401]).toContain(inbox.status());

    await page.getByRole('button', { name: 'Revoke the link “Board”' }).click();
    await expect.poll(() => page.locator('#shares tr', { hasText: 'Board' }).count()).toBe(0);
    // Its next request (here: opening the page again, the key no longer in the address) ends it.
    await guest.page.goto(guest.page.url());
    await guest.page.getByText('This shared view has ended').waitFor();
    expect(await guest.page.locator('[data-metric]').count()).toBe(0);
    expect(guest.problems).toEqual([]);
    await guest.page.context().close();
  });

  it('a shared link with a password asks for it, and refuses a wrong one', async () => {
    const { page } = owner;
    await page.getByLabel('Label').fill('Investors');
    await page.getByLabel('Password (optional)').fill('a long shared password');
    await page.getByRole('button', { name: 'Create link' }).click();
    const link = (await page.getByTestId('share-link').textContent())!;
    await page.getByRole('button', { name: 'Done' }).click();
    const guest = await openPage(browser);
    await guest.page.goto(link);
    await guest.page.getByRole('heading', { name: 'This shared view needs a password' }).waitFor();
    await guest.page.getByLabel('Password').fill('a wrong guess');
    await guest.page.getByRole('button', { name: 'Open' }).click();
    await guest.page.getByText('That is not the password.').waitFor();
    await guest.page.getByLabel('Password').fill('a long shared password');
    await guest.page.getByRole('button', { name: 'Open' }).click();
    await guest.page.locator('[data-metric="visitors"][data-value]').waitFor();
    expect(guest.problems).toEqual([]);
    await guest.page.context().close();
  });
});

describe('the prompt studio', () => {
  it('names every invalid value at its field and saves nothing', async () => {
    const { page } = owner;
    await page.goto(app('prompt'));
    await page.getByRole('heading', { name: 'New prompt' }).waitFor();
    await page.getByRole('button', { name: 'Add a page rule' }).click();
    await page.locator('#pf-targeting-include-0-value').fill('checkout');
    await page.getByLabel('Delay (seconds)').fill('soon');
    await page.getByLabel('Sample (% of visitors)').fill('150');
    await page.getByLabel('Scrolled at least (%)').first().fill('101');
    await page.getByRole('button', { name: 'Create prompt' }).click();
    await page.locator('.error-summary').waitFor();
    for (const path of [
      'name',
      'texts-en-question',
      'targeting-include-0-value',
      'targeting-delaySeconds',
      'targeting-samplePercent',
      'targeting-scrollPercent',
    ]) {
      const error = page.locator(`#pf-${path}-error`);
      expect(await error.count(), path).toBe(1);
      expect((await error.textContent())!.length, path).toBeGreaterThan(0);
      expect(await page.locator(`#pf-${path}`).getAttribute('aria-invalid'), path).toBe('true');
    }
    expect((await apiAsOwner<PromptList>(`/v1/prompts?site=${d.site.siteId}&archived=include`)).prompts).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'studio-prompt-errors');
  });

  it('creates a prompt through the forms (URL rule, delay, OR groups, Vietnamese); a page on another origin shows it; its answer reaches the inbox', async () => {
    const { page } = owner;
    await page.goto(app('prompts'));
    await page.getByText('No prompt yet').waitFor();
    await page.getByRole('link', { name: 'New prompt' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Pricing NPS');
    await page.getByLabel('Question', { exact: true }).fill('How likely are you to recommend us?');
    await page.getByLabel('Thank-you message').fill('Thanks!');
    await page.getByLabel('Add a language').fill('vi');
    await page.getByRole('button', { name: 'Add language' }).click();
    // A new language starts empty: flagged as incomplete until translated.
    await page.locator('.lang-tabs .badge.warn').waitFor();
    await page.getByLabel('Question', { exact: true }).fill('Bạn có sẵn lòng giới thiệu chúng tôi không?');
    await page.getByLabel('Thank-you message').fill('Cảm ơn bạn!');
    await expect.poll(() => page.locator('.lang-tabs .badge.warn').count()).toBe(0);

    await page.getByRole('button', { name: 'Add a page rule' }).click();
    await page.locator('#pf-targeting-include-0-value').fill('/pricing');
    const tester = page.getByLabel('Test a URL');
    await tester.fill(`${hostOrigin}/pricing?plan=pro`);
    await expect.poll(() => page.locator('.tester-result').getAttribute('data-result')).toBe('shown');
    await tester.fill(`${hostOrigin}/about`);
    await expect.poll(() => page.locator('.tester-result').getAttribute('data-result')).toBe('notIncluded');
    await page.getByLabel('Delay (seconds)').fill('2');
    await page.getByLabel('Desktop').first().check();

    // The live preview renders the real prompt (the page of the widget's build) as typed, in the
    // language and direction chosen.
    const preview = page.frameLocator('iframe[title="Preview of the prompt"]');
    await preview.getByText('Bạn có sẵn lòng giới thiệu chúng tôi không?').first().waitFor();
    await page.locator('.preview-language').selectOption('en');
    await preview.getByText('How likely are you to recommend us?').first().waitFor();
    await page.getByRole('button', { name: 'Right to left' }).click();
    await expect.poll(() => preview.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('button', { name: 'Auto' }).click();

    // OR between rule groups: "after 1 s on the page, or at 25 % scroll".
    await page.getByRole('button', { name: 'Add a rule group (OR)' }).click();
    await page.getByRole('button', { name: 'Add a rule group (OR)' }).click();
    await page.locator('#pf-targeting-anyOf-0-timeOnPageSeconds').fill('1');
    await page.locator('#pf-targeting-anyOf-1-scrollPercent').fill('25');

    // "Why isn't it showing?" answers from the widget's own rules: not on a phone (desktop only).
    await page.getByLabel('Address').fill(`${hostOrigin}/pricing`);
    await page.locator('.why select').selectOption('mobile');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.locator('.why-blocked').waitFor();
    expect(await page.locator('.why-result li').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'studio-prompt-form');
    await page.getByRole('button', { name: 'Create prompt' }).click();
    await page.waitForURL(/[?&]prompt=pr_/);
    const promptId = new URL(page.url()).searchParams.get('prompt')!;
    await page.getByRole('heading', { name: 'Edit Pricing NPS' }).waitFor();

    const stored = (await apiAsOwner<PromptList>(`/v1/prompts?site=${d.site.siteId}`)).prompts;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      id: promptId,
      name: 'Pricing NPS',
      kind: 'nps',
      status: 'active',
      texts: {
        en: { question: 'How likely are you to recommend us?', thanks: 'Thanks!' },
        vi: { question: 'Bạn có sẵn lòng giới thiệu chúng tôi không?', thanks: 'Cảm ơn bạn!' },
      },
      targeting: {
        include: [{ match: 'prefix', value: '/pricing' }],
        delaySeconds: 2,
        devices: ['desktop'],
        anyOf: [{ timeOnPageSeconds: 1 }, { scrollPercent: 25 }],
      },
    });

    // A visitor of the shop, in Vietnamese, on /pricing: the prompt appears after the delay.
    const visitor = await browser.newPage();
    await visitor.goto(`${hostOrigin}/pricing`);
    const start = Date.now();
    const prompt = visitor.locator('loupe-prompt');
    await visitor.getByText('Bạn có sẵn lòng giới thiệu chúng tôi không?').first().waitFor({ timeout: 20_000 });
    expect(Date.now() - start).toBeGreaterThanOrEqual(1500);
    await shot(visitor, 'studio-prompt-on-host');
    await prompt.locator('[role=radio]').nth(9).click();
    await visitor.getByText('Cảm ơn bạn!').first().waitFor();
    await visitor.close();

    // The answer is in the inbox, under its prompt.
    await expect
      .poll(async () => (await apiAsOwner<ResponsesPage>(`/v1/responses?site=${d.site.siteId}`)).responses.length, {
        timeout: 15_000,
      })
      .toBe(1);
    // The inbox opens on answers with a comment; this one has none.
    await page.goto(app('responses', '&comment=all'));
    await page.locator('article.response').first().waitFor();
    expect(await page.locator('article.response').first().textContent()).toContain('9');

    // The list counts it: one response, and the prompt can be paused and duplicated.
    await page.goto(app('prompts'));
    const row = page.locator(`tr[data-prompt="${promptId}"]`);
    await expect.poll(() => row.locator('td[data-value]').getAttribute('data-value')).toBe('1');
    await page.getByRole('button', { name: 'Pause Pricing NPS' }).click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('paused');
    await page.getByRole('button', { name: 'Duplicate Pricing NPS' }).click();
    await page.locator('tr', { hasText: 'Pricing NPS (copy)' }).waitFor();
    await page.getByRole('button', { name: 'Delete Pricing NPS (copy)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.locator('tr', { hasText: 'Pricing NPS (copy)' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'studio-prompts');
    expect(owner.problems).toEqual([]);
  });
});

describe("a visitor's erasure", () => {
  it('erases the visitor who answered after a confirmation, shows the rows per table, and the audit log shows it', async () => {
    const { page } = owner;
    const answers = await apiAsOwner<ResponsesPage>(`/v1/responses?site=${d.site.siteId}`);
    const visitorId = answers.responses.find((r) => r.visitorId)?.visitorId;
    expect(visitorId, 'the shop visitor of the prompt test answered with a visitor id').toBeTruthy();
    await page.goto(app('settings'));
    const panel = page.locator('#erase');
    // No id: named at the field, nothing asked.
    await panel.getByRole('button', { name: 'Erase visitor…' }).click();
    await panel.locator('#erase-visitor-error').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);

    await panel.getByLabel('Visitor id').fill(visitorId!);
    await panel.getByRole('button', { name: 'Erase visitor…' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain(visitorId);
    // Cancel erases nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await apiAsOwner<ResponsesPage>(`/v1/responses?site=${d.site.siteId}`)).responses).toHaveLength(
      answers.responses.length,
    );
    await panel.getByRole('button', { name: 'Erase visitor…' }).click();
    await dialog.getByRole('button', { name: 'Erase for ever' }).click();
    const result = panel.getByTestId('erase-result');
    await result.waitFor();
    expect(await result.getByRole('status').textContent()).toMatch(/^Erased \d+ rows\.$/);
    expect(await result.locator('tr', { hasText: 'responses' }).locator('td').textContent()).toBe('1');

    // Gone from the read API; the audit log names the owner and the rows, never the id.
    const after = await apiAsOwner<ResponsesPage>(`/v1/responses?site=${d.site.siteId}`);
    expect(after.responses.filter((r) => r.visitorId === visitorId)).toEqual([]);
    const row = page.locator('#audit tr[data-action="visitor.erase"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('You');
    expect(await page.locator('#audit').textContent()).not.toContain(visitorId);

    // Again: nothing left to erase.
    await panel.getByLabel('Visitor id').fill(visitorId!);
    await panel.getByRole('button', { name: 'Erase visitor…' }).click();
    await dialog.getByRole('button', { name: 'Erase for ever' }).click();
    await result.getByText('Nothing was stored about this visitor.').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#audit tr[data-action="visitor.erase"]').length === 2);
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('#erase').scrollIntoViewIfNeeded();
    await shot(page, 'studio-erase-visitor');
    expect(owner.problems).toEqual([]);
  });
});

describe('people and sites', () => {
  it('invites a viewer who reads only: no settings, no actions, and the server refuses changes', async () => {
    const { page } = owner;
    await page.goto(app('users'));
    await page.getByLabel('Email').fill(VIEWER.email);
    await page.locator('#invite fieldset.checks input[type=checkbox]').first().check();
    await page.getByLabel('First password').fill(VIEWER.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator(`tr[data-user="${VIEWER.email}"]`).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'studio-users');

    const v = await openPage(browser);
    await logIn(v.page, d.server.url, VIEWER);
    const tabs = await v.page.locator('nav.tabs a').allTextContents();
    expect(tabs).toContain('Prompts');
    expect(tabs).not.toContain('Site & install');
    expect(tabs).not.toContain('People');
    await v.page.goto(app('prompts'));
    await v.page.locator('tr[data-prompt]').first().waitFor();
    expect(await v.page.getByRole('button', { name: /^Pause|^Resume|^Delete|^Duplicate/ }).count()).toBe(0);
    expect(await v.page.getByRole('link', { name: 'New prompt' }).count()).toBe(0);
    const refused = await v.page.request.patch(`${d.server.url}/v1/sites/${d.site.siteId}`, {
      data: { name: 'x' },
      headers: { origin: d.server.url },
    });
    expect(refused.status()).toBe(403);
    await v.page.context().close();

    await page.getByRole('button', { name: `Remove ${VIEWER.email}` }).click();
    await expect.poll(() => page.locator(`tr[data-user="${VIEWER.email}"]`).count()).toBe(0);
  });

  it('adds a site, then deletes it after its name is typed; the other site stays', async () => {
    const { page } = owner;
    await page.goto(app('settings'));
    await page.getByRole('link', { name: 'Add a site' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Temporary blog');
    await page.getByLabel('Origin').fill('https://blog.example');
    await page.getByRole('button', { name: 'Create site' }).click();
    expect(await page.getByTestId('new-secret').textContent()).toMatch(/^sk_/);
    await page.getByRole('button', { name: 'Continue to its settings' }).click();
    await page.getByRole('heading', { name: 'Settings of Temporary blog' }).waitFor();
    const blogId = new URL(page.url()).searchParams.get('site')!;

    await page.getByRole('button', { name: 'Delete Temporary blog…' }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Delete for ever' });
    await dialog.getByLabel('Site name').fill('Temporary');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Site name').fill('Temporary blog');
    await confirm.click();
    await page.waitForURL((u) => u.searchParams.get('site') !== blogId && u.pathname === '/app/');
    const me = await apiAsOwner<MeResponse>('/v1/auth/me');
    expect(me.sites.map((s) => s.siteId)).toEqual([d.site.siteId]);
    expect(owner.problems).toEqual([]);
  });
});

describe.each([
  { mode: 'dark', opts: { viewport: DESKTOP, colorScheme: 'dark' as const } },
  { mode: 'mobile', opts: { viewport: MOBILE, isMobile: true, hasTouch: true } },
])('the studio in $mode', ({ mode, opts }) => {
  it('every studio view: no serious or critical axe violation, and a screenshot', async () => {
    const p = await openPage(browser, opts);
    await p.page.addInitScript(AXE);
    await logIn(p.page, d.server.url, OWNER);
    for (const [route, ready] of [
      ['prompts', 'tr[data-prompt]'],
      ['prompt', '#pf-name'],
      ['settings', '#install .last-event'],
      ['users', 'tr[data-user]'],
    ] as const) {
      await p.page.goto(app(route));
      await p.page.waitForSelector(ready);
      await p.page.waitForFunction(() => !document.querySelector('.loading'));
      expect(await seriousViolations(p.page), `${route} in ${mode}`).toEqual([]);
      await shot(p.page, `studio-${route}-${mode}`);
    }
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });
});
