import type { AudienceFilters, ErrorRateBy, ErrorRateResponse, SeriesInterval } from '@loupe/shared';
import type Database from 'better-sqlite3';
import {
  grainSpans,
  type GrainRead,
  type GrainRow,
  readGrainBuckets,
  readGrains,
} from '../../analytics/grain-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { bucketEcho, seriesBuckets, seriesInterval } from '../../analytics/series-buckets.js';
import { errors } from '../../errors/catalogue.js';
import {
  type AudienceSampling,
  type AudienceWalk,
  audienceWalk,
  sampledField,
  scaleOf,
} from '../../analytics/audience-sample.js';
import { audienceSessions, audienceVisits, hasAudience } from '../../analytics/audience-sessions.js';
import { countWalkedSessions } from '../../analytics/lead-trait-rows.js';
import { DAY_MS } from '../../analytics/local-calendar.js';
import { audienceErrorRateReads } from './audience-error-rate-counts.js';
import { audiencePageErrors, type HourErrors } from './audience-page-errors.js';

export interface ErrorRateQuestion {
  interval?: SeriesInterval | undefined;
  path?: string | undefined;
  device?: string | undefined;
  browser?: string | undefined;
  language?: string | undefined;
  release?: string | undefined;
  by?: ErrorRateBy | undefined;
  limit: number;
}

type Figures = ErrorRateResponse['total'];

const rate = (errorSessions: number, sessions: number) =>
  sessions === 0 ? null : Math.round((errorSessions / sessions) * 10_000) / 100;
const figures = (sessions: number, errorSessions: number): Figures => ({
  sessions,
  errorSessions,
  errorRate: rate(errorSessions, sessions),
});

/** The column each `by` groups on, in the table it is read from. */
const BY_COLUMN: Record<ErrorRateBy, string> = {
  page: 'path',
  device: 'device',
  browser: 'browser',
  language: 'language',
  release: 'release',
};

/**
 * Sessions are read per session (error_rate_*: start hour, segment, release); a page's figures per
 * page visit (page_error_*: the visit's hour, page, segment), which know no release. Without a
 * segment filter or a segment `by`, from the same counts without the segment (*_total_*).
 */
function source(siteId: string, q: ErrorRateQuestion, perPage: boolean, groupBy: string[]): GrainRead {
  const segment = { device: q.device, browser: q.browser, language: q.language };
  return perPage
    ? {
        hourly: 'page_error_rollups',
        daily: 'page_error_daily',
        monthly: 'page_error_monthly',
        siteId,
        filters: { ...segment, path: q.path },
        groupBy,
        sums: ['visits', 'error_visits'],
        coarser: {
          hourly: 'page_error_total_rollups',
          daily: 'page_error_total_daily',
          monthly: 'page_error_total_monthly',
          columns: ['path'],
        },
      }
    : {
        hourly: 'error_rate_rollups',
        daily: 'error_rate_daily',
        monthly: 'error_rate_monthly',
        siteId,
        filters: { ...segment, release: q.release },
        groupBy,
        sums: ['sessions', 'error_sessions'],
        coarser: {
          hourly: 'error_rate_total_rollups',
          daily: 'error_rate_total_daily',
          monthly: 'error_rate_total_monthly',
          columns: ['release'],
        },
      };
}

