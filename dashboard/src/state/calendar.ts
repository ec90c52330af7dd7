// Calendar arithmetic on local dates written YYYY-MM-DD (no time zone: the API applies `tz`).

const DAY = 86_400_000;

const toUtc = (date: string) =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const isDate = (s: string | null | undefined): s is string =>
  !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && fromUtc(toUtc(s)) === s;

export const addDays = (date: string, days: number) => fromUtc(toUtc(date) + days * DAY);

/** Whole days from `from` to `to`, both included. */
export const daysBetween = (from: string, to: string) => Math.round((toUtc(to) - toUtc(from)) / DAY) + 1;

export const startOfMonth = (date: string) => `${date.slice(0, 7)}-01`;

export function addMonths(date: string, months: number): string {
  const d = new Date(toUtc(date));
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  return fromUtc(d.getTime());
}

/** Today's date in an IANA zone (en-CA formats as YYYY-MM-DD). */
export function todayIn(tz: string, now = Date.now()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      now,
    );
  } catch {
    return fromUtc(now);
  }
}
