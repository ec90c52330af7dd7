import type { Frequency, PublicFrequency } from './prompts.js';

/** A wait that never ends: the prompt is not shown again after that. */
export const NEVER_AGAIN = -1;

/**
 * The frequency mode as three waits, so the loader needs no knowledge of the modes:
 * `once` never shows again after a display; `until_answered` shows again after a display
 * (sessions and cooldowns permitting) but never after an answer; `recurring` waits `everyDays`
 * after either. A dismissal always waits `dismissWaitDays`.
 */
export function toPublicFrequency(f: Frequency): PublicFrequency {
  const every = f.everyDays ?? 0;
  return {
    shownWaitDays: f.mode === 'once' ? NEVER_AGAIN : f.mode === 'recurring' ? every : 0,
    answeredWaitDays: f.mode === 'recurring' ? every : NEVER_AGAIN,
    dismissWaitDays: f.dismissWaitDays,
    ignoreGlobalCooldown: f.ignoreGlobalCooldown,
  };
}
