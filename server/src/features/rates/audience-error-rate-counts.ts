import type { AudienceFilters, ErrorRateBy } from '@loupe/shared';
import { type GrainRead, tierTables } from '../../analytics/grain-reader.js';
import { audienceCountFilters } from '../../analytics/audience-sessions.js';
import type { ErrorRateQuestion } from './error-rate-store.js';

// The error rate under an audience from the counts kept by who the session is, instead of every
// session (and page visit) of the audience in the range: sessions and those that met an error from
// audience_session_rates (its rows under goal '': one trait or none, returning flag, device),
// by browser, language or release from audience_dimension_rates (the same sessions split by one of
// them), a page's visits and those that met an error from audience_page_rates (no device there).
// Each session counts in the hour it started and each visit in its own hour, as the read of the
// audience's sessions counts them, so the figures are the same. A filter on one of the dimensions
// reads that dimension's rows of its value, which still have the device: its totals, series and
// groups by device or by that same dimension come from them.

/** A read of the totals and series, and of the groups when the question has a `by`. */
export interface ErrorRateReads {
  read: GrainRead;
  grouped?: GrainRead | undefined;
}

const SESSION_RATES = tierTables('audience_session_rates');
const DIMENSION_RATES = tierTables('audience_dimension_rates');
const PAGE_RATES = tierTables('audience_page_rates');

/** The question's filters that audience_dimension_rates keeps as a `dim`, with their values. */
const DIMENSIONS = ['browser', 'language', 'release'] as const;
type Dimension = (typeof DIMENSIONS)[number];

/**
 * The counts' reads for the question under `a`, or undefined when they do not hold it: more than
 * one trait, filters on two of browser, language and release (each is its own rows), a `by` on
 * another of them than the one filtered, or a filter with a page's figures (page rates keep only
 * the page).
 */
export function audienceErrorRateReads(
  siteId: string,
  q: ErrorRateQuestion,
  a: AudienceFilters,
): ErrorRateReads | undefined {
  if (a.traits.length > 1) return undefined;
  const filtered = DIMENSIONS.filter((d) => q[d] !== undefined);
  if (filtered.length > 1) return undefined;
  const dim: Dimension | undefined = filtered[0];
  const perPage = q.path !== undefined || q.by === 'page';
  if (perPage && (q.device !== undefined || dim !== undefined)) return undefined;
  // A path's figures are its visits: grouping them by anything but the page needs the visits' segment.
  if (q.path !== undefined && q.by !== undefined && q.by !== 'page') return undefined;
  if (dim !== undefined && q.by !== undefined && q.by !== 'device' && q.by !== dim) return undefined;
  const cell = audienceCountFilters(a);
  const dimension = (d: Dimension, groupBy: string[]): GrainRead => ({
    ...DIMENSION_RATES,
    siteId,
    filters: { ...cell, dim: d, device: q.device, value: q[d] },
    groupBy,
    sums: ['sessions', 'errored'],
  });
  const sessions = (groupBy: string[]): GrainRead =>
    dim === undefined
      ? {
          ...SESSION_RATES,
          siteId,
          filters: { ...cell, device: q.device, goal: '' },
          groupBy,
          sums: ['sessions', 'errored'],
        }
      : dimension(dim, groupBy);
  const visits = (groupBy: string[]): GrainRead => ({
    ...PAGE_RATES,
    siteId,
    filters: { ...cell, path: q.path },
    groupBy,
    sums: ['visits', 'errored'],
  });
  const by = (b: ErrorRateBy): GrainRead => {
    if (b === 'page') return visits(['path']);
    if (b === 'device') return sessions(['device']);
    return dimension(b, ['value']);
  };
  return {
    read: q.path !== undefined ? visits([]) : sessions([]),
    grouped: q.by === undefined ? undefined : by(q.by),
  };
}
