import { locale, t } from './catalogue.js';

// Number, duration and date formatting for display. Figures keep their raw value in data-value;
// these are only what people read.

const intFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const oneFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
const compactFmt = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });

export const NONE = () => t('format.none');

/** 1234 → "1,234"; 123456 → "123.5K" when compact. */
export function formatCount(n: number | null | undefined, compact = false): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return NONE();
  return compact && Math.abs(n) >= 10_000 ? compactFmt.format(n) : intFmt.format(n);
}

export function formatPercent(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return NONE();
  return `${oneFmt.format(n)} %`;
}

/** NPS is a whole-ish number from −100 to 100; one decimal when it has one. */
export function formatScore(n: number | null | undefined, decimals = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return NONE();
  return new Intl.NumberFormat(locale, { maximumFractionDigits: decimals }).format(n);
}

/** 83_000 → "1m 23s"; 4.2 h → "4h 12m"; 3 d → "3d 4h". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return NONE();
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Web Vitals: milliseconds, except CLS (unitless, three decimals). */
export function formatVital(name: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return NONE();
  if (name === 'CLS') return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(v);
  return v >= 1000 ? t('format.s', { n: oneFmt.format(v / 1000) }) : t('format.ms', { n: intFmt.format(v) });
}

const dateFmt = (tz: string, opts: Intl.DateTimeFormatOptions) => {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone: tz, ...opts });
  } catch {
    return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...opts });
  }
};

/** "12 Mar 2024, 14:05" in the site's zone. */
export function formatDateTime(iso: string | null | undefined, tz: string): string {
  if (!iso) return NONE();
  return dateFmt(tz, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
}

/** A local date (YYYY-MM-DD) as "12 Mar 2024". */
export function formatDate(date: string): string {
  return dateFmt('UTC', { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${date}T00:00:00Z`));
}

/** "3 hours ago" style, for first/last seen. */
export function formatRelative(iso: string, now = Date.now()): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const diff = (new Date(iso).getTime() - now) / 1000;
  const abs = Math.abs(diff);
  if (abs < 60) return rtf.format(Math.round(diff), 'second');
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(diff / 3600), 'hour');
  if (abs < 86_400 * 45) return rtf.format(Math.round(diff / 86_400), 'day');
  return rtf.format(Math.round(diff / (86_400 * 30)), 'month');
}
