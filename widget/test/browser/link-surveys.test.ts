import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type LinkSecret,
  linkPageMessagesFor,
  type Prompt,
  type PromptDefinitionInput,
  type PromptLinks,
  type SiteWithSecret,
} from '@loupe/shared';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startTestServer, type TestServer } from '@loupe/scripts/testing';

// Link surveys in real Chromium against the real built server: the e-mail's one-click links, the
// hosted page's one response per token, what mail scanners do (and that it stores nothing), and
// axe-core on the hosted page in light and dark, left to right and right to left.

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, '../../..');
const EXAMPLE = path.join(repo, 'docs/sign-link-token.mjs');
const ARTIFACTS = path.join(repo, 'test-artifacts');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const T = 60_000;

interface Row {
  display_id: string;
  score: number;
  comment: string | null;
  channel: string;
  touchpoint: string | null;
  customer_id: string | null;
  traits: string | null;
  link_flag: string | null;
  updated_at: number;
}

let server: TestServer;
let browser: Browser;
let site: SiteWithSecret;
let secret: string;
let db: Database.Database | undefined;

const api = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
  const res = await fetch(server.url + url, {
    method,
    headers: { authorization: `Bearer ${site.secretKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
};

const rowsOf = (promptId: string): Row[] => {
  db ??= new Database(server.dbPath, { readonly: true, fileMustExist: true });
  return db.prepare('SELECT * FROM responses WHERE prompt_id = ? ORDER BY created_at').all(promptId) as Row[];
};

async function eventually<T>(fn: () => T | false | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A token from the documented example, exactly as a site's backend would run it. */
const signedByExample = (promptId: string): string =>
  new URL(
    execFileSync(process.execPath, [EXAMPLE], {
      env: { LOUPE_LINK_SECRET: secret, LOUPE_SITE_ID: site.siteId, LOUPE_PROMPT_ID: promptId },
      encoding: 'utf8',
    }).trim(),
  ).searchParams.get('t')!;

/**
 * A person's browser. Chromium under Playwright says `navigator.webdriver` (as every automated
 * browser does, and the hosted page then waits for a real choice): a person's does not.
 */
async function person(options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }));
  return context;
}

const radio = (page: Page, name: string) =>
  page.locator('loupe-prompt [role="radio"]').getByText(name, { exact: true });
const checked = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelector('loupe-prompt')!.shadowRoot!.querySelectorAll('[role=radio]')]
      .filter((r) => r.getAttribute('aria-checked') === 'true')
      .map((r) => r.textContent),
  );
/** The hosted page's script has run: the prompt is mounted and focus is on its scale. */
const mounted = (page: Page) =>
  page.waitForFunction(
    () => document.querySelector('loupe-prompt')?.shadowRoot?.activeElement?.getAttribute('role') === 'radio',
  );

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `link-survey-${name}.png`), animations: 'disabled' });
}

const support: PromptDefinitionInput = {
  name: 'Support CSAT',
  kind: 'nps',
  texts: {
    en: {
      question: 'How likely are you to recommend our support?',
      followUp: { detractor: 'What should we have done better?', default: 'What made the difference?' },
    },
    ar: {
      question: 'ما مدى احتمال أن توصي بخدمة الدعم لدينا؟',
      followUp: { default: 'ما السبب؟' },
    },
  },
};

beforeAll(async () => {
  server = await startTestServer({ env: { LOUPE_LINK_RATE_LIMIT_MAX: '10000' } });
  browser = await launchChromium();
  site = await server.createSite({ name: 'Help desk', origins: [] });
  secret = (await api<LinkSecret>('GET', '/v1/link-secret')).secret;
}, T);
afterAll(async () => {
  db?.close();
  await browser?.close();
  await server?.dispose();
});

describe('the e-mail’s one-click links', () => {
  it(
    'score 3 from the e-mail, changed to 4, a comment, the link opened again: one response, score 4, the comment and the token’s context',
    async () => {
      const prompt = await api<Prompt>('POST', '/v1/prompts', support);
      const token = signedByExample(prompt.id);
      const links = await api<PromptLinks>('GET', `/v1/prompts/${prompt.id}/links?t=${encodeURIComponent(token)}`);
      expect(links.scale.map((s) => s.score)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

      const context = await person({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(links.scale[3]!.url);
      // Opened with 3 chosen and the detractor's follow-up, focus in its comment box.
      await page.locator('loupe-prompt textarea').waitFor();
      expect(await checked(page)).toEqual(['3']);
      await expect
        .poll(() => page.locator('loupe-prompt label').textContent())
        .toBe('What should we have done better?');
      const [first] = await eventually(() => rowsOf(prompt.id).length === 1 && rowsOf(prompt.id), 'the score 3');
      expect(first).toMatchObject({ score: 3, comment: null, channel: 'email', touchpoint: 'support' });
      await shot(page, 'email-score-3-mobile');

      await radio(page, '4').click();
      await eventually(() => rowsOf(prompt.id)[0]?.score === 4, 'the changed score');
      await page.locator('loupe-prompt textarea').fill('Two days to answer, but <b>solved</b> in the end');
      await page.locator('loupe-prompt button[type=submit]').click();
      const [commented] = await eventually(
        () => rowsOf(prompt.id)[0]?.comment !== null && rowsOf(prompt.id),
        'the comment',
      );
      await page.locator('loupe-prompt [role=status]').waitFor();
      await shot(page, 'email-thanks-mobile');

      // The person clicks the e-mail's 4 again later, on another device: still the same response.
      const again = await (await person()).newPage();
      await again.goto(links.scale[4]!.url);
      await eventually(() => rowsOf(prompt.id)[0]!.updated_at > commented!.updated_at, 'the replayed link');
      const rows = rowsOf(prompt.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        display_id: first!.display_id,
        score: 4,
        comment: 'Two days to answer, but <b>solved</b> in the end',
        channel: 'email',
        touchpoint: 'support',
        customer_id: 'cus_1042',
        link_flag: null,
      });
      expect(JSON.parse(rows[0]!.traits!)).toEqual({ plan: 'pro', ticket: 'T-8812' });
      // No cookie, and nothing kept in the browser.
      expect(await context.cookies()).toEqual([]);
      expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
      await context.close();
      await again.context().close();
    },
    T,
  );

  it(
    'a score the scale does not have: nothing chosen or stored, the person picks one',
    async () => {
      const prompt = await api<Prompt>('POST', '/v1/prompts', { ...support, name: 'Off scale' });
      const context = await person();
      const page = await context.newPage();
      await page.goto(`${server.url}/s/${prompt.id}?score=42&t=${signedByExample(prompt.id)}`);
      await mounted(page);
      expect(await checked(page)).toEqual([]);
      await radio(page, '9').click();
      const rows = await eventually(() => rowsOf(prompt.id).length > 0 && rowsOf(prompt.id), 'the chosen score');
      expect(rows).toEqual([expect.objectContaining({ score: 9, channel: 'email' })]);
      await context.close();
    },
    T,
  );
});

describe('mail scanners', () => {
  it(
    'fetching every link of the e-mail (GET, HEAD) and rendering each in an automated browser stores nothing',
    async () => {
      // What a scanner does: Outlook Safe Links, Proofpoint, Mimecast and chat previews GET (or HEAD)
      // each link and run no script; sandboxes that "detonate" links render them in an automated
      // browser (navigator.webdriver), without a person to choose anything. Both, for every link.
      const prompt = await api<Prompt>('POST', '/v1/prompts', { ...support, name: 'Scanned' });
      const links = await api<PromptLinks>(
        'GET',
        `/v1/prompts/${prompt.id}/links?t=${encodeURIComponent(signedByExample(prompt.id))}`,
      );
      const urls = [...links.scale.map((s) => s.url), links.publicUrl, links.qrUrl];
      const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Safe Links';
      for (const url of urls) {
        for (const method of ['GET', 'HEAD']) {
          const res = await fetch(url, { method, headers: { 'user-agent': ua } });
          expect(res.status, `${method} ${url}`).toBe(200);
          await res.arrayBuffer();
        }
      }
      const sandbox = await browser.newContext();
      const pages: Page[] = [];
      for (const url of urls) {
        const page = await sandbox.newPage();
        await page.goto(url);
        await mounted(page);
        pages.push(page);
      }
      // The marker: a person answers after all of that, through the public link; once their answer
      // is stored, anything the scanners had sent would be stored before it.
      const context = await person();
      const page = await context.newPage();
      await page.goto(links.publicUrl);
      await mounted(page);
      await radio(page, '7').click();
      const rows = await eventually(() => rowsOf(prompt.id).length > 0 && rowsOf(prompt.id), 'the person’s answer');
      expect(rows).toEqual([expect.objectContaining({ score: 7, channel: 'link', touchpoint: null })]);
      expect(rowsOf(prompt.id)).toHaveLength(1);
      await sandbox.close();
      await context.close();
    },
    T,
  );
});

describe('the hosted page', () => {
  interface AxeResult {
    violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
  }
  const axe = async (page: Page): Promise<string[]> => {
    const result = await page.evaluate(() =>
      (window as unknown as { axe: { run(c: Document, o: object): Promise<AxeResult> } }).axe.run(document, {
        resultTypes: ['violations'],
      }),
    );
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${v.help} at ${JSON.stringify(n.target)}`));
  };

  it(
    'axe-core: no serious or critical violation, light and dark, LTR (en) and RTL (ar), score and follow-up',
    async () => {
      const prompt = await api<Prompt>('POST', '/v1/prompts', {
        ...support,
        name: 'Axe',
        appearance: { colorScale: true },
      });
      const failures: string[] = [];
      for (const colorScheme of ['light', 'dark'] as const) {
        for (const lang of ['en', 'ar']) {
          const context = await person({ colorScheme, locale: lang });
          await context.addInitScript({ content: AXE });
          const page = await context.newPage();
          await page.goto(`${server.url}/s/${prompt.id}?lang=${lang}`);
          await mounted(page);
          const name = `${colorScheme}-${lang}`;
          expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
          failures.push(...(await axe(page)).map((f) => `${name}, score: ${f}`));
          await radio(page, '8').click();
          await page.locator('loupe-prompt textarea').waitFor();
          failures.push(...(await axe(page)).map((f) => `${name}, follow-up: ${f}`));
          await shot(page, name);
          await context.close();
        }
      }
      expect(failures).toEqual([]);
    },
    T,
  );

  it(
    'unknown and paused prompts: friendly pages, 404 and 410',
    async () => {
      const prompt = await api<Prompt>('POST', '/v1/prompts', { ...support, name: 'Paused' });
      await api('PATCH', `/v1/prompts/${prompt.id}`, { status: 'paused' });
      const context = await person();
      await context.addInitScript({ content: AXE });
      const page = await context.newPage();
      const unknown = await page.goto(`${server.url}/s/pr_doesnotexist`);
      expect(unknown!.status()).toBe(404);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Survey not found');
      expect(await axe(page)).toEqual([]);
      const paused = await page.goto(`${server.url}/s/${prompt.id}?score=9`);
      expect(paused!.status()).toBe(410);
      await expect.poll(() => page.locator('h1').textContent()).toBe('This survey is closed');
      await shot(page, 'paused');
      expect(rowsOf(prompt.id)).toEqual([]);
      await context.close();

      // In an Arabic browser: the closed page in Arabic, right to left, still without violations.
      const ar = await person({ locale: 'ar' });
      await ar.addInitScript({ content: AXE });
      const arPage = await ar.newPage();
      expect((await arPage.goto(`${server.url}/s/${prompt.id}`))!.status()).toBe(410);
      await expect.poll(() => arPage.locator('h1').textContent()).toBe(linkPageMessagesFor('ar').messages.closedTitle);
      expect(await arPage.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
        'ar',
        'rtl',
      ]);
      expect(await axe(arPage)).toEqual([]);
      await shot(arPage, 'paused-ar');
      await ar.close();
    },
    T,
  );

  it(
    'an answer that could not be sent: the page says so in the prompt’s language',
    async () => {
      const prompt = await api<Prompt>('POST', '/v1/prompts', { ...support, name: 'Refused' });
      const context = await person({ locale: 'ar' });
      const page = await context.newPage();
      // Refused for good (a 4xx is not retried): the failure notice at once.
      await page.route('**/answers', (route) => route.fulfill({ status: 400, body: '{}' }));
      await page.goto(`${server.url}/s/${prompt.id}`);
      await mounted(page);
      await radio(page, '8').click();
      const notice = page.locator('main > p.notice[role="status"]');
      await expect.poll(() => notice.textContent()).toBe(linkPageMessagesFor('ar').messages.sendFailed);
      expect(await notice.getAttribute('lang')).toBeNull();
      await context.close();
    },
    T,
  );
});
