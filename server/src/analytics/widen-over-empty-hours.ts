import type Database from 'better-sqlite3';
import { dayOf, HOUR_MS, monthOf } from '../lib/hour-bucket.js';
import { DAY_MS } from './local-calendar.js';
import { prepared } from './cube-reader.js';

// Sketches cannot be subtracted, so a range that starts or ends inside a UTC month (or day) is
// read from the sketches of its days (or hours) there: an all-time range of 181 days meets some
// 30 edge days and their hours per segment beside its five whole months. But a sketch of a unit
// holds only the sessions that started in it, and where the part of the unit outside the range
// started none, the unit's sketch is exactly the range's part: reading it instead changes no
// hash, only how many sketches are merged. Ranges reach past the data at both ends in the common
// case (all time starts before the first session; most ranges end today, and the rest of the
// month is in the future), so they are widened to the coarsest unit boundary that stays within
// the hours without sessions around them.

export interface Range {
  start: number;
  end: number;
}

/**
 * [start, end) widened to the coarsest UTC month (when `months`) or day boundaries whose added
 * hours hold no row of the table's hourly tier for the site: the same sessions, fewer sketches.
 */
export function widenOverEmptyHours(
  db: Database.Database,
  table: 'visitor_sketches' | 'visitor_segment_sketches',
  siteId: string,
  range: Range,
  months: boolean,
): Range {
  // The last hour with sessions before the range and the first one after it: one index seek each.
  const hours = `SELECT start FROM ${table} WHERE site_id = ? AND tier = 'hour' AND start`;
  const before = prepared(db, `${hours} < ? ORDER BY start DESC LIMIT 1`).get(siteId, range.start) as
    | [number]
    | undefined;
  const after = prepared(db, `${hours} >= ? ORDER BY start LIMIT 1`).get(siteId, range.end) as [number] | undefined;
  // The empty hours around the range: [lo, start) and [end, hi).
  const lo = before ? before[0] + HOUR_MS : Number.NEGATIVE_INFINITY;
  const hi = after ? after[0] : Number.POSITIVE_INFINITY;
  const floors = months ? [monthOf(range.start), dayOf(range.start)] : [dayOf(range.start)];
  const ceils = months ? [monthCeil(range.end), dayCeil(range.end)] : [dayCeil(range.end)];
  return {
    start: floors.find((t) => t >= lo) ?? range.start,
    end: ceils.find((t) => t <= hi) ?? range.end,
  };
}

const dayCeil = (t: number): number => (dayOf(t) === t ? t : dayOf(t) + DAY_MS);
const monthCeil = (t: number): number => (monthOf(t) === t ? t : monthOf(monthOf(t) + 32 * DAY_MS));
