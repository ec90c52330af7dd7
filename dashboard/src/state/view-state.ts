import type { TraitFilter } from '@loupe/shared';
import { MAX_TRAIT_KEY_LENGTH, MAX_TRAIT_VALUE_LENGTH, MAX_TRAITS, TRAIT_PARAM_PREFIX } from '@loupe/shared/constants';
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
 * Filters that narrow every figure of a view, in the URL as the API's own parameters:
 * `?path=/checkout&device=mobile` (the segment), `trait.plan=pro` and `returning=true|false` (the
 * audience: who the customer is). A filtered view is a link.
 */
export const FILTER_KEYS = ['path', 'device', 'browser', 'language'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export const RETURNING = ['true', 'false'] as const;
export type Returning = (typeof RETURNING)[number];
export type Filters = Partial<Record<FilterKey, string>> & {
  /** `trait.<name>=<value>` in URL order; a name at most once. */
  traits?: TraitFilter[];
  returning?: Returning;
};
/** Every filter a route may take: the segment's, `traits` (all `trait.<name>`) and `returning`. */
export type FilterName = FilterKey | 'traits' | 'returning';

/**
 * The `trait.<name>` members of a URL's query the API would take: a name once (the first), name
 * and value within the limits, at most MAX_TRAITS. Anything else in the address is left out rather
 * than sent to be refused.
 */
export function traitsOf(query: URLSearchParams): TraitFilter[] {
  const out: TraitFilter[] = [];
  for (const [param, value] of query) {
    if (!param.startsWith(TRAIT_PARAM_PREFIX) || !value || value.length > MAX_TRAIT_VALUE_LENGTH) continue;
    const key = param.slice(TRAIT_PARAM_PREFIX.length);
    if (!key || key.length > MAX_TRAIT_KEY_LENGTH || out.some((t) => t.key === key)) continue;
    if (out.length === MAX_TRAITS) break;
    out.push({ key, value });
  }
  return out;
}

/** The query member of a trait filter: `trait.<name>`. */
export const traitParam = (key: string) => `${TRAIT_PARAM_PREFIX}${key}`;

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
  const traits = traitsOf(query);
  if (traits.length) filters.traits = traits;
  const returning = RETURNING.find((r) => r === query.get('returning'));
  if (returning) filters.returning = returning;
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