/** The share of sessions (or, for a page, of its visits) that met at least one JavaScript error. */
export function readErrorRate(
  db: Database.Database,
  siteId: string,
  q: ErrorRateQuestion,
  range: QueryRange,
  audience: AudienceFilters = { traits: [] },
  sampling?: AudienceSampling,
): ErrorRateResponse {
  if (q.release !== undefined && (q.path !== undefined || q.by === 'page')) {
    const message = 'releases are kept per session, not per page: drop path and by=page, or release';
    throw errors.validation(`querystring.release: ${message}`, [{ path: 'querystring.release', message }]);
  }
  if (q.by === 'release' && q.path !== undefined) {
    const message = 'releases are kept per session, not per page: by=release does not combine with path';
    throw errors.validation(`querystring.by: ${message}`, [{ path: 'querystring.by', message }]);
  }
  const interval = seriesInterval(range, q.interval);
  if (hasAudience(audience)) {
    const counts = audienceErrorRateReads(siteId, q, audience);
    return counts === undefined
      ? fromSessions(db, siteId, q, range, interval, audience, sampling)
      : fromGrains(db, q, range, interval, counts.read, counts.grouped);
  }
  const perPage = q.path !== undefined;
  const grouped = q.by === undefined ? undefined : source(siteId, q, perPage || q.by === 'page', [BY_COLUMN[q.by]]);
  return fromGrains(db, q, range, interval, source(siteId, q, perPage, []), grouped);
}

