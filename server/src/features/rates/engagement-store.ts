import type { AudienceFilters, EngagementResponse, SeriesInterval } from '@loupe/shared';
import type Database from 'better-sqlite3';
import {
  type GrainRead,
  grainSpans,
  type GrainRow,
  readGrainBuckets,
  readGrains,
  tierTables,
} from '../../analytics/grain-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { bucketEcho, seriesBuckets, seriesInterval } from '../../analytics/series-buckets.js';
import { engagementBucket, medianFromBuckets } from '../../lib/engagement-histogram.js';
import { type AudienceSampling, audienceWalk, sampledField, scaleOf } from '../../analytics/audience-sample.js';
import {
  type AudienceSession,
  audienceCountFilters,
  audienceSessions,
  hasAudience,
} from '../../analytics/audience-sessions.js';

export interface EngagementQuestion {
  interval?: SeriesInterval | undefined;
  device?: string | undefined;
  browser?: string | undefined;
  language?: string | undefined;
}

type Figures = EngagementResponse['total'];

/**
 * Whether the engagement counts by who the session is hold the question: at most one trait, and at
 * most one of a browser and a language filter (db/schema/audience-engagement-counts.ts, and
 * audience-dimension-engagement.ts for the one: each dimension is its own rows).
 */
export const audienceEngagementCountsHold = (q: EngagementQuestion, a: AudienceFilters): boolean =>
  a.traits.length <= 1 && (q.browser === undefined || q.language === undefined);

/** The histogram's figures of summed (bucket → sessions, engaged ms) rows. */
function figuresOf(rows: Map<string, GrainRow>): Figures {
  const buckets = new Map<number, number>();
  let sessions = 0;
  let ms = 0;
  for (const { group, sums } of rows.values()) {
    buckets.set(Number(group[0]), sums[0]!);
    sessions += sums[0]!;
    ms += sums[1]!;
  }
  return { sessions, meanMs: sessions === 0 ? null : Math.round(ms / sessions), medianMs: medianFromBuckets(buckets) };
}

/**
 * The figures of an audience's sessions the counts do not hold: the same histogram of them, so
 * the median has the histogram's precision whichever read answers. Of a sample, the sessions are
 * scaled by `scale` (2^level), the mean and median are the sample's.
 */
function sessionFigures(xs: readonly AudienceSession[], scale: number): Figures {
  const buckets = new Map<number, number>();
  let ms = 0;
  for (const s of xs) {
    const b = engagementBucket(s.engaged_ms);
    buckets.set(b, (buckets.get(b) ?? 0) + 1);
    ms += s.engaged_ms;
  }
  return {
    sessions: xs.length * scale,
    meanMs: xs.length === 0 ? null : Math.round(ms / xs.length),
    medianMs: medianFromBuckets(buckets),
  };
}

/**
 * The histogram read without an audience (engagement_*), or by who the session is
 * (audience_engagement_counts*, audience_dimension_engagement_counts* with a browser or language filter).
 */
function histogramRead(siteId: string, q: EngagementQuestion, audience: AudienceFilters): GrainRead {
  const base = { siteId, groupBy: ['bucket'], sums: ['sessions', 'engaged_ms'] };
  const dim = q.browser !== undefined ? 'browser' : q.language !== undefined ? 'language' : undefined;
  if (hasAudience(audience) && dim !== undefined)
    return {
      ...base,
      ...tierTables('audience_dimension_engagement_counts'),
      filters: { ...audienceCountFilters(audience), dim, device: q.device, value: q[dim] },
    };
  if (hasAudience(audience))
    return {
      ...base,
      ...tierTables('audience_engagement_counts'),
      filters: { ...audienceCountFilters(audience), device: q.device },
    };
  return {
    ...base,
    hourly: 'engagement_rollups',
    daily: 'engagement_daily',
    monthly: 'engagement_monthly',
    filters: { device: q.device, browser: q.browser, language: q.language },
    coarser: {
      hourly: 'engagement_total_rollups',
      daily: 'engagement_total_daily',
      monthly: 'engagement_total_monthly',
      columns: ['bucket'],
    },
  };
}

/**
 * Mean and median engaged time per session, from the engagement histogram: engagement_* without
 * an audience, the counts by who the session is under one they hold, else the audience's sessions
 * (past the threshold a fixed sample of them, unless `sampling` is exact).
 */
export function readEngagement(
  db: Database.Database,
  siteId: string,
  q: EngagementQuestion,
  range: QueryRange,
  audience: AudienceFilters = { traits: [] },
  sampling?: AudienceSampling,
): EngagementResponse {
  const interval = seriesInterval(range, q.interval);
  const buckets = seriesBuckets(range, interval);
  if (hasAudience(audience) && !audienceEngagementCountsHold(q, audience)) {
    const walk = audienceWalk(db, siteId, audience, range.fromHour, range.toHour, sampling);
    const scale = scaleOf(walk);
    const walked = audienceSessions(db, siteId, audience, range.fromHour, range.toHour, undefined, walk);
    const sessions = walked.filter(
      (s) =>
        (q.device === undefined || s.device === q.device) &&
        (q.browser === undefined || s.browser === q.browser) &&
        (q.language === undefined || s.language === q.language),
    );
    return {
      range: rangeEcho(range),
      interval,
      total: sessionFigures(sessions, scale),
      series: buckets.map((b) => ({
        ...bucketEcho(b),
        ...sessionFigures(
          sessions.filter((s) => s.hour >= b.start && s.hour < b.end),
          scale,
        ),
      })),
      ...sampledField(walk, walked.length),
    };
  }
  const read = histogramRead(siteId, q, audience);
  const perBucket = readGrainBuckets(
    db,
    read,
    buckets.map((b) => grainSpans(b.start, b.end)),
  );
  return {
    range: rangeEcho(range),
    interval,
    total: figuresOf(readGrains(db, read, grainSpans(range.fromHour, range.toHour))),
    series: buckets.map((b, i) => ({ ...bucketEcho(b), ...figuresOf(perBucket[i]!) })),
  };
}
