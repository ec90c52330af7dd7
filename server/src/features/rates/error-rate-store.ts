import type { ErrorRateBy, ErrorRateResponse, SeriesInterval } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { grainSpans, type GrainRead, readGrains } from '../../analytics/grain-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { bucketEcho, seriesBuckets, seriesInterval } from '../../analytics/series-buckets.js';
import { errors } from '../../errors/catalogue.js';

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
 * page visit (page_error_*: the visit's hour, page, segment), which know no release.
 */
function source(siteId: string, q: ErrorRateQuestion, perPage: boolean, groupBy: string[]): GrainRead {
  const segment = { device: q.device, browser: q.browser, language: q.language };
  return perPage
    ? {
        hourly: 'page_error_rollups',
        daily: 'page_error_daily',
        siteId,
        filters: { ...segment, path: q.path },
        groupBy,
        sums: ['visits', 'error_visits'],
      }
    : {
        hourly: 'error_rate_rollups',
        daily: 'error_rate_daily',
        siteId,
        filters: { ...segment, release: q.release },
        groupBy,
        sums: ['sessions', 'error_sessions'],
      };
}

/** The share of sessions (or, for a page, of its visits) that met at least one JavaScript error. */
export function readErrorRate(
  db: Database.Database,
  siteId: string,
  q: ErrorRateQuestion,
  range: QueryRange,
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
  const perPage = q.path !== undefined;
  const sum = (spans: ReturnType<typeof grainSpans>): Figures => {
    const row = readGrains(db, source(siteId, q, perPage, []), spans).get('');
    return figures(row?.sums[0] ?? 0, row?.sums[1] ?? 0);
  };
  const series = seriesBuckets(range, interval).map((b) => ({
    ...bucketEcho(b),
    ...sum(grainSpans(b.start, b.end)),
  }));
  const spans = grainSpans(range.fromHour, range.toHour);
  const out: ErrorRateResponse = { range: rangeEcho(range), interval, total: sum(spans), series };
  if (q.by !== undefined) {
    const grouped = readGrains(db, source(siteId, q, perPage || q.by === 'page', [BY_COLUMN[q.by]]), spans);
    const groups = [...grouped.values()]
      .map((g) => ({ key: String(g.group[0]), ...figures(g.sums[0]!, g.sums[1]!) }))
      .filter((g) => g.sessions > 0 || g.errorSessions > 0);
    groups.sort(
      (a, b) =>
        b.errorSessions - a.errorSessions || b.sessions - a.sessions || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
    out.by = q.by;
    out.totalGroups = groups.length;
    out.groups = groups.slice(0, q.limit);
  }
  return out;
}
