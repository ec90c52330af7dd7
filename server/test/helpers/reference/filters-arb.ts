import fc from 'fast-check';
import type { RefFilters } from './raw-rows.js';
import { localDateOffset, refRangeHours } from './reference-range.js';

/** Random combinations of the segment filters, over the values random datasets use (and one they never do). */
export const filtersArb: fc.Arbitrary<RefFilters> = fc.record(
  {
    path: fc.constantFrom('/', '/cart', '/checkout', '/nowhere'),
    device: fc.constantFrom('desktop', 'mobile'),
    browser: fc.constantFrom('chrome', 'safari', 'firefox'),
    language: fc.constantFrom('en', 'de'),
  },
  { requiredKeys: [] },
);

/** The filters as query parameters (unset ones left out). */
export const definedOnly = (f: RefFilters): Record<string, string> =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as Record<string, string>;

/** Zones the properties run in: DST changes both ways and a :30 offset. */
export const ZONES = ['UTC', 'America/New_York', 'Europe/Copenhagen', 'Asia/Kolkata'] as const;

/** A range of local days around a dataset's anchor: its zone, first day's offset and length in days. */
export const rangeArb = fc.record({
  tz: fc.constantFrom(...ZONES),
  fromOff: fc.integer({ min: -4, max: 2 }),
  span: fc.integer({ min: 0, max: 6 }),
});

/** Ranges of weeks to months around a monthsDatasetArb anchor: most cover a whole UTC month. */
export const monthsRangeArb = fc.record({
  tz: fc.constantFrom(...ZONES),
  fromOff: fc.integer({ min: -50, max: 0 }),
  span: fc.integer({ min: 14, max: 80 }),
});

/** That range as the query's from/to/tz and the UTC hours the reference computations read. */
export function datasetRange(dataset: { anchor: number }, r: { tz: string; fromOff: number; span: number }) {
  const from = localDateOffset(dataset.anchor, r.fromOff, r.tz);
  const to = localDateOffset(dataset.anchor, r.fromOff + r.span, r.tz);
  return { qs: { tz: r.tz, from, to }, ...refRangeHours(from, to, r.tz) };
}
