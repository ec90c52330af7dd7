import { z } from 'zod';
import { DEVICE_CLASSES, MAX_LANGUAGE_LENGTH, MAX_PATH_LENGTH } from './constants.js';

// Segment filters of the read API: who the visitor is (device, browser, language) and where they
// were (path). Every route that can narrow its figures by them takes the same query parameters,
// so a dashboard sends one filter set to every view; each route's description says what a filter
// means for each of its figures, and a route that cannot answer a filter does not accept it (400).
// Filters combine with AND. New kinds of filter (customer traits, new vs returning) are added
// here, as more members of SegmentFilters, and by the server's cube families that can answer them.

/** Every segment filter, in the order the documentation lists them. */
export const SEGMENT_FILTERS = ['path', 'device', 'browser', 'language'] as const;
export type SegmentFilterName = (typeof SEGMENT_FILTERS)[number];

/** Browser families are bowser's lower-case names ('chrome', 'safari', 'microsoft edge', 'other'). */
export const MAX_BROWSER_LENGTH = 64;

export const segmentFilterFields = {
  // Examples go in the descriptions: /docs fills an `example` in, and a filter filled in by
  // default would narrow every call made there.
  path: z.string().startsWith('/').max(MAX_PATH_LENGTH).optional().meta({
    description: 'Exact page path, e.g. /checkout. What it narrows differs per figure: see the route description.',
  }),
  device: z.enum(DEVICE_CLASSES).optional().meta({ description: 'Device class of the visitor' }),
  browser: z
    .string()
    .min(1)
    .max(MAX_BROWSER_LENGTH)
    .transform((s) => s.toLowerCase())
    .optional()
    .meta({ description: 'Browser family, as the browser breakdown names it (case-insensitive), e.g. safari' }),
  language: z.string().max(MAX_LANGUAGE_LENGTH).optional().meta({
    description: 'Language tag as the widget sent it, e.g. en-GB (empty: unknown)',
  }),
};

/** The filters of one request, parsed. A missing member does not narrow anything. */
export interface SegmentFilters {
  path?: string | undefined;
  device?: (typeof DEVICE_CLASSES)[number] | undefined;
  browser?: string | undefined;
  language?: string | undefined;
}

/** The segment filters out of a parsed query (which may hold other parameters too). */
export function segmentFiltersOf(q: SegmentFilters): SegmentFilters {
  const out: SegmentFilters = {};
  for (const name of SEGMENT_FILTERS) if (q[name] !== undefined) (out as Record<string, string>)[name] = q[name];
  return out;
}
