import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import { repoRoot } from '@loupe/scripts/testing';

export const ARTIFACTS = path.join(repoRoot, 'test-artifacts');
export const DESKTOP = { width: 1280, height: 860 };
export const MOBILE = { width: 390, height: 844 };

export interface DashboardPage {
  page: Page;
  /** Uncaught errors and CSP violations seen by the page (a test asserts this stays empty). */
  problems: string[];
}

/** A fresh browser context (no cookie) with the page's errors and CSP reports collected. */
export async function openPage(browser: Browser, opts: BrowserContextOptions = {}): Promise<DashboardPage> {
  const ctx = await browser.newContext({ viewport: DESKTOP, ...opts });
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { page, problems };
}

/** Logs in through the form, as a person does, and waits for the app to show a view. */
export async function logIn(
  page: Page,
  origin: string,
  user: { email: string; password: string },
  at = '/app/',
): Promise<void> {
  await page.goto(origin + at);
  await page.waitForURL(/\/app\/login/);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForSelector('nav.tabs');
}

/** The raw figure a card shows, once it has loaded the current URL's answer. */
export async function figure(page: Page, metric: string): Promise<number | null> {
  const el = page.locator(`[data-metric="${metric}"][data-value]`).first();
  await el.waitFor();
  return JSON.parse((await el.getAttribute('data-value'))!) as number | null;
}

/** Settles what moves: the view's `ready` element there, skeletons gone, fonts ready. */
export async function settle(page: Page, ready: string): Promise<void> {
  await page.waitForSelector(ready);
  await page.waitForFunction(() => !document.querySelector('.loading'));
  await page.evaluate(() => document.fonts.ready);
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({
    path: path.join(ARTIFACTS, `dashboard-${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

/** Numbers as the API sends them and as data-value carries them are the same JSON numbers. */
export function expectSameFigure(actual: number | null, expected: number | null | undefined, what: string): void {
  expect(actual, what).toBe(expected ?? null);
}
