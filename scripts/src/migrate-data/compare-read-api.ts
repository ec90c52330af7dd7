import type { App } from '@loupe/server';
import { BREAKDOWN_DIMENSIONS, CONVERSION_DIMENSIONS, PROMPT_KINDS } from '@loupe/shared';

// The claim a copy into PostgreSQL must keep: every read API answers the same before and after.
// The copy's own verification compares stored rows; this compares what users see, by serving both
// databases and asking each the same questions: every read route served on PostgreSQL, for every
// site, over a sample of parameters (the site's whole span of data and its last week, in UTC and
// in a time zone with daylight saving time, each route's own choices).

/** Something that answers HTTP requests in process: a built app's inject(). */
export type ReadApi = Pick<App, 'inject'>;

export interface SiteToCompare {
  siteId: string;
  /** Headers that authenticate a read of this site on both servers (its secret key, or a session). */
  headers: Record<string, string>;
  /** The site's first and last day with data (YYYY-MM-DD, UTC): the sample's ranges come from them. */
  firstDay: string;
  lastDay: string;
}

export interface ReadApiAnswer {
  siteId: string;
  url: string;
  before: { status: number; body: string };
  after: { status: number; body: string };
}

export interface ReadApiComparison {
  /** Requests made to each server. */
  compared: number;
  /** Of those, the ones the first server answered 200 (a 4xx on both would prove nothing). */
  answered: number;
  /** The answers that differ, status or body. */
  differ: ReadApiAnswer[];
  /** Answers the first server did not give 200: a sample this function got wrong. */
  unanswered: ReadApiAnswer[];
}

/**
 * One site's read routes: what a site owner reads of the data the copy moved. GET /v1/sites is
 * the instance's (the owner's list) and GET /v1/auth/me the session's; the admin's reads (users,
 * audit, webhooks) and single items by id have their own tests on both engines.
 */
export const COMPARED_ROUTES: readonly string[] = [
  '/v1/site',
  '/v1/metrics/overview',
  '/v1/metrics/breakdown',
  '/v1/metrics/pages',
  '/v1/metrics/scores',
  '/v1/metrics/timeseries',
  '/v1/metrics/conversion',
  '/v1/metrics/tasks',
  '/v1/metrics/error-rate',
  '/v1/metrics/engagement',
  '/v1/metrics/retention',
  '/v1/errors',
  '/v1/clicks',
  '/v1/insights/friction',
  '/v1/insights/touchpoints',
  '/v1/insights/journeys',
  '/v1/funnels',
  '/v1/funnels/saved',
  '/v1/responses',
  '/v1/traits',
  '/v1/page-groups',
];

/** Routes that take no range; every other one takes from, to and tz. */
const UNRANGED = new Set(['/v1/site', '/v1/page-groups', '/v1/funnels/saved', '/v1/traits']);
/** Routes whose range is whole days or months of UTC: they take from and to, no tz. */
const WITHOUT_TZ = new Set(['/v1/metrics/retention']);

/** A route's own parameters beyond the range, one query per entry (none: the range alone). */
const CHOICES: Record<string, Record<string, string>[]> = {
  '/v1/metrics/scores': PROMPT_KINDS.map((kind) => ({ kind })),
  '/v1/metrics/breakdown': BREAKDOWN_DIMENSIONS.map((by) => ({ by })),
  '/v1/metrics/conversion': CONVERSION_DIMENSIONS.map((by) => ({ by })),
  // Audience filters: a returning visitor and a device, read through the sessions.
  '/v1/metrics/overview': [{}, { returning: 'true' }, { device: 'mobile' }],
  '/v1/responses': [{}, { returning: 'false' }],
  '/v1/funnels': [{ steps: '/*,/*' }, { steps: '/*,track:purchase' }],
  '/v1/metrics/retention': [{}, { interval: 'month' }],
};

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The queries each route is asked, for one site. */
export function readApiSample(site: SiteToCompare): string[] {
  const first = Date.parse(`${site.firstDay}T00:00:00Z`);
  const last = Date.parse(`${site.lastDay}T00:00:00Z`);
  const ranges = [
    { from: site.firstDay, to: site.lastDay, tz: 'UTC' },
    { from: dayOf(Math.max(first, last - 6 * DAY_MS)), to: site.lastDay, tz: 'Europe/Copenhagen' },
  ];
  const urls: string[] = [];
  for (const route of COMPARED_ROUTES) {
    if (UNRANGED.has(route)) {
      urls.push(route);
      continue;
    }
    for (const { tz, ...days } of ranges)
      for (const choice of CHOICES[route] ?? [{}]) {
        const range = WITHOUT_TZ.has(route) ? days : { ...days, tz };
        urls.push(`${route}?${new URLSearchParams({ ...range, ...choice })}`);
      }
  }
  return urls;
}

/** Asks both servers every sampled question for every site; see the file comment. */
export async function compareReadApi(
  before: ReadApi,
  after: ReadApi,
  sites: readonly SiteToCompare[],
): Promise<ReadApiComparison> {
  const result: ReadApiComparison = { compared: 0, answered: 0, differ: [], unanswered: [] };
  for (const site of sites) {
    for (const url of readApiSample(site)) {
      const [a, b] = await Promise.all([
        before.inject({ url, headers: site.headers }),
        after.inject({ url, headers: site.headers }),
      ]);
      const answer: ReadApiAnswer = {
        siteId: site.siteId,
        url,
        before: { status: a.statusCode, body: a.body },
        after: { status: b.statusCode, body: b.body },
      };
      result.compared++;
      if (a.statusCode === 200) result.answered++;
      else result.unanswered.push(answer);
      if (a.statusCode !== b.statusCode || !sameJson(a.body, b.body)) result.differ.push(answer);
    }
  }
  return result;
}

/** Equal JSON: the same values, whatever the order of an object's keys. */
function sameJson(a: string, b: string): boolean {
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
  } catch {
    return a === b;
  }
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
