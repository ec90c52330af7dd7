import { addDays, addMonths, daysBetween, isDate, startOfMonth } from './calendar.js';

/**
 * The API's longest range (MAX_RANGE_DAYS of the read contract, which lives beside zod and so stays
 * out of this bundle); a longer custom range falls back to the default period.
 */
const MAX_RANGE_DAYS = 731;

export const PERIODS = ['today', '7d', '30d', 'month', '12mo', 'custom'] as const;
export type Period = (typeof PERIODS)[number];
export const DEFAULT_PERIOD: Period = '30d';

export const INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

/** A range of whole local days, both ends included (what the API's date parameters mean). */
export interface DateRange {
  from: string;
  to: string;
}

export function rangeOf(period: Period, today: string, custom?: Partial<DateRange>): DateRange {
  switch (period) {
    case 'today':
      return { from: today, to: today };
    case '7d':
      return { from: addDays(today, -6), to: today };
    case 'month':
      return { from: startOfMonth(today), to: today };
    case '12mo':
      return { from: addMonths(startOfMonth(today), -11), to: today };
    case 'custom': {
      if (
        isDate(custom?.from) &&
        isDate(custom?.to) &&
        custom.from <= custom.to &&
        daysBetween(custom.from, custom.to) <= MAX_RANGE_DAYS
      ) {
        return { from: custom.from, to: custom.to };
      }
      return rangeOf(DEFAULT_PERIOD, today);
    }
    default:
      return { from: addDays(today, -29), to: today };
  }
}

/** The same number of days just before (what the API compares every figure with). */
export function previousRange(range: DateRange): DateRange {
  const days = daysBetween(range.from, range.to);
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
}

/** The intervals that make a readable graph of the range (2 to ~400 points). */
export function intervalsFor(range: DateRange): Interval[] {
  const days = daysBetween(range.from, range.to);
  const out: Interval[] = [];
  if (days <= 7) out.push('hour');
  if (days >= 2 && days <= 366) out.push('day');
  if (days >= 14) out.push('week');
  if (days >= 60) out.push('month');
  return out.length ? out : ['day'];
}

/** Plausible's choice: hours for a day, days up to a quarter, months beyond. */
export function defaultInterval(range: DateRange): Interval {
  const days = daysBetween(range.from, range.to);
  const choice: Interval = days <= 2 ? 'hour' : days <= 92 ? 'day' : days <= 200 ? 'week' : 'month';
  const allowed = intervalsFor(range);
  return allowed.includes(choice) ? choice : allowed[0]!;
}
