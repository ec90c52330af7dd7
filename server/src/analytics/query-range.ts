import { DEFAULT_RANGE_DAYS, MAX_QUERY_YEAR, MAX_RANGE_DAYS, MIN_QUERY_YEAR, yearOf } from '@loupe/shared';
import { errors } from '../errors/catalogue.js';
import { DAY_MS, HOUR_MS, LocalCalendar, type LocalDate } from './local-calendar.js';

export interface RangeQuery {
  from?: string | undefined;
  to?: string | undefined;
  tz: string;
}

/** A resolved range: whole UTC hours [fromHour, toHour), since rollups are hourly. */
export interface QueryRange {
  tz: string;
  calendar: LocalCalendar;
  fromHour: number;
  toHour: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

function invalid(field: string, message: string): never {
  throw errors.validation(`querystring.${field}: ${message}`, [{ path: `querystring.${field}`, message }]);
}

function validDate(field: string, y: string, m: string, d: string): LocalDate {
  const date = { year: Number(y), month: Number(m), day: Number(d) };
  // Also checked by the query schema; here because Date.UTC reads years 0-99 as 1900-1999.
  if (date.year < MIN_QUERY_YEAR || date.year > MAX_QUERY_YEAR)
    invalid(field, `the year must be from ${MIN_QUERY_YEAR} to ${MAX_QUERY_YEAR}`);
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  if (check.getUTCMonth() + 1 !== date.month || check.getUTCDate() !== date.day) invalid(field, 'no such date');
  return date;
}

/** An instant from a date, a local date-time (in tz) or a date-time with an offset. */
export function parseInstant(field: 'from' | 'to', value: string, cal: LocalCalendar): number {
  const d = DATE.exec(value);
  if (d) {
    const date = validDate(field, d[1]!, d[2]!, d[3]!);
    // A date as `to` is inclusive: the range ends at the next local midnight.
    return cal.instantOf(field === 'to' ? LocalCalendar.addDays(date, 1) : date);
  }
  const l = LOCAL_DATE_TIME.exec(value);
  if (l) {
    const [hh, mm, ss, ms] = [Number(l[4]), Number(l[5]), Number(l[6] ?? 0), Number((l[7] ?? '0').padEnd(3, '0'))];
    if (hh > 23 || mm > 59 || ss > 59) invalid(field, 'no such time');
    return cal.instantOf(validDate(field, l[1]!, l[2]!, l[3]!), ((hh * 60 + mm) * 60 + ss) * 1000 + ms);
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) invalid(field, 'not a valid date-time');
  const year = yearOf(value);
  if (year < MIN_QUERY_YEAR || year > MAX_QUERY_YEAR)
    invalid(field, `the year must be from ${MIN_QUERY_YEAR} to ${MAX_QUERY_YEAR}`);
  return t;
}

/** The first whole hour whose midpoint is at or after t (see LocalCalendar on the midpoint rule). */
const alignHour = (t: number) => Math.ceil((t - HOUR_MS / 2) / HOUR_MS) * HOUR_MS;

/**
 * Resolves ?from&to&tz. Defaults: to = now (the current hour included), from = local midnight
 * DEFAULT_RANGE_DAYS − 1 days before the last day, so the default is the last 30 local days.
 */
export function resolveRange(q: RangeQuery, now = Date.now()): QueryRange {
  const calendar = new LocalCalendar(q.tz);
  const to = q.to === undefined ? Math.ceil(now / HOUR_MS) * HOUR_MS : parseInstant('to', q.to, calendar);
  const from =
    q.from === undefined
      ? calendar.instantOf(LocalCalendar.addDays(calendar.dateOf(to - 1), -(DEFAULT_RANGE_DAYS - 1)))
      : parseInstant('from', q.from, calendar);
  if (from >= to) invalid('from', 'must be before to');
  if (to - from > MAX_RANGE_DAYS * DAY_MS) invalid('to', `the range may span at most ${MAX_RANGE_DAYS} days`);
  const fromHour = alignHour(from);
  const toHour = alignHour(to);
  if (fromHour >= toHour) invalid('to', 'the range must cover at least one hour (data is kept by the hour)');
  return { tz: q.tz, calendar, fromHour, toHour };
}

/** The period of equal length just before the range, for "change against the previous period". */
export function previousRange(r: QueryRange): QueryRange {
  return { ...r, fromHour: 2 * r.fromHour - r.toHour, toHour: r.fromHour };
}

export const rangeEcho = (r: QueryRange) => ({
  from: new Date(r.fromHour).toISOString(),
  to: new Date(r.toHour).toISOString(),
  tz: r.tz,
});
