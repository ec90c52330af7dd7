import type { ErrorsResponse, SeriesInterval } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { readCube } from '../../analytics/cube-reader.js';
import { readCubeBuckets } from '../../analytics/cube-series-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { bucketEcho, seriesBuckets, seriesInterval } from '../../analytics/series-buckets.js';
import { planSpans, type Span } from '../../analytics/tier-plan.js';
import { CUBES } from '../../db/cubes/cube-specs.js';

export interface ErrorsQuestion {
  path?: string | undefined;
  device?: string | undefined;
  interval?: SeriesInterval | undefined;
  sort: 'count' | 'sessions';
  limit: number;
}

interface GroupRow {
  fingerprint: string;
  source: ErrorsResponse['errors'][number]['source'];
  error_type: string;
  message: string;
  frames: string | null;
  first_ts: number;
  last_ts: number;
}

const MAX_PAGES = 10;

/** JS and resource errors grouped by fingerprint, with counts from the error cube. */
export function readErrors(
  db: Database.Database,
  siteId: string,
  q: ErrorsQuestion,
  range: QueryRange,
): ErrorsResponse {
  const interval = seriesInterval(range, q.interval);
  const spans = planSpans(range.fromHour, range.toHour);
  const read = {
    cube: CUBES.error,
    siteId,
    filters: { path: q.path, device: q.device },
    groupBy: ['fingerprint', 'path'],
  };
  const byFp = new Map<string, { count: number; sessions: number; pages: Map<string, number> }>();
  for (const { group, counters } of readCube(db, read, spans).values()) {
    const [fp, path] = [String(group[0]), String(group[1])];
    let g = byFp.get(fp);
    if (!g) {
      g = { count: 0, sessions: 0, pages: new Map() };
      byFp.set(fp, g);
    }
    g.count += counters[0]!;
    g.sessions += counters[1]!;
    g.pages.set(path, (g.pages.get(path) ?? 0) + counters[0]!);
  }
  const ranked = [...byFp].filter(([, g]) => g.count > 0);
  ranked.sort(([a, x], [b, y]) => y[q.sort] - x[q.sort] || y.count - x.count || (a < b ? -1 : 1));
  const shown = ranked.slice(0, q.limit);
  const details = new Map<string, GroupRow>();
  if (shown.length > 0) {
    const rows = db
      .prepare(
        'SELECT fingerprint, source, error_type, message, frames, first_ts, last_ts FROM error_groups ' +
          `WHERE site_id = ? AND fingerprint IN (${shown.map(() => '?').join(', ')})`,
      )
      .all(siteId, ...shown.map(([fp]) => fp)) as GroupRow[];
    for (const r of rows) details.set(r.fingerprint, r);
  }
  const buckets = seriesBuckets(range, interval);
  const series = sparklines(
    db,
    siteId,
    q,
    shown.map(([fp]) => fp),
    buckets.map((b) => planSpans(b.start, b.end)),
  );
  return {
    range: rangeEcho(range),
    interval,
    periods: buckets.map(bucketEcho),
    totalGroups: ranked.length,
    errors: shown.map(([fingerprint, g]) => {
      const d = details.get(fingerprint);
      return {
        fingerprint,
        type: d?.error_type ?? '',
        source: d?.source ?? 'error',
        message: d?.message ?? '',
        stack: d?.frames ? (JSON.parse(d.frames) as ErrorsResponse['errors'][number]['stack']) : [],
        count: g.count,
        sessions: g.sessions,
        firstSeen: new Date(d?.first_ts ?? range.fromHour).toISOString(),
        lastSeen: new Date(d?.last_ts ?? range.fromHour).toISOString(),
        pages: [...g.pages]
          .filter(([, n]) => n > 0)
          .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
          .slice(0, MAX_PAGES)
          .map(([path, count]) => ({ path, count })),
        series: series.get(fingerprint)!,
      };
    }),
  };
}

/** Errors per bucket of each shown group, under the same filters. */
function sparklines(
  db: Database.Database,
  siteId: string,
  q: ErrorsQuestion,
  fingerprints: string[],
  buckets: Span[][],
): Map<string, number[]> {
  const out = new Map(fingerprints.map((fp) => [fp, new Array<number>(buckets.length).fill(0)]));
  if (fingerprints.length === 0) return out;
  const read = {
    cube: CUBES.error,
    siteId,
    filters: { fingerprint: fingerprints, path: q.path, device: q.device },
    groupBy: ['fingerprint'],
    counters: ['errors'],
  };
  readCubeBuckets(db, read, buckets).forEach((groups, i) => {
    for (const { group, counters } of groups.values()) out.get(String(group[0]))![i] = counters[0]!;
  });
  return out;
}

export interface ErrorGroupRow {
  fingerprint: string;
  source: ErrorsResponse['errors'][number]['source'];
  error_type: string;
  message: string;
  frames: string | null;
  sample_path: string;
  first_ts: number;
  last_ts: number;
}

/** One error group's stored row (webhooks' `error.new`), or undefined. */
export function findErrorGroup(db: Database.Database, siteId: string, fingerprint: string): ErrorGroupRow | undefined {
  return db
    .prepare(
      'SELECT fingerprint, source, error_type, message, frames, sample_path, first_ts, last_ts FROM error_groups WHERE site_id = ? AND fingerprint = ?',
    )
    .get(siteId, fingerprint) as ErrorGroupRow | undefined;
}
