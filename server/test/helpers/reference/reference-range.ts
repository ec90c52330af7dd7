import { bucketLabel, HOUR, localDate } from './raw-rows.js';

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

export type RefInterval = 'hour' | 'day' | 'week' | 'month';

/** The documented default interval of a series for a range of whole hours. */
export function refDefaultInterval(fromHour: number, toHour: number): RefInterval {
  const days = (toHour - fromHour - HOUR) / (24 * HOUR);
  return days <= 2 ? 'hour' : days <= 92 ? 'day' : days <= 366 ? 'week' : 'month';
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant's local wall time and offset, straight from Intl: 2024-11-03T01:00-05:00. */
export function localHourLabel(t: number, tz: string): string {
  let f = hourFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    hourFormats.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName!.slice(3);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}${offset}`;
}

/** The buckets of a series: each hour, or runs of hours sharing the local day/week/month of their midpoint. */
export function refBuckets(fromHour: number, toHour: number, tz: string, interval: RefInterval) {
  const out: { label: string; start: number; end: number }[] = [];
  for (let h = fromHour; h < toHour; h += HOUR) {
    const label = interval === 'hour' ? localHourLabel(h, tz) : bucketLabel(h, tz, interval);
    if (out.at(-1)?.label === label) out.at(-1)!.end = h + HOUR;
    else out.push({ label, start: h, end: h + HOUR });
  }
  return out;
}

export const refPeriod = (b: { label: string; start: number; end: number }) => ({
  period: b.label,
  from: new Date(b.start).toISOString(),
  to: new Date(b.end).toISOString(),
});
