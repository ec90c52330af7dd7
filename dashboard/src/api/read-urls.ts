import type { ViewState, Filters, FilterKey } from '../state/view-state.js';
import { MAX_RETENTION_COHORTS } from '@loupe/shared/constants';
import { addDays, addMonths, startOfMonth } from '../state/calendar.js';
import { withQuery } from './api-client.js';

// The read API's URLs for a view state. Each route's query string is strict (an unknown member is
// a 400), so each gets exactly the filters it understands.

type Extra = Record<string, string | number | boolean | undefined>;

const pick = (filters: Filters, keys: readonly FilterKey[]) =>
  Object.fromEntries(keys.flatMap((k) => (filters[k] ? [[k, filters[k]]] : [])));

const ALL: readonly FilterKey[] = ['path', 'device', 'browser', 'language'];
/** Which filters each route takes. */
export const ROUTE_FILTERS = {
  overview: ALL,
  timeseries: ALL,
  breakdown: ALL,
  pages: ALL,
  scores: ALL,
  responses: ALL,
  errors: ['path', 'device'],
  clicks: ['path', 'device'],
  friction: [],
  funnels: ALL,
  conversion: ALL,
  tasks: ALL,
  journeys: ['device', 'browser', 'language'],
  touchpoints: ['device', 'browser', 'language'],
  errorRate: ALL,
  engagement: ['device', 'browser', 'language'],
} as const satisfies Record<string, readonly FilterKey[]>;
export type ReadRoute = keyof typeof ROUTE_FILTERS;

const PATHS: Record<ReadRoute, string> = {
  overview: '/v1/metrics/overview',
  timeseries: '/v1/metrics/timeseries',
  breakdown: '/v1/metrics/breakdown',
  pages: '/v1/metrics/pages',
  scores: '/v1/metrics/scores',
  responses: '/v1/responses',
  errors: '/v1/errors',
  clicks: '/v1/clicks',
  friction: '/v1/insights/friction',
  funnels: '/v1/funnels',
  conversion: '/v1/metrics/conversion',
  tasks: '/v1/metrics/tasks',
  journeys: '/v1/insights/journeys',
  touchpoints: '/v1/insights/touchpoints',
  errorRate: '/v1/metrics/error-rate',
  engagement: '/v1/metrics/engagement',
};

/** The retention cohorts: counted in the site's zone by period, so no range or tz of the view. */
/**
 * The cohorts of the view's period: from the cohort containing its first day to the one containing
 * its last, at most the API's MAX_RETENTION_COHORTS (the latest ones). The site's zone is the API's.
 */
export function retentionUrl(
  state: { siteId: string; filters: Filters; range: { from: string; to: string } },
  interval: 'week' | 'month',
  by: 'visitor' | 'customer',
) {
  const earliest =
    interval === 'week'
      ? addDays(state.range.to, -7 * (MAX_RETENTION_COHORTS - 1))
      : addMonths(startOfMonth(state.range.to), -(MAX_RETENTION_COHORTS - 1));
  return withQuery('/v1/metrics/retention', {
    ...scopeQuery(state.siteId),
    interval,
    // The later of the two dates (YYYY-MM-DD sorts as text).
    from: [state.range.from, earliest].sort()[1],
    to: state.range.to,
    ...(by === 'customer' ? { by } : {}),
    ...pick(state.filters, ['device', 'browser', 'language']),
  });
}

/**
 * The query member naming what is read: `site=<siteId>`, or inside a shared link's view, whose
 * "site" is the link itself (ids `shr_…`, never a site's), `share=<shareId>`.
 */
export const scopeQuery = (siteId: string): { site?: string; share?: string } =>
  siteId.startsWith('shr_') ? { share: siteId } : { site: siteId };

/** `/v1/…?site=…&from=…&to=…&tz=…&<filters>&<extra>` for the state's site, range and filters. */
export function readUrl(
  route: ReadRoute,
  state: Pick<ViewState, 'range' | 'filters'> & { siteId: string; tz: string },
  extra: Extra = {},
): string {
  return withQuery(PATHS[route], {
    ...scopeQuery(state.siteId),
    from: state.range.from,
    to: state.range.to,
    tz: state.tz,
    ...pick(state.filters, ROUTE_FILTERS[route]),
    ...extra,
  });
}

/** Whether the route can honour every active filter (else the view says which are ignored). */
export const ignoredFilters = (route: ReadRoute, filters: Filters): FilterKey[] =>
  ALL.filter((k) => filters[k] && !(ROUTE_FILTERS[route] as readonly FilterKey[]).includes(k));