/** Groups sorted as the route answers them: most error sessions, then most sessions, then key. */
function ranked(groups: ({ key: string } & Figures)[]) {
  return groups.sort(
    (a, b) =>
      b.errorSessions - a.errorSessions || b.sessions - a.sessions || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** The answer from counts: `read` sums (sessions or visits, those with an error), `grouped` the same per group. */
function fromGrains(
  db: Database.Database,
  q: ErrorRateQuestion,
  range: QueryRange,
  interval: SeriesInterval,
  read: GrainRead,
  grouped: GrainRead | undefined,
): ErrorRateResponse {
  const sum = (rows: Map<string, GrainRow>): Figures => {
    const row = rows.get('');
    return figures(row?.sums[0] ?? 0, row?.sums[1] ?? 0);
  };
  const buckets = seriesBuckets(range, interval);
  const perBucket = readGrainBuckets(
    db,
    read,
    buckets.map((b) => grainSpans(b.start, b.end)),
  );
  const series = buckets.map((b, i) => ({ ...bucketEcho(b), ...sum(perBucket[i]!) }));
  const spans = grainSpans(range.fromHour, range.toHour);
  const out: ErrorRateResponse = { range: rangeEcho(range), interval, total: sum(readGrains(db, read, spans)), series };
  if (q.by !== undefined && grouped !== undefined) {
    const groups = ranked(
      [...readGrains(db, grouped, spans).values()]
        .map((g) => ({ key: String(g.group[0]), ...figures(g.sums[0]!, g.sums[1]!) }))
        .filter((g) => g.sessions > 0 || g.errorSessions > 0),
    );
    out.by = q.by;
    out.totalGroups = groups.length;
    out.groups = groups.slice(0, q.limit);
  }
  return out;
}

/** One session or page visit as counted, with the value of every `by`. */
interface Counted {
  hour: number;
  error: boolean;
  keys: Partial<Record<ErrorRateBy, string>>;
}

/**
 * The same answer computed from the audience's sessions and visits (audience-sessions.ts): all of
 * them, or past the threshold a fixed sample (audience-sample.ts) whose counts are scaled, the
 * rates being the sample's own.
 */
function fromSessions(
  db: Database.Database,
  siteId: string,
  q: ErrorRateQuestion,
  range: QueryRange,
  interval: SeriesInterval,
  audience: AudienceFilters,
  sampling: AudienceSampling | undefined,
): ErrorRateResponse {
  const inSegment = (x: { device: string; browser: string; language: string }) =>
    (q.device === undefined || x.device === q.device) &&
    (q.browser === undefined || x.browser === q.browser) &&
    (q.language === undefined || x.language === q.language);
  const perPage = q.path !== undefined || q.by === 'page';
  // One sample for the sessions and their visits: a visit's session starts up to a day before it,
  // so the level is chosen over that longer range when visits are read.
  const walk = audienceWalk(db, siteId, audience, range.fromHour - (perPage ? DAY_MS : 0), range.toHour, sampling);
  const scale = scaleOf(walk);
  // By page: the sessions and their visits of one walk, counted by the database.
  if (perPage && q.path === undefined) return byPage(db, siteId, q, range, interval, audience, walk);
  // A page's figures are its visits: the sessions are then only counted, for `sampled`, in the
  // index the sample is walked from.
  const walked =
    q.path === undefined ? audienceSessions(db, siteId, audience, range.fromHour, range.toHour, undefined, walk) : [];
  const sampleSessions =
    q.path === undefined
      ? walked.length
      : walk.level === 0
        ? 0
        : countWalkedSessions(db, siteId, audience, walk, range.fromHour, range.toHour);
  const sessions: Counted[] = walked
    .filter((s) => inSegment(s) && (q.release === undefined || s.release === q.release))
    .map((s) => ({ hour: s.hour, error: s.js_errors > 0, keys: { ...s } }));
  const visits: Counted[] = perPage
    ? audienceVisits(db, siteId, audience, range.fromHour, range.toHour, undefined, walk, q.path)
        .filter((v) => inSegment(v) && (q.path === undefined || v.path === q.path))
        .map((v) => ({ hour: v.hour, error: v.js_errors > 0, keys: { ...v, page: v.path } }))
    : [];
  const rows = q.path !== undefined ? visits : sessions;
  const count = (xs: readonly Counted[]) => {
    const errors = xs.filter((x) => x.error).length;
    return { ...figures(xs.length * scale, errors * scale), errorRate: rate(errors, xs.length) };
  };
  const out: ErrorRateResponse = {
    range: rangeEcho(range),
    interval,
    total: count(rows),
    series: seriesBuckets(range, interval).map((b) => ({
      ...bucketEcho(b),
      ...count(rows.filter((r) => r.hour >= b.start && r.hour < b.end)),
    })),
  };
  if (q.by !== undefined) {
    const by = q.by;
    const byKey = new Map<string, Counted[]>();
    for (const r of perPage ? visits : sessions) {
      const k = String(r.keys[by] ?? '');
      const list = byKey.get(k);
      if (list) list.push(r);
      else byKey.set(k, [r]);
    }
    const groups = ranked([...byKey].map(([key, xs]) => ({ key, ...count(xs) })));
    out.by = by;
    out.totalGroups = groups.length;
    out.groups = groups.slice(0, q.limit);
  }
  return { ...out, ...sampledField(walk, sampleSessions) };
}

/**
 * fromSessions by page without a path filter: the total and the series of the sessions (counted
 * per start hour), the groups of the visits (per page), of one walk (audience-page-errors.ts).
 */
function byPage(
  db: Database.Database,
  siteId: string,
  q: ErrorRateQuestion,
  range: QueryRange,
  interval: SeriesInterval,
  audience: AudienceFilters,
  walk: AudienceWalk,
): ErrorRateResponse {
  const scale = scaleOf(walk);
  const read = audiencePageErrors(db, siteId, audience, q, range.fromHour, range.toHour, walk);
  const count = (sessions: number, errors: number) => ({
    ...figures(sessions * scale, errors * scale),
    errorRate: rate(errors, sessions),
  });
  const sum = (hours: readonly HourErrors[]) =>
    count(
      hours.reduce((n, h) => n + h.sessions, 0),
      hours.reduce((n, h) => n + h.errorSessions, 0),
    );
  const groups = ranked(read.pages.map((p) => ({ key: p.path, ...count(p.visits, p.errorVisits) })));
  return {
    range: rangeEcho(range),
    interval,
    total: sum(read.hours),
    series: seriesBuckets(range, interval).map((b) => ({
      ...bucketEcho(b),
      ...sum(read.hours.filter((h) => h.hour >= b.start && h.hour < b.end)),
    })),
    by: 'page',
    totalGroups: groups.length,
    groups: groups.slice(0, q.limit),
    ...sampledField(
      walk,
      read.hours.reduce((n, h) => n + h.walked, 0),
    ),
  };
}
