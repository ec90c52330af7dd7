import type { PublicFrequency } from '@loupe/shared';
import type { PromptRecord } from './prompt-state.js';

export const DAY_MS = 864e5;
export const iso = (t: number) => new Date(t).toISOString();

/**
 * Why the prompt's own frequency rule blocks it now, or ''. The server sends the mode as waits
 * after a display, an answer and a dismissal (-1: never again; shared/src/public-frequency.ts).
 * `answeredOnly` is for `loupe('show', id)`: on demand, only an answer still waited out stands in
 * the way.
 */
export function frequencyReason(
  { shownWaitDays, answeredWaitDays, dismissWaitDays }: PublicFrequency,
  { s, a, d }: PromptRecord = {},
  now: number,
  answeredOnly?: boolean,
): string {
  const waiting = (what: string, t = 0, days: number) =>
    t && (days < 0 || now < t + days * DAY_MS)
      ? `${what} ${iso(t)}; ${days < 0 ? 'never again' : `again after ${iso(t + days * DAY_MS)}`}`
      : '';
  return waiting('answered', a, answeredWaitDays) || (answeredOnly ? '' : waiting('shown', s, shownWaitDays) || waiting('dismissed', d, dismissWaitDays));
}
