import type { Frequency } from '@loupe/shared';
import type { PromptRecord } from './prompt-state.js';

export const DAY_MS = 864e5;
export const iso = (t: number) => new Date(t).toISOString();

/**
 * Why the prompt's own frequency rule blocks it now, or ''. `answeredOnly` is for
 * `loupe('show', id)`: on demand, only an answer (still within `everyDays` for recurring prompts)
 * stands in the way.
 */
export function frequencyReason(
  { mode, everyDays = 0, dismissWaitDays }: Frequency,
  { s, a, d }: PromptRecord = {},
  now: number,
  answeredOnly?: boolean,
): string {
  const recurring = mode == 'recurring';
  const again = (t: number, days: number) => (now < t + days * DAY_MS ? `; again after ${iso(t + days * DAY_MS)}` : '');
  if (a && (!recurring || again(a, everyDays))) return `answered ${iso(a)}${recurring ? again(a, everyDays) : ''}`;
  if (answeredOnly) return '';
  if (s && mode == 'once') return `shown once already (${iso(s)})`;
  if (s && recurring && again(s, everyDays)) return `shown ${iso(s)}${again(s, everyDays)}`;
  if (d && again(d, dismissWaitDays)) return `dismissed ${iso(d)}${again(d, dismissWaitDays)}`;
  return '';
}
