import { HOUR, localDate } from './raw-rows.js';

/**
 * The hours a date range [fromDate, toDate] (both inclusive, local dates of tz) covers under the
 * midpoint rule: the hours whose midpoint falls on one of those local days.
 */
export function refRangeHours(fromDate: string, toDate: string, tz: string): { fromHour: number; toHour: number } {
  const start = Date.parse(`${fromDate}T00:00:00Z`) - 16 * HOUR;
  let h = start;
  while (localDate(h + HOUR / 2, tz) < fromDate) h += HOUR;
  const fromHour = h;
  while (localDate(h + HOUR / 2, tz) <= toDate) h += HOUR;
  return { fromHour, toHour: h };
}

/** A local date N days from the local date of an instant. */
export function localDateOffset(t: number, days: number, tz: string): string {
  const d = new Date(`${localDate(t, tz)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
