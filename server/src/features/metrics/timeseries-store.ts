import type { AnswerSample, AudienceFilters, SegmentFilters, SeriesInterval, TimeseriesResponse } from '@loupe/shared';
import type Database from 'better-sqlite3';
import {
  type AudienceSampling,
  type AudienceWalk,
  audienceWalk,
  sampledField,
  scaleOf,
} from '../../analytics/audience-sample.js';
import { hasAudience } from '../../analytics/audience-sessions.js';
import { FAMILIES, familyRead } from '../../analytics/cube-families.js';
import { readCubeSeries } from '../../analytics/cube-series-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { addToDistribution, headlineScore, type Distribution, type Kind } from '../../analytics/score-math.js';
import { bucketEcho, seriesBuckets, seriesInterval } from '../../analytics/series-buckets.js';
import { closedBuckets } from '../../analytics/closed-bucket-memo.js';
import { readAudienceTrafficSeries } from './audience-traffic.js';
import { audienceCountsSessions } from './audience-traffic-counts.js';
import { readAudienceScoreBuckets } from './audience-score-counts.js';
import { readTrafficSeries, type TrafficFigures } from './traffic-figures.js';

export interface TimeseriesQuestion {
  interval?: SeriesInterval | undefined;
  filters: SegmentFilters;
  audience?: AudienceFilters | undefined;
  /**
   * Under an audience the counts do not key: its sessions walked, or past the threshold a fixed
   * sample of them; its answers read, or past the threshold a fixed sample of them.
   */
  sampling?: AudienceSampling | undefined;
}

type Answers = { group: (string | number)[]; counters: number[] }[];

/**
 * The audience's answers of each bucket, shaped like the score cube's groups (kind, score); with
 * `sampling`, past its threshold a fixed sample of them (one for the whole range), `sample` saying so.
 */
function audienceAnswerBuckets(
  db: Database.Database,
  siteId: string,
  q: TimeseriesQuestion,
  buckets: readonly { start: number; end: number }[],
  sampling: AudienceSampling | undefined,
): { answers: Answers[]; sample?: AnswerSample | undefined } {
  const read = readAudienceScoreBuckets(db, siteId, q.filters, q.audience!, buckets, sampling);
  return {
    answers: read.counts.map((counts) =>
      counts.map((a) => ({ group: [a.kind, a.score], counters: [a.responses, a.comments] })),
    ),
    sample: read.sample,
  };
}

interface AudiencePoint {
  traffic: TrafficFigures;
  answers: Answers;
}

/**
 * Each bucket's traffic and answers under the audience. When the counts kept at ingest hold the
 * question (one trait or none, no filter but the device), closed buckets are kept as the series
 * without an audience keeps them (closed-bucket-memo.ts): those counts change in a closed hour
 * only by a commit that bumps its day (the answers with score_rollups, the sessions' counts and
 * sketches by audience-session-rate-deltas.ts), so only the open buckets are read. An audience the
 * counts do not key (`walk`) is read whole, its answers past the threshold from a fixed sample of
 * them, `answersSampled` saying so; a kept bucket is always exact.
 */
function audiencePoints(
  db: Database.Database,
  siteId: string,
  q: TimeseriesQuestion,
  buckets: readonly { start: number; end: number }[],
  walk: AudienceWalk | undefined,
): { points: AudiencePoint[]; answersSampled?: AnswerSample | undefined } {
  const read = (bs: readonly { start: number; end: number }[], sampling: AudienceSampling | undefined) => {
    const traffic = readAudienceTrafficSeries(db, siteId, q.filters, q.audience!, bs, walk);
    const answers = audienceAnswerBuckets(db, siteId, q, bs, sampling);
    const points = bs.map((_, i) => ({ traffic: traffic[i]!, answers: answers.answers[i]! }));
    return { points, answersSampled: answers.sample };
  };
  if (walk !== undefined || buckets.length === 0) return read(buckets, q.sampling);
  const kept = closedBuckets(db, siteId, buckets[0]!.start, buckets.at(-1)!.end);
  const what = `audience\u0001${JSON.stringify([q.filters, q.audience])}`;
  const hits = buckets.map((b) => kept.get<AudiencePoint>(what, b.start, b.end));
  const fresh = read(
    buckets.filter((_, i) => !hits[i]),
    undefined,
  ).points;
  let next = 0;
  const points = buckets.map((b, i) => {
    const hit = hits[i];
    if (hit) return hit;
    const point = fresh[next++]!;
    kept.keep(what, b.start, b.end, point);
    return point;
  });
  return { points };
}

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
  // An audience the counts do not key: one walk of the whole range (the same sample in every bucket).
  const walk =
    narrowed && buckets.length > 0 && !audienceCountsSessions(q.filters, q.audience!)
      ? audienceWalk(db, siteId, q.audience!, buckets[0]!.start, buckets.at(-1)!.end, q.sampling)
      : undefined;
  const audience = narrowed ? audiencePoints(db, siteId, q, buckets, walk) : undefined;
  const traffic = audience ? audience.points.map((p) => p.traffic) : readTrafficSeries(db, siteId, q.filters, buckets);
  const answers: Answers[] = audience
    ? audience.points.map((p) => p.answers)
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
  // The sample's sessions: every bucket's, before scaling.
  const sampled = walk ? sampledField(walk, traffic.reduce((n, t) => n + t.sessions, 0) / scaleOf(walk)) : {};
  const answersSampled = audience?.answersSampled;
  return { interval, range: rangeEcho(range), ...sampled, ...(answersSampled ? { answersSampled } : {}), points };
}
