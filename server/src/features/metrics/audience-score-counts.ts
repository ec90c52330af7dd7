import type { AnswerSample, AudienceFilters, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import type { AnswerSampling } from '../../analytics/answer-sample-level.js';
import { readGrainBuckets, readGrains, type GrainRead } from '../../analytics/grain-reader.js';
import type { Kind } from '../../analytics/score-math.js';
import { bucketOf } from '../../analytics/series-buckets.js';
import { planSpans } from '../../analytics/tier-plan.js';
import { readAudienceAnswers } from './audience-answers.js';
import { audienceCountFilters } from '../../analytics/audience-sessions.js';

// The answers of an audience that the overview and the time series turn into scores: per hour,
// kind and score, answers and those with a comment. An audience of at most one trait (with or
// without `returning`) and no page filter is counted by the writer per answer and trait
// (features/ingest/derive/customer-deltas.ts): with no filter but the device, in
// audience_score_counts by UTC month, day and edge hour (any range in any time zone reads
// O(months + days + hours) rows per score); with a browser or language, in trait_score_rollups,
// as /v1/metrics/scores reads it (audience-score-store.ts): one index range of the trait's hours (a
// series: one per bucket, summed by the statement).
// Anything else is read from the answers themselves (audience-answers.ts), or past the threshold
// from a fixed sample of them, its counts scaled and `sample` saying so.

/** Answers of one hour (0 when not asked per hour), kind and score. */
export interface ScoreCount {
  hour: number;
  kind: Kind;
  score: number;
  responses: number;
  comments: number;
}

/** Counts of answers, and when they are a sample's (scaled), which. */
export interface ScoreCounts<T> {
  counts: T;
  sample?: AnswerSample | undefined;
}

/** Segment columns trait_score_rollups keeps (names from this list only, never input). */
const SEGMENT = ['device', 'browser', 'language'] as const;

/** Whether trait_score_rollups holds the question's answers. */
const countsHold = (f: SegmentFilters, a: AudienceFilters) => f.path === undefined && a.traits.length <= 1;

/** Whether audience_score_counts holds them: no segment filter but the device. */
const tiersHold = (f: SegmentFilters, a: AudienceFilters) =>
  countsHold(f, a) && f.browser === undefined && f.language === undefined;

/** The read of audience_score_counts' tiers for the audience, per kind and score. */
function tierRead(siteId: string, f: SegmentFilters, a: AudienceFilters): GrainRead {
  return {
    hourly: 'audience_score_counts',
    daily: 'audience_score_counts_daily',
    monthly: 'audience_score_counts_monthly',
    siteId,
    filters: { ...audienceCountFilters(a), device: f.device },
    groupBy: ['kind', 'score'],
    sums: ['responses', 'comments'],
  };
}

const countOf = (group: (string | number)[], sums: number[]): ScoreCount => ({
  hour: 0,
  kind: group[0] as Kind,
  score: Number(group[1]),
  responses: sums[0]!,
  comments: sums[1]!,
});

/**
 * The audience's answers given in each bucket [start, end) of a series, per kind and score (`hour`
 * 0): from the tiers when they hold the question, from trait_score_rollups summed per bucket when
 * it does, else from the answers per hour and added up per bucket (one read of the whole range, so
 * every bucket is of the same sample).
 */
export function readAudienceScoreBuckets(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  a: AudienceFilters,
  buckets: readonly { start: number; end: number }[],
  sampling?: AnswerSampling,
): ScoreCounts<ScoreCount[][]> {
  if (buckets.length === 0) return { counts: [] };
  if (tiersHold(f, a)) {
    const spans = buckets.map((b) => planSpans(b.start, b.end));
    return {
      counts: readGrainBuckets(db, tierRead(siteId, f, a), spans).map((groups) =>
        [...groups.values()].map((g) => countOf(g.group, g.sums)),
      ),
    };
  }
  if (countsHold(f, a)) return { counts: readRollupBuckets(db, siteId, f, a, buckets) };
  const out = buckets.map((): ScoreCount[] => []);
  const read = readAudienceScoreCounts(db, siteId, f, a, buckets[0]!.start, buckets.at(-1)!.end, true, sampling);
  for (const c of read.counts) out[bucketOf(buckets, c.hour)]?.push({ ...c, hour: 0 });
  return { counts: out, sample: read.sample };
}

/** The WHERE of trait_score_rollups for the audience's answers and the segment filters, hours left out. */
function rollupConditions(siteId: string, f: SegmentFilters, a: AudienceFilters) {
  const trait = a.traits[0];
  const where = ['site_id = ?', 'trait_key = ?', 'trait_value = ?'];
  const params: (string | number)[] = [siteId, trait?.key ?? '', trait?.value ?? ''];
  for (const column of SEGMENT) {
    if (f[column] === undefined) continue;
    where.push(`${column} = ?`);
    params.push(f[column]);
  }
  if (a.returning !== undefined) {
    where.push('"returning" = ?');
    params.push(a.returning ? 1 : 0);
  }
  return { where, params };
}

/**
 * The audience's answers of each bucket from trait_score_rollups, summed per bucket by the
 * statement: each bucket one range of the hours in the key, its rows grouped by kind and score.
 * Grouped by hour instead, the rows of a day series over all time at 10 M events (under
 * `returning` and a browser: 7,574 of them, for 1,365 per bucket) cost more to sort and hand over
 * than to find (21 ms of CPU against 12).
 */
function readRollupBuckets(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  a: AudienceFilters,
  buckets: readonly { start: number; end: number }[],
): ScoreCount[][] {
  const { where, params } = rollupConditions(siteId, f, a);
  // A bucket's bounds as integers on both engines (PostgreSQL types a VALUES parameter as text).
  const values = buckets.map((_, i) => `(${i}, CAST(? AS BIGINT), CAST(? AS BIGINT))`).join(', ');
  const rows = db
    .prepare(
      `WITH b(i, s, e) AS (VALUES ${values}) SELECT b.i, kind, score, sum(responses), sum(comments) ` +
        'FROM b CROSS JOIN trait_score_rollups ON hour >= b.s AND hour < b.e ' +
        `WHERE ${where.join(' AND ')} GROUP BY b.i, kind, score`,
    )
    .raw()
    .all(...buckets.flatMap((b) => [b.start, b.end]), ...params) as [number, Kind, number, number, number][];
  const out = buckets.map((): ScoreCount[] => []);
  for (const [i, kind, score, responses, comments] of rows)
    out[Number(i)]!.push({
      hour: 0,
      kind,
      score: Number(score),
      responses: Number(responses),
      comments: Number(comments),
    });
  return out;
}

/**
 * The audience's answers given in [from, to), per kind and score (from the counts when they hold
 * the question), and per hour when `perHour` (from the answers); read from the answers past
 * `sampling`'s threshold a fixed sample of them.
 */
export function readAudienceScoreCounts(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  a: AudienceFilters,
  from: number,
  to: number,
  perHour: boolean,
  sampling?: AnswerSampling,
): ScoreCounts<ScoreCount[]> {
  // Per hour from the answers only: a series whose answers the counts hold sums them per bucket
  // instead (readAudienceScoreBuckets).
  if (perHour || !countsHold(f, a)) {
    const out = new Map<string, ScoreCount>();
    const read = readAudienceAnswers(db, siteId, f, a, from, to, sampling);
    for (const r of read.counts) {
      const hour = perHour ? r.hour : 0;
      const id = `${hour}\u0001${r.kind}\u0001${r.score}`;
      const c = out.get(id);
      if (c) {
        c.responses += r.responses;
        c.comments += r.comments;
      } else out.set(id, { hour, kind: r.kind, score: r.score, responses: r.responses, comments: r.comments });
    }
    return { counts: [...out.values()], sample: read.sample };
  }
  if (tiersHold(f, a))
    return {
      counts: [...readGrains(db, tierRead(siteId, f, a), planSpans(from, to)).values()].map((g) =>
        countOf(g.group, g.sums),
      ),
    };
  const { where, params } = rollupConditions(siteId, f, a);
  where.push('hour >= ?', 'hour < ?');
  params.push(from, to);
  const counts = db
    .prepare(
      'SELECT 0 AS hour, kind, score, sum(responses) AS responses, sum(comments) AS comments ' +
        `FROM trait_score_rollups WHERE ${where.join(' AND ')} GROUP BY kind, score`,
    )
    .all(...params) as ScoreCount[];
  return { counts };
}
