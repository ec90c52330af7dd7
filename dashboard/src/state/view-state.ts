import {
  DEFAULT_PERIOD,
  defaultInterval,
  type DateRange,
  type Interval,
  intervalsFor,
  type Period,
  PERIODS,
  rangeOf,
} from './period.js';

/**
 * Filters that narrow every figure of a view, in the URL as `?path=/checkout&device=mobile`. The
 * list is the API's; a later change adds trait filters (`trait.plan=pro`) the same way.
 */
export const FILTER_KEYS = ['path', 'device', 'browser', 'language'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

/** Everything a view reads from the URL: bookmarkable and shareable as it is. */
export interface ViewState {
  siteId: string | undefined;
  period: Period;
  range: DateRange;
  compare: boolean;
  interval: Interval;
  filters: Filters;
  query: URLSearchParams;
}

export function readViewState(query: URLSearchParams, today: string): ViewState {
  const asked = query.get('period') as Period | null;
  const period = asked && PERIODS.includes(asked) ? asked : DEFAULT_PERIOD;
  const range = rangeOf(period, today, { from: query.get('from') ?? undefined, to: query.get('to') ?? undefined });
  const askedInterval = query.get('interval') as Interval | null;
  const interval =
    askedInterval && intervalsFor(range).includes(askedInterval) ? askedInterval : defaultInterval(range);
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const v = query.get(key);
    if (v) filters[key] = v;
  }
  return {
    siteId: query.get('site') ?? undefined,
    period,
    range,
    compare: query.get('compare') === '1',
    interval,
    filters,
    query,
  };
}

/** The URL's query with some members changed (undefined removes one). Keeps every other member. */
export function changeQuery(query: URLSearchParams, changes: Record<string, string | undefined>): URLSearchParams {
  const next = new URLSearchParams(query);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') next.delete(k);
    else next.set(k, v);
  }
  return next;
}

/** The API's range parameters for a view: local dates in the site's zone. */
export function rangeQuery(state: ViewState, tz: string) {
  return { from: state.range.from, to: state.range.to, tz };
}
