import type { PublicFrequency } from '@loupe/shared';
import type { PromptRecord } from './prompt-state.js';
import type { FrequencyEvent, Gate } from './why-chunk-api.js';

export const DAY_MS = 864e5;

/**
 * The gate of the prompt's own frequency rule, or '' when it lets the prompt show: what happened
 * (the record's own letter: a answered, s shown, d dismissed), when, and the wait that applies. The
 * server sends the mode as waits after a display, an answer and a dismissal (-1: never again). `answeredOnly` is for
 * `loupe('show', id)`: on demand, only an answer still waited out stands in the way.
 */
export function frequencyGate(
  { shownWaitDays, answeredWaitDays, dismissWaitDays }: PublicFrequency,
  { s, a, d }: PromptRecord = {},
  now: number,
  answeredOnly?: boolean,
): Gate | '' {
  const waiting = (what: FrequencyEvent, t = 0, days: number): Gate | '' =>
    t && (days < 0 || now < t + days * DAY_MS) ? ['F', what, t, days] : '';
  return (
    waiting('a', a, answeredWaitDays) ||
    (answeredOnly ? '' : waiting('s', s, shownWaitDays) || waiting('d', d, dismissWaitDays))
  );
}
