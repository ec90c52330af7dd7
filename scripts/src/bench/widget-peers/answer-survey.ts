import type { Page } from 'playwright-core';
import type { ContestantId } from './contestants.js';
import { NPS_ANSWER } from './nps-survey.js';

// The scripted visitor answers the NPS survey the same way in each product's own UI: score 9, the
// same comment, send, and waits for the thanks. Playwright's CSS selectors pierce the open shadow
// roots both products render into.

const TIMEOUT = 20_000;

export async function answerSurvey(page: Page, id: ContestantId): Promise<void> {
  const { score, comment } = NPS_ANSWER;
  if (id === 'loupe') {
    await page.click(`loupe-prompt [role=radio][aria-label="${score}"]`, { timeout: TIMEOUT });
    await page.locator('loupe-prompt textarea').fill(comment, { timeout: TIMEOUT });
    await page.click('loupe-prompt button[type=submit]', { timeout: TIMEOUT });
    await page.locator('loupe-prompt [role=status]').waitFor({ timeout: TIMEOUT });
    return;
  }
  if (id === 'posthog' || id === 'posthog-slim') {
    const survey = page.locator('[class^="PostHogSurvey"]');
    await survey.locator(`button[aria-label="Rate ${score}"]`).click({ timeout: TIMEOUT });
    await survey.locator('textarea').fill(comment, { timeout: TIMEOUT });
    await survey.locator('button.form-submit').click({ timeout: TIMEOUT });
    await survey.locator('.thank-you-message-header').waitFor({ timeout: TIMEOUT });
    return;
  }
  throw new Error(`${id} shows no survey`);
}
