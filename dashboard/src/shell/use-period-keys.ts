import { useEffect } from 'preact/hooks';
import type { Period } from '../state/period.js';

const KEYS: Record<string, Period> = { d: 'today', w: '7d', t: '30d', m: 'month', l: '12mo' };
/** For aria-keyshortcuts: the same keys, as assistive technology announces them. */
export const PERIOD_KEYS = 'D W T M L X';

const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

/** Plausible's period keys: D today, W 7 days, T 30 days, M this month, L 12 months, X compare. */
export function usePeriodKeys(choose: (p: Period) => void, toggleCompare: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typing(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === 'x') toggleCompare();
      else if (KEYS[key]) choose(KEYS[key]);
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });
}
