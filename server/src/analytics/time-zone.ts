// UTC offsets of IANA zones, from Intl (the ICU time-zone database Node ships), cached: one
// formatter per zone, and one offset per zone and UTC day unless the offset changes that day.

const DAY_MS = 86_400_000;
const MAX_CACHED_DAYS = 50_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Offset in ms (local = utc + offset) at instant `t`, straight from Intl. */
function rawOffset(tz: string, t: number): number {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(t)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return local - (t - (((t % 1000) + 1000) % 1000));
}

/** Per zone: UTC day → its offset, or null when the offset changes during that day. */
const dayOffsets = new Map<string, Map<number, number | null>>();

export function zoneOffset(tz: string, t: number): number {
  let days = dayOffsets.get(tz);
  if (!days) {
    days = new Map();
    dayOffsets.set(tz, days);
  }
  const day = Math.floor(t / DAY_MS);
  let known = days.get(day);
  if (known === undefined) {
    if (days.size >= MAX_CACHED_DAYS) days.clear();
    const start = rawOffset(tz, day * DAY_MS);
    // Offsets change at most a couple of times a year and never twice within one day.
    known = start === rawOffset(tz, (day + 1) * DAY_MS) ? start : null;
    days.set(day, known);
  }
  return known ?? rawOffset(tz, t);
}
