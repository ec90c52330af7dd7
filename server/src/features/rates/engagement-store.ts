import type { AudienceFilters, EngagementResponse, SeriesInterval } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { grainSpans, type GrainRow, readGrainBuckets, readGrains } from '../../analytics/grain-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { bucketEcho, seriesBuckets, seriesInterval } from '../../analytics/series-buckets.js';
import { medianFromBuckets } from '../../lib/engagement-histogram.js';
import { type AudienceSession, audienceSessions, hasAudience } from '../../analytics/audience-sessions.js';

export interface EngagementQuestion {
  interval?: SeriesInterval | undefined;
  device?: string | undefined;
  browser?: string | undefined;
  language?: string | undefined;
}

type Figures = EngagementResponse['total'];

/** Mean and median engaged time per session, from the engagement histogram (engagement_*). */
export function readEngagement(
  db: Database.Database,
  siteId: string,
  q: EngagementQuestion,
  range: QueryRange,
  audience: AudienceFilters = { traits: [] },
): EngagementResponse {
  const interval = seriesInterval(range, q.interval);
  if (hasAudience(audience)) {
    // The audience's sessions themselves: the mean and an exact median.
    const sessions = audienceSessions(db, siteId, audience, range.fromHour, range.toHour).filter(
      (s) =>
        (q.device === undefined || s.device === q.device) &&
        (q.browser === undefined || s.browser === q.browser) &&
        (q.language === undefined || s.language === q.language),
    );
    const exact = (xs: readonly AudienceSession[]): Figures => {
      const ms = xs.map((s) => s.engaged_ms).sort((a, b) => a - b);
      if (ms.length === 0) return { sessions: 0, meanMs: null, medianMs: null };
      const sum = ms.reduce((n, x) => n + x, 0);
      return { sessions: ms.length, meanMs: Math.round(sum / ms.length), medianMs: ms[Math.ceil(ms.length / 2) - 1]! };
    };
    return {
      range: rangeEcho(range),
      interval,
      total: exact(sessions),
      series: seriesBuckets(range, interval).map((b) => ({
        ...bucketEcho(b),
        ...exact(sessions.filter((s) => s.hour >= b.start && s.hour < b.end)),
      })),
    };
  }
  const read = {
    hourly: 'engagement_rollups',
    daily: 'engagement_daily',
    monthly: 'engagement_monthly',
    siteId,
    filters: { device: q.device, browser: q.browser, language: q.language },
    groupBy: ['bucket'],
    sums: ['sessions', 'engaged_ms'],
    coarser: {
      hourly: 'engagement_total_rollups',
      daily: 'engagement_total_daily',
      monthly: 'engagement_total_monthly',
      columns: ['bucket'],
    },
  };
  const figures = (rows: Map<string, GrainRow>): Figures => {
    const buckets = new Map<number, number>();
    let sessions = 0;
    let ms = 0;
    for (const { group, sums } of rows.values()) {
      buckets.set(Number(group[0]), sums[0]!);
      sessions += sums[0]!;
      ms += sums[1]!;
    }
    return {
      sessions,
      meanMs: sessions === 0 ? null : Math.round(ms / sessions),
      medianMs: medianFromBuckets(buckets),
    };
  };
  const buckets = seriesBuckets(range, interval);
  const perBucket = readGrainBuckets(
    db,
    read,
    buckets.map((b) => grainSpans(b.start, b.end)),
  );
  return {
    range: rangeEcho(range),
    interval,
    total: figures(readGrains(db, read, grainSpans(range.fromHour, range.toHour))),
    series: buckets.map((b, i) => ({ ...bucketEcho(b), ...figures(perBucket[i]!) })),
  };
}
