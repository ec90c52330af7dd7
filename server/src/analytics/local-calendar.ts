import { zoneOffset } from './time-zone.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Rollups are hourly: an hour belongs to the local bucket containing its midpoint (see below). */
const HALF_HOUR_MS = HOUR_MS / 2;

export type Interval = 'day' | 'week' | 'month';

export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export const formatLocalDate = (d: LocalDate) => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

/**
 * Local days, ISO weeks (Monday first) and months of one IANA zone. Rollups are by UTC hour, so
 * each hour is placed in the local bucket that contains its midpoint: in every zone whose offset is
 * a whole number of hours (nearly all, at every DST state) that is exact, DST changes included.
 * In :30 and :45 zones (India, Nepal, parts of Australia) a day boundary falls inside an hour, and
 * up to 30 minutes of data land in the neighbouring day.
 */
export class LocalCalendar {
  constructor(readonly tz: string) {}

  /** The local wall-clock date of an instant. */
  dateOf(t: number): LocalDate {
    const d = new Date(t + zoneOffset(this.tz, t));
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }

  /** The instant of a local wall-clock time; in a DST gap, the instant the clock jumped to. */
  instantOf(date: LocalDate, ms = 0): number {
    const wall = Date.UTC(date.year, date.month - 1, date.day) + ms;
    let t = wall - zoneOffset(this.tz, wall);
    t = wall - zoneOffset(this.tz, t);
    // In a gap no instant shows `wall`: the offset after the jump gives the first valid instant.
    return t + zoneOffset(this.tz, t) === wall ? t : Math.max(t, wall - zoneOffset(this.tz, t));
  }

  /** Adds days to a local date (calendar arithmetic, no time zone involved). */
  static addDays(date: LocalDate, days: number): LocalDate {
    const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }

  /** The first local date of the bucket (day, Monday of the ISO week, first of the month). */
  bucketStart(date: LocalDate, interval: Interval): LocalDate {
    if (interval === 'day') return date;
    if (interval === 'month') return { year: date.year, month: date.month, day: 1 };
    const weekday = (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7; // Monday = 0
    return LocalCalendar.addDays(date, -weekday);
  }

  /**
   * Splits the hours [fromHour, toHour) into consecutive local buckets. Each bucket is a label (its
   * first local date, YYYY-MM-DD) and the hours it covers, clipped to the range.
   */
  buckets(fromHour: number, toHour: number, interval: Interval): { label: string; start: number; end: number }[] {
    const out: { label: string; start: number; end: number }[] = [];
    let label = '';
    let localDay = NaN;
    for (let h = fromHour; h < toHour; h += HOUR_MS) {
      const mid = h + HALF_HOUR_MS;
      // Only a new local day can start a new bucket; most hours cost one cached offset lookup.
      const day = Math.floor((mid + zoneOffset(this.tz, mid)) / DAY_MS);
      const l = day === localDay ? label : formatLocalDate(this.bucketStart(this.dateOf(mid), interval));
      localDay = day;
      if (l !== label) {
        out.push({ label: l, start: h, end: h + HOUR_MS });
        label = l;
      } else {
        out[out.length - 1]!.end = h + HOUR_MS;
      }
    }
    return out;
  }
}
