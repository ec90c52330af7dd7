import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Prompt, PromptDefinitionInput, SiteWithSecret } from '@loupe/shared';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium, startTestServer, type TestServer } from '@loupe/scripts/testing';
import { afterAll, beforeAll } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const pagesDir = path.join(here, '../pages');
const repo = path.join(here, '../../..');

export interface PageOptions {
  site: SiteWithSecret;
  /** `data-lang` of the script tag. */
  lang?: string;
  /** `<html lang>` of pages that template it (default `en`; '' for none). */
  htmlLang?: string;
  context?: BrowserContextOptions;
  /** Reuse a context (a returning visitor) instead of a new one. */
  reuse?: BrowserContext;
}

export interface Harness {
  server: TestServer;
  browser: Browser;
  /** Origin of the fixture pages (another origin than the API, as on a customer's site). */
  origin: string;
  /** A fresh site allowed on the fixture origin, with these prompts and this global cooldown. */
  site(prompts: PromptDefinitionInput[], cooldownDays?: number): Promise<{ site: SiteWithSecret; prompts: Prompt[] }>;
  /** A page of widget/test/pages/<page>.html served at `urlPath` (its first segment names the file). */
  open(urlPath: string, o: PageOptions): Promise<{ page: Page; context: BrowserContext }>;
  /** Rows of the real server's database (read-only). */
  query<T>(sql: string, ...params: unknown[]): T[];
  /**
   * Polls `fn` until it returns something truthy, and resolves with that (its falsy values never);
   * the transport flushes every 3 s.
   */
  eventually<T>(fn: () => T | Falsy | Promise<T | Falsy>, what: string, timeoutMs?: number): Promise<T>;
  /**
   * Proof that the widget has had its say: `loupe('track', <marker>)` in the page, then waits until
   * the server stored it. A track re-checks every prompt rule at once, and the transport sends
   * events in order, so whatever the widget queued before the marker (a `prompt_shown`) is stored
   * by then. Returns what `loupe('why', id)` said right after the marker's check (with `id`).
   */
  marker(page: Page, site: SiteWithSecret, id?: string): Promise<{ eligible: boolean; reasons: string[] } | undefined>;
  /** The responses stored for a prompt, as they are now. */
  storedResponses(promptId: string): ResponseRow[];
  /** The responses stored for a prompt, once there are at least `n`. */
  responses(promptId: string, n?: number): Promise<ResponseRow[]>;
  close(): Promise<void>;
}

/**
 * The real built server (child process, temp database), Chromium, and a small HTTP server for the
 * fixture pages on another origin. Per request the page gets the site key, API URL, language and
 * a CSP nonce through `{{…}}` placeholders, read from cookies so parallel contexts never mix.
 */
type Falsy = false | 0 | '' | null | undefined;

