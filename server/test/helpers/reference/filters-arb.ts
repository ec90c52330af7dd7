import fc from 'fast-check';
import type { RefFilters } from './raw-rows.js';

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
