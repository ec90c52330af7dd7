import type { AudienceFilters, SegmentFilters, SeriesInterval, TimeseriesResponse } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { hasAudience } from '../../analytics/audience-sessions.js';
import { FAMILIES, familyRead } from '../../analytics/cube-families.js';
import { readCubeSeries } from '../../analytics/cube-series-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { addToDistribution, headlineScore, type Distribution, type Kind } from '../../analytics/score-math.js';
import { bucketEcho, seriesBuckets, seriesInterval } from '../../analytics/series-buckets.js';
import { readAudienceTrafficSeries } from './audience-traffic.js';
import { readAudienceScoreBuckets } from './audience-score-counts.js';
import { readTrafficSeries } from './traffic-figures.js';

export interface TimeseriesQuestion {
  interval?: SeriesInterval | undefined;
  filters: SegmentFilters;
  audience?: AudienceFilters | undefined;
}

type Answers = { group: (string | number)[]; counters: number[] }[];

/** The audience's answers of each bucket, shaped like the score cube's groups (kind, score). */
const audienceAnswerBuckets = (
  db: Database.Database,
  siteId: string,
  q: TimeseriesQuestion,
  buckets: readonly { start: number; end: number }[],
): Answers[] =>
  readAudienceScoreBuckets(db, siteId, q.filters, q.audience!, buckets).map((counts) =>
    counts.map((a) => ({ group: [a.kind, a.score], counters: [a.responses, a.comments] })),
  );

const KINDS: Kind[] = ['nps', 'csat', 'ces'];

/** Every headline figure per bucket of the range, under the filters (their meaning: traffic-figures.ts). */
export function readTimeseries(
  db: Database.Database,
  siteId: string,
  q: TimeseriesQuestion,
  range: QueryRange,
): TimeseriesResponse {
  const interval = seriesInterval(range, q.interval);
  const buckets = seriesBuckets(range, interval);
  const narrowed = q.audience !== undefined && hasAudience(q.audience);
  const traffic = narrowed
    ? readAudienceTrafficSeries(db, siteId, q.filters, q.audience!, buckets)
    : readTrafficSeries(db, siteId, q.filters, buckets);
  const answers: Answers[] = narrowed
    ? audienceAnswerBuckets(db, siteId, q, buckets)
    : readCubeSeries(db, familyRead(FAMILIES.scores, siteId, q.filters, { groupBy: ['kind', 'score'] })!, buckets).map(
        (m) => [...m.values()],
      );
  const points = buckets.map((b, i) => {
    const dists = new Map<Kind, Distribution>(KINDS.map((k) => [k, new Map()]));
    let responses = 0;
    for (const { group, counters } of answers[i]!) {
      const d = dists.get(group[0] as Kind);
      if (!d) continue;
      addToDistribution(d, Number(group[1]), counters[0]!, counters[1]!);
      responses += counters[0]!;
    }
    const { startedSessions: _, ...figures } = traffic[i]!;
    return {
      ...bucketEcho(b),
      ...figures,
      responses,
      nps: headlineScore('nps', dists.get('nps')!),
      csat: headlineScore('csat', dists.get('csat')!),
      ces: headlineScore('ces', dists.get('ces')!),
    };
  });
  return { interval, range: rangeEcho(range), points };
}
