// The requests postgres-parity.test.ts sends to both engines, per route of POSTGRES_ROUTES: each
// read route with several parameter sets (ranges around 2024's DST changes in three time zones,
// segment and trait filters, groupings), so a route served on PostgreSQL is compared on the shapes
// its SQL takes.

/** Who asks: the site's secret key, the admin token, or the shared view's cookie. */
export type ProbeCaller = 'site' | 'admin' | 'share';

export interface Probe {
  url: string;
  as: ProbeCaller;
}

/** Fixed ids the test gives the rows it creates, the same in both engines. */
export const PARITY = {
  site: 'site_parity0001',
  publicKey: 'pk_parity',
  funnel: 'fn_parity0001',
  share: 'shr_parity0001',
  user: 'usr_parity0001',
  /** Every clock value the test writes (creation and update times). */
  at: Date.UTC(2024, 0, 2, 3, 4, 5, 6),
} as const;

const RANGES = [
  { tz: 'UTC', from: '2024-03-01', to: '2024-04-10' },
  { tz: 'Europe/Copenhagen', from: '2024-10-20', to: '2024-11-10' },
  { tz: 'America/New_York', from: '2024-03-05', to: '2024-03-16' },
  { tz: 'UTC', from: '2024-03-09T22:30:00Z', to: '2024-03-11T05:00:00Z' },
];
/** Segment and audience filters, each added to the first two ranges. */
const FILTERS: Record<string, string>[] = [
  { device: 'mobile' },
  { browser: 'Safari', language: 'en' },
  { path: '/cart' },
  { 'trait.plan': 'pro' },
  { returning: 'true' },
];

const url = (path: string, query: Record<string, string>) => {
  const q = new URLSearchParams(query).toString();
  return q === '' ? path : `${path}?${q}`;
};
const site = (path: string, queries: Record<string, string>[] = [{}]): Probe[] =>
  queries.map((q) => ({ url: url(path, q), as: 'site' }));
const admin = (path: string, queries: Record<string, string>[] = [{}]): Probe[] =>
  queries.map((q) => ({ url: url(path, q), as: 'admin' }));

/** Every range, each with `extra`. */
const ranged = (extra: Record<string, string> = {}) => RANGES.map((r) => ({ ...r, ...extra }));
/** Every range, then the first two ranges with each filter (of those `accepted`). */
const filtered = (extra: Record<string, string> = {}, accepted = FILTERS) => [
  ...ranged(extra),
  ...accepted.flatMap((f) => RANGES.slice(0, 2).map((r) => ({ ...r, ...extra, ...f }))),
];
const only = (...names: string[]) => FILTERS.filter((f) => Object.keys(f).every((k) => names.includes(k)));
const noPath = FILTERS.filter((f) => !('path' in f));
/** A series by hour (at most 7 days): the range across New York's spring change. */
const HOURS = { ...(RANGES[3] as Record<string, string>), interval: 'hour' };

/** The probes of each read route in POSTGRES_ROUTES (a route without any fails the test). */
export const PROBES: Record<string, Probe[]> = {
  '/openapi.json': site('/openapi.json'),
  '/docs': site('/docs'),
  '/v1/audit': admin('/v1/audit', [{}, { siteId: PARITY.site }, { siteId: PARITY.site, limit: '2' }]),
  '/v1/clicks': site('/v1/clicks', filtered({}, only('device', 'path'))),
  '/v1/config': site('/v1/config', [{ key: PARITY.publicKey }]),
  '/v1/errors': site('/v1/errors', filtered({}, only('device', 'path'))),
  '/v1/funnels': site('/v1/funnels', [
    ...filtered({ steps: '/,/cart' }),
    ...ranged({ steps: '/,/cart,/checkout' }),
    ...ranged({ steps: '/*,track:purchase' }),
  ]),
  '/v1/funnels/saved': site('/v1/funnels/saved'),
  '/v1/funnels/saved/:funnelId': site(`/v1/funnels/saved/${PARITY.funnel}`, filtered()),
  '/v1/insights/friction': site('/v1/insights/friction', ranged()),
  '/v1/insights/journeys': site('/v1/insights/journeys', [
    ...ranged(),
    ...ranged({ kind: 'csat', compareTo: 'promoter', depth: '2' }),
  ]),
  '/v1/insights/touchpoints': site('/v1/insights/touchpoints', [...ranged(), ...ranged({ kind: 'ces' })]),
  '/v1/link-secret': site('/v1/link-secret'),
  '/v1/metrics/breakdown': site('/v1/metrics/breakdown', [
    ...filtered({ by: 'device' }),
    ...ranged({ by: 'browser' }),
    ...ranged({ by: 'language' }),
    ...ranged({ by: 'entryPage' }),
    ...ranged({ by: 'trait.plan' }),
  ]),
  '/v1/metrics/conversion': site('/v1/metrics/conversion', [
    ...filtered({ by: 'page' }),
    ...ranged({ by: 'device' }),
    ...ranged({ by: 'band' }),
    ...ranged({ by: 'page', goal: 'purchase' }),
  ]),
  '/v1/metrics/engagement': site('/v1/metrics/engagement', [...filtered({}, noPath), ...ranged({ interval: 'week' })]),
  '/v1/metrics/error-rate': site('/v1/metrics/error-rate', [...filtered({}, noPath), HOURS]),
  '/v1/metrics/overview': site('/v1/metrics/overview', filtered()),
  '/v1/metrics/pages': site('/v1/metrics/pages', filtered()),
  '/v1/metrics/retention': site('/v1/metrics/retention', [
    { from: '2024-02-01', to: '2024-12-01' },
    { from: '2024-02-01', to: '2024-12-01', interval: 'month', by: 'customer' },
    { from: '2024-03-01', to: '2024-04-01', device: 'mobile', 'trait.plan': 'pro' },
  ]),
  '/v1/metrics/scores': site('/v1/metrics/scores', [...filtered({ kind: 'nps' }), ...ranged({ kind: 'csat' })]),
  '/v1/metrics/tasks': site('/v1/metrics/tasks', ranged()),
  '/v1/metrics/timeseries': site('/v1/metrics/timeseries', [...filtered(), HOURS]),
  '/v1/page-groups': site('/v1/page-groups'),
  '/v1/prompt-settings': site('/v1/prompt-settings'),
  '/v1/prompts': site('/v1/prompts', [{}, { archived: 'include' }]),
  '/v1/prompts/:promptId': site(`/v1/prompts/nps-${PARITY.site}`),
  '/v1/prompts/:promptId/links': site(`/v1/prompts/csat-${PARITY.site}/links`),
  '/v1/responses': site('/v1/responses', [
    ...ranged(),
    ...ranged({ kind: 'nps', hasComment: 'true', limit: '3' }),
    ...ranged({ q: 'slow', scoreMax: '6' }),
    ...ranged({ browser: 'FIREFOX', segment: 'detractor' }),
  ]),
  '/v1/responses.csv': site('/v1/responses.csv', [...ranged(), ...ranged({ kind: 'nps' })]),
  '/v1/responses.ndjson': site('/v1/responses.ndjson', [...ranged(), ...ranged({ kind: 'csat' })]),
  '/v1/shares/:shareId/view': [{ url: `/v1/shares/${PARITY.share}/view`, as: 'share' }],
  '/v1/site': site('/v1/site'),
  '/v1/sites/:siteId': admin(`/v1/sites/${PARITY.site}`),
  '/v1/sites/:siteId/shares': admin(`/v1/sites/${PARITY.site}/shares`),
  '/v1/traits': site('/v1/traits', [{}, { values: '1' }]),
  '/v1/users': admin('/v1/users'),
};
