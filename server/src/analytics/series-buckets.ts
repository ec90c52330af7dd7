import { defaultSeriesInterval, MAX_DAY_SERIES_DAYS, MAX_HOUR_SERIES_DAYS, type SeriesInterval } from '@loupe/shared';
import { errors } from '../errors/catalogue.js';
import { DAY_MS, HOUR_MS } from './local-calendar.js';
import type { QueryRange } from './query-range.js';
import { zoneOffset } from './time-zone.js';

/** One bucket of a series: its label and the whole UTC hours [start, end) it covers. */
export interface SeriesBucket {
  label: string;
  start: number;
  end: number;
}

/** Longest range per interval, in hours (a DST change can add one). */
const MAX_HOURS: Partial<Record<SeriesInterval, number>> = {
  hour: MAX_HOUR_SERIES_DAYS * 24 + 1,
  day: MAX_DAY_SERIES_DAYS * 24 + 1,
};

/** The asked interval if the range allows it (else 400 naming `interval`), or the range's default. */
export function seriesInterval(range: QueryRange, asked: SeriesInterval | undefined): SeriesInterval {
  const hours = (range.toHour - range.fromHour) / HOUR_MS;
  if (asked === undefined) return defaultSeriesInterval(range.toHour - range.fromHour);
  const max = MAX_HOURS[asked];
  if (max !== undefined && hours > max) {
    const days = Math.floor((max * HOUR_MS) / DAY_MS);
    throw errors.validation(
      `querystring.interval: a series by ${asked} covers at most ${days} days; use a longer interval`,
      [{ path: 'querystring.interval', message: `${asked} allows at most ${days} days` }],
    );
  }
  return asked;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A UTC hour's local start with its offset, e.g. 2024-11-03T01:00-05:00 (unique across a DST change). */
function hourLabel(tz: string, hour: number): string {
  const offset = zoneOffset(tz, hour);
  const local = new Date(hour + offset).toISOString().slice(0, 16);
  const m = Math.abs(offset) / 60_000;
  return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/**
 * The buckets of a series in the range's time zone. Hours are the UTC hours the rollups keep,
 * labelled with their local start (in :30 and :45 zones that start is not on the local hour);
 * days, weeks and months follow the midpoint rule of LocalCalendar.
 */
export function seriesBuckets(range: QueryRange, interval: SeriesInterval): SeriesBucket[] {
  if (interval !== 'hour') return range.calendar.buckets(range.fromHour, range.toHour, interval);
  const out: SeriesBucket[] = [];
  for (let h = range.fromHour; h < range.toHour; h += HOUR_MS)
    out.push({ label: hourLabel(range.tz, h), start: h, end: h + HOUR_MS });
  return out;
}

/** The buckets as the API echoes them. */
export const bucketEcho = (b: SeriesBucket) => ({
  period: b.label,
  from: new Date(b.start).toISOString(),
  to: new Date(b.end).toISOString(),
});

/** The index of the bucket holding an hour (buckets are sorted and contiguous), or -1. */
export function bucketOf(buckets: readonly { start: number; end: number }[], hour: number): number {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = buckets[mid]!;
    if (hour < b.start) hi = mid - 1;
    else if (hour >= b.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Figures kept per hour added up per bucket: each bucket's sum of `fields` over the hours it holds
 * (zeros without any; an hour outside every bucket is left out). For figures that are sums, which
 * a bucket's are its hours'.
 */
export function sumPerBucket<K extends string>(
  buckets: readonly { start: number; end: number }[],
  hours: Iterable<readonly [hour: number, sums: Readonly<Record<K, number>>]>,
  fields: readonly K[],
): Record<K, number>[] {
  const out = buckets.map(() => Object.fromEntries(fields.map((f) => [f, 0])) as Record<K, number>);
  for (const [hour, sums] of hours) {
    const sum = out[bucketOf(buckets, hour)];
    if (sum === undefined) continue;
    for (const f of fields) sum[f] += sums[f];
  }
  return out;
}
