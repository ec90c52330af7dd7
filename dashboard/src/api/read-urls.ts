import { MAX_RETENTION_COHORTS } from '@loupe/shared/constants';
import { addDays, addMonths, startOfMonth } from '../state/calendar.js';
import type { Filters, FilterName, ViewState } from '../state/view-state.js';
import { FILTER_KEYS, traitParam } from '../state/view-state.js';
import { withQuery } from './api-client.js';

// The read API's URLs for a view state. Each route's query string is strict (an unknown member is
// a 400), so each gets exactly the filters it understands.

type Extra = Record<string, string | number | boolean | undefined>;

const SEGMENT = FILTER_KEYS;
/** Who the customer is: every `trait.<name>` filter, and new vs returning. */
const AUDIENCE = ['traits', 'returning'] as const;
const ALL = [...SEGMENT, ...AUDIENCE] as const;
/** The visitor's own segment, for routes that count per visitor rather than per page. */
const VISITOR = ['device', 'browser', 'language'] as const;

/**
 * Which filters each route takes: the one list of what every view sends. A filter a route does
 * not take is left out of its URL (and the view says it is ignored), never sent to be refused.
 */
export const ROUTE_FILTERS = {
  overview: ALL,
  timeseries: ALL,
  breakdown: ALL,
  pages: ALL,
  scores: ALL,
  responses: ALL,
  errors: ['path', 'device'],
  clicks: ['path', 'device', ...AUDIENCE],
  friction: AUDIENCE,
  funnels: ALL,
  conversion: ALL,
  tasks: ALL,
  journeys: [...VISITOR, ...AUDIENCE],
  touchpoints: [...VISITOR, ...AUDIENCE],
  errorRate: ALL,
  engagement: [...VISITOR, ...AUDIENCE],
  retention: [...VISITOR, ...AUDIENCE],
} as const satisfies Record<string, readonly FilterName[]>;
export type FilteredRoute = keyof typeof ROUTE_FILTERS;
/** The routes read with a view's range (retention is counted by period in the site's zone). */
export type ReadRoute = Exclude<FilteredRoute, 'retention'>;

/** The query members of the filters a route takes: `path=…`, `trait.plan=pro`, `returning=true`. */
export function filterQuery(route: FilteredRoute, filters: Filters): Record<string, string> {
  const takes: readonly FilterName[] = ROUTE_FILTERS[route];
  const out: Record<string, string> = {};
  for (const k of SEGMENT) if (filters[k] && takes.includes(k)) out[k] = filters[k];
  if (takes.includes('traits')) for (const tr of filters.traits ?? []) out[traitParam(tr.key)] = tr.value;
  if (filters.returning && takes.includes('returning')) out.returning = filters.returning;
  return out;
}

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
    ...filterQuery('retention', state.filters),
  });
}

/**
 * The query member naming what is read: `site=<siteId>`, or inside a shared link's view, whose
 * "site" is the link itself (ids `shr_…`, never a site's), `share=<shareId>`.
 */
export const scopeQuery = (siteId: string): { site?: string; share?: string } =>
  siteId.startsWith('shr_') ? { share: siteId } : { site: siteId };

/**
 * The site's trait names and their common values: one URL wherever they are listed in the view
 * (the audience picker, the scores' compare-by), so both read one cached answer. A shared link's
 * view cannot list a site's traits (the server refuses it): null, nothing asked.
 */
export const traitsUrl = (siteId: string): string | null =>
  siteId.startsWith('shr_') ? null : withQuery('/v1/traits', { site: siteId });

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
    ...filterQuery(route, state.filters),
    ...extra,
  });
}

/** Whether the route can honour every active filter (else the view says which are ignored). */
export const ignoredFilters = (route: FilteredRoute, filters: Filters): FilterName[] =>
  ALL.filter((k) => {
    const active = k === 'traits' ? Boolean(filters.traits?.length) : Boolean(filters[k]);
    return active && !(ROUTE_FILTERS[route] as readonly FilterName[]).includes(k);
  });
