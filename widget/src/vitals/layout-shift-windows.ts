/** What CLS reads of a `layout-shift` performance entry. */
export interface LayoutShift {
  startTime: number;
  value: number;
  hadRecentInput: boolean;
}

/**
 * Cumulative Layout Shift: the largest "session window" of layout shifts, a window being shifts
 * less than 1 s apart and at most 5 s from its first; shifts within 500 ms of an input don't count
 * (`hadRecentInput`). https://web.dev/articles/evolving-cls. `_add` takes the shifts in the order
 * the browser reports them and returns CLS so far; the sums are added in that order, so the value
 * is exactly the one web-vitals reports.
 */
export function layoutShiftWindows(): { _add(shift: LayoutShift): number } {
  let first = 0;
  let last = 0;
  let current = 0;
  let largest = 0;
  return {
    _add(shift) {
      if (!shift.hadRecentInput) {
        const t = shift.startTime;
        if (current && t - last < 1000 && t - first < 5000) current += shift.value;
        else {
          current = shift.value;
          first = t;
        }
        last = t;
        if (current > largest) largest = current;
      }
      return largest;
    },
  };
}