export async function startHarness(): Promise<Harness> {
  for (const built of ['server/dist/main.js', 'widget/dist/widget.js']) {
    if (!existsSync(path.join(repo, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  const server = await startTestServer();
  const fixtures: Server = createServer((req, res) => {
    const url = new URL(req.url || '/', 'http://x');
    const name = url.pathname.split('/')[1] || '';
    const file = path.join(pagesDir, `${name}.html`);
    if (!/^prompt-[a-z-]+$/.test(name) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    const cookies = Object.fromEntries(
      (req.headers.cookie || '')
        .split(/;\s*/)
        .filter(Boolean)
        .map((c) => c.split('=').map(decodeURIComponent) as [string, string]),
    );
    const nonce = Math.random().toString(36).slice(2);
    const vars: Record<string, string> = {
      API: server.url,
      KEY: cookies.k || '',
      LANG: cookies.lang || '',
      HTML_LANG: cookies.hl ?? 'en',
      NONCE: nonce,
    };
    const html = readFileSync(file, 'utf8').replace(/\{\{(\w+)\}\}/g, (_, v: string) => vars[v] ?? '');
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    if (name.startsWith('prompt-csp')) {
      // Google's strict CSP (nonce + strict-dynamic, Trusted Types), no 'unsafe-inline' anywhere.
      headers['content-security-policy'] =
        `default-src 'none'; script-src 'nonce-${nonce}' 'strict-dynamic'; style-src 'nonce-${nonce}'; ` +
        `connect-src ${server.url}; img-src 'none'; object-src 'none'; base-uri 'none'; ` +
        `require-trusted-types-for 'script'`;
    }
    res.writeHead(200, headers).end(html);
  });
  await new Promise<void>((r) => fixtures.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(fixtures.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  let db: Database.Database | undefined;
  let markers = 0;

  const api = async (site: SiteWithSecret, method: string, url: string, body?: unknown) => {
    const res = await fetch(server.url + url, {
      method,
      headers: { authorization: `Bearer ${site.secretKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  const h: Harness = {
    server,
    browser,
    origin,
    async site(defs, cooldownDays) {
      const site = await server.createSite({ name: 'Prompt tests', origins: [origin] });
      const prompts: Prompt[] = [];
      for (const d of defs) prompts.push((await api(site, 'POST', '/v1/prompts', d)) as Prompt);
      if (cooldownDays !== undefined)
        await api(site, 'PUT', '/v1/prompt-settings', { globalCooldownDays: cooldownDays });
      return { site, prompts };
    },
    async open(urlPath, o) {
      const context = o.reuse ?? (await browser.newContext(o.context));
      await context.addCookies([
        { name: 'k', value: o.site.publicKey, url: origin },
        { name: 'lang', value: o.lang ?? '', url: origin },
        { name: 'hl', value: o.htmlLang ?? 'en', url: origin },
      ]);
      const page = await context.newPage();
      await page.goto(origin + urlPath);
      return { page, context };
    },
    query(sql, ...params) {
      db ??= new Database(server.dbPath, { readonly: true, fileMustExist: true });
      return db.prepare(sql).all(...params) as never[];
    },
    async eventually(fn, what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = await fn();
        if (v) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async marker(page, site, id) {
      const name = `marker-${++markers}`;
      // One evaluate: `why` reads the loader's state in the same task as the marker's re-check.
      const said = await page.evaluate(
        ([n, pid]) => {
          const l = (window as unknown as { loupe: (...a: unknown[]) => unknown }).loupe;
          l('track', n);
          return pid ? (l('why', pid) as Promise<{ eligible: boolean; reasons: string[] }>) : undefined;
        },
        [name, id] as const,
      );
      await h.eventually(
        () =>
          h.query('SELECT 1 FROM events WHERE site_id = ? AND type = ? AND track_name = ?', site.siteId, 'track', name)
            .length,
        `the marker ${name}`,
      );
      return said;
    },
    storedResponses(promptId) {
      return h.query<ResponseRow>('SELECT * FROM responses WHERE prompt_id = ?', promptId);
    },
    responses(promptId, n = 1) {
      return h.eventually(() => {
        const rows = h.storedResponses(promptId);
        return rows.length >= n && rows;
      }, `${n} response(s) of ${promptId}`);
    },
    async close() {
      db?.close();
      await browser.close();
      await new Promise((r) => fixtures.close(r));
      await server.dispose();
    },
  };
  return h;
}

/**
 * The harness of one test file, started before its first test and closed after its last (the
 * object is filled in by then: read its members inside tests and hooks only).
 */
export function useHarness(): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    Object.assign(h, await startHarness());
  }, 60_000);
  afterAll(() => h.close?.());
  return h;
}

/** `loupe(...args)` in the page, with what it returned (a promise's value). */
export const loupe = (page: Page, ...args: unknown[]) =>
  page.evaluate((a) => (window as unknown as { loupe: (...x: unknown[]) => unknown }).loupe(...a), args);

/** The prompt's shadow host, once it is in the document. */
export const promptHost = (page: Page) => page.locator('loupe-prompt');

/** `loupe('why', id)` in the page (a promise there: the sentences come from a lazy chunk). */
export function why(page: Page, id: string): Promise<{ eligible: boolean; reasons: string[] }> {
  return page.evaluate((pid) => (window as unknown as { loupe: (...a: unknown[]) => never }).loupe('why', pid), id);
}

/**
 * Calls `fn` in the page until it returns something truthy, and resolves with that. Each call is
 * awaited from here. Playwright's `waitForFunction` cannot poll an async check: the promise is
 * itself truthy, so it takes the first answer, whatever it is, and a check that throws after an
 * await reaches the page as an unhandled rejection (a `pageerror` the tests count as the widget's).
 */
export async function untilInPage<A, R>(
  page: Page,
  fn: (arg: A) => R | Promise<R>,
  arg: A,
  what: string,
  timeoutMs = 30_000,
): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = (await page.evaluate(fn as (a: unknown) => R | Promise<R>, arg as unknown)) as R;
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting in the page for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until `loupe('why', id)` gives `reason` first (the widget decides after its requests). */
export function untilWhySays(page: Page, id: string, reason: string): Promise<boolean> {
  return untilInPage(
    page,
    async ([pid, r]) => {
      const l = (window as unknown as { loupe?: (...a: unknown[]) => Promise<{ reasons: string[] }> | undefined })
        .loupe;
      return (await l?.('why', pid))?.reasons[0] === r;
    },
    [id, reason] as const,
    `why() to say ${reason}`,
  );
}

/** Fails every request of `context` for `pattern` as a blocker would; returns how many there were so far. */
export async function blockRequests(context: BrowserContext, pattern: string | RegExp): Promise<() => number> {
  let requests = 0;
  await context.route(pattern, (route) => {
    requests++;
    return route.abort('blockedbyclient');
  });
  return () => requests;
}

/** `loupe(...args)` queued by the snippet's stub in each page of `context`, before widget.js has loaded. */
export async function queueBeforeLoad(context: BrowserContext, ...args: unknown[]): Promise<void> {
  await context.addInitScript((queued) => {
    const w = window as unknown as { loupe: { (...a: unknown[]): void; q?: unknown[] } };
    w.loupe = ((...a: unknown[]) => {
      w.loupe.q = w.loupe.q || [];
      w.loupe.q.push(a);
    }) as typeof w.loupe;
    w.loupe(...queued);
  }, args);
}

/**
 * Waits until the widget has its config: `why` no longer says it is loading. Without its sentences
 * (the why chunk cannot load) `why` answers with the codes, where state C says the same.
 */
export async function configLoaded(page: Page, id: string): Promise<void> {
  await untilInPage(
    page,
    async (pid) => {
      const l = (
        window as unknown as {
          loupe?: { loaded?: boolean } & ((...a: unknown[]) => Promise<{ reasons?: string[]; state?: string }>);
        }
      ).loupe;
      const w = l?.loaded ? await l('why', pid) : undefined;
      return !!w && (w.reasons ? !w.reasons.includes('config not loaded yet') : w.state !== 'C');
    },
    id,
    `the config (prompt ${id})`,
  );
}

/** What has focus inside the prompt: its accessible name, else its tag; '' when focus is outside. */
export function focusedInPrompt(page: Page): Promise<string> {
  return page.evaluate(() => {
    const host = document.querySelector('loupe-prompt');
    if (!host || document.activeElement !== host) return '';
    const el = host.shadowRoot!.activeElement as HTMLElement | null;
    return el ? el.getAttribute('aria-label') || el.tagName.toLowerCase() : '';
  });
}

/**
 * Waits for the prompt, then moves focus into it as a keyboard user does: a prompt that appeared
 * on its own leaves focus where it was, and sits last in the Tab order. Returns what has focus.
 */
export async function promptFocused(page: Page): Promise<string> {
  await promptHost(page).waitFor();
  for (let tabs = 0; tabs < 10; tabs++) {
    if (await page.evaluate(() => document.activeElement?.localName === 'loupe-prompt')) return focusedInPrompt(page);
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the prompt');
}

/** `loupe('show', id)` once the config is in: a prompt asked for takes focus. */
export async function showPrompt(page: Page, id: string): Promise<void> {
  await configLoaded(page, id);
  await page.evaluate((pid) => (window as unknown as { loupe: (...a: unknown[]) => unknown }).loupe('show', pid), id);
  await promptHost(page).waitFor();
}

export interface ResponseRow {
  prompt_id: string;
  display_id: string;
  kind: string;
  score: number;
  comment: string | null;
  visitor_id: string | null;
  /** When the stored answer last changed, by the event times the server stored (ms). */
  updated_at: number;
}
