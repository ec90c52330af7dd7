import type { AnswerSample, AudienceFilters, AudienceSample, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { FAMILIES, familyRead } from '../../analytics/cube-families.js';
import { readCube } from '../../analytics/cube-reader.js';
import type { QueryRange } from '../../analytics/query-range.js';
import {
  addToDistribution,
  complaintsOf,
  headlineScore,
  percent,
  type Distribution,
  type Kind,
} from '../../analytics/score-math.js';
import { planSpans } from '../../analytics/tier-plan.js';
import { type AudienceSampling, audienceWalk, sampledField, scaleOf } from '../../analytics/audience-sample.js';
import { answerConditions, scopedResolvedAnswers } from '../../analytics/audience-answer-conditions.js';
import { hasAudience } from '../../analytics/audience-sessions.js';
import { detractorSql, RESOLVED_COMPLAINT_SQL } from '../../db/schema/responses.js';
import { medianFromBuckets } from '../../lib/engagement-histogram.js';
import { RESOLVED_COMPLAINT_BUCKET, timeToResolveBucket } from '../responses/resolution-counts.js';
import { readAudienceResolutionBuckets } from './audience-resolution-buckets.js';
import { readAudienceScoreCounts } from './audience-score-counts.js';
import { audienceCountsSessions, readAudienceTrafficCounts } from './audience-traffic-counts.js';
import { readAudienceTrafficAndGoals } from './audience-traffic.js';
import { readTraffic, type TrafficFigures } from './traffic-figures.js';

/** Every overview figure of one period, before comparing two periods. */
export interface OverviewFigures extends TrafficFigures {
  responses: number;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  complaints: number;
  complaintRate: number | null;
  openComplaints: number;
  resolved: number;
  medianTimeToResolveMs: number | null;
  /** Sessions per goal that reached it; rates are of `startedSessions`. */
  goals: Map<string, number>;
  /** Present when the audience's sessions were read at a sample level (the traffic and goals are estimates). */
  sampled?: AudienceSample;
  /** Present when the audience's answers were read at a sample level (the counts of answers are estimates). */
  answersSampled?: AnswerSample;
}

/**
 * Resolutions in the period: answers resolved in it (how many, and their median time to resolve,
 * bucketed: features/responses/resolution-counts.ts) and the complaints given in it that are
 * resolved. Without an audience they are counts (the resolutions family); under an audience of
 * at most one trait with no filter but the device, counts by who answered
 * (audience-resolution-buckets.ts); under any other with a trait the resolved answers of its
 * rarest trait (scopedResolvedAnswers), and without one the answers' rows, their durations
 * bucketed the same way, so all of them give one figure.
 */
function resolutionFigures(
  db: Database.Database,
  siteId: string,
  r: QueryRange,
  filters: SegmentFilters,
  audience: AudienceFilters,
  spans: ReturnType<typeof planSpans>,
) {
  const buckets = new Map<number, number>();
  let resolvedComplaints = 0;
  if (hasAudience(audience) && audienceCountsSessions(filters, audience)) {
    for (const [bucket, n] of readAudienceResolutionBuckets(db, siteId, filters, audience, r.fromHour, r.toHour)) {
      if (bucket === RESOLVED_COMPLAINT_BUCKET) resolvedComplaints += n;
      else buckets.set(bucket, n);
    }
  } else if (audience.traits.length > 0) {
    // From the resolved answers of the audience's rarest trait: no answer of the range tested.
    const scope = { db, siteId, from: r.fromHour, to: r.toHour };
    const resolved = scopedResolvedAnswers(scope, filters, audience, 'resolved_at');
    const durations = db
      .prepare(`SELECT d.resolved_at - d.created_at FROM ${resolved.from} WHERE ${resolved.where}`)
      .pluck()
      .all(...resolved.params) as number[];
    for (const ms of durations) {
      const b = timeToResolveBucket(ms);
      buckets.set(b, (buckets.get(b) ?? 0) + 1);
    }
    const given = scopedResolvedAnswers(scope, filters, audience, 'created_at');
    resolvedComplaints = db
      .prepare(`SELECT count(*) FROM ${given.from} WHERE ${given.where} AND d.commented = 1 AND ${detractorSql('d')}`)
      .pluck()
      .get(...given.params) as number;
  } else if (hasAudience(audience)) {
    const f = answerConditions(filters, audience);
    const durations = db
      .prepare(
        'SELECT r.resolved_at - r.created_at FROM responses AS r WHERE r.site_id = ? AND r.resolved_at IS NOT NULL ' +
          `AND r.resolved_at >= ? AND r.resolved_at < ?${f.sql}`,
      )
      .pluck()
      .all(siteId, r.fromHour, r.toHour, ...f.params) as number[];
    for (const ms of durations) {
      const b = timeToResolveBucket(ms);
      buckets.set(b, (buckets.get(b) ?? 0) + 1);
    }
    resolvedComplaints = db
      .prepare(
        `SELECT count(*) FROM responses AS r WHERE r.site_id = ? AND r.created_at >= ? AND r.created_at < ? AND ${RESOLVED_COMPLAINT_SQL}${f.sql}`,
      )
      .pluck()
      .get(siteId, r.fromHour, r.toHour, ...f.params) as number;
  } else {
    const read = familyRead(FAMILIES.resolutions, siteId, filters, { groupBy: ['bucket'] })!;
    for (const { group, counters } of readCube(db, read, spans).values()) {
      const bucket = Number(group[0]);
      if (bucket === RESOLVED_COMPLAINT_BUCKET) resolvedComplaints += counters[0]!;
      else buckets.set(bucket, counters[0]!);
    }
  }
  let resolved = 0;
  for (const n of buckets.values()) resolved += n;
  return { resolved, medianTimeToResolveMs: medianFromBuckets(buckets), resolvedComplaints };
}

/**
 * The overview of one period under segment filters (what each filter means: traffic-figures.ts,
 * scores: where given) and an audience (audience-traffic.ts, audience-answers.ts).
 */
export function overviewFigures(
  db: Database.Database,
  siteId: string,
  r: QueryRange,
  filters: SegmentFilters,
  audience: AudienceFilters = { traits: [] },
  sampling?: AudienceSampling,
): OverviewFigures {
  const spans = planSpans(r.fromHour, r.toHour);
  const narrowed = hasAudience(audience);
  // An audience the counts by who the session is hold: its traffic and goals from them.
  const counted =
    narrowed && audienceCountsSessions(filters, audience)
      ? readAudienceTrafficCounts(db, siteId, filters, audience, [{ start: r.fromHour, end: r.toHour }])[0]
      : undefined;
  // Any other audience: its sessions of the range walked, or a fixed sample of them.
  const walk = narrowed && !counted ? audienceWalk(db, siteId, audience, r.fromHour, r.toHour, sampling) : undefined;
  // Its traffic and goals from one walk of its sessions.
  const walked = walk
    ? readAudienceTrafficAndGoals(db, siteId, filters, audience, r.fromHour, r.toHour, walk)
    : undefined;
  const traffic = counted
    ? counted.traffic
    : walked
      ? walked.traffic
      : readTraffic(db, siteId, filters, r.fromHour, r.toHour).get('')!;

  const dists = new Map<Kind, Distribution>();
  const add = (kind: Kind, score: number, responses: number, comments: number) => {
    if (!dists.has(kind)) dists.set(kind, new Map());
    addToDistribution(dists.get(kind)!, score, responses, comments);
  };
  let answersSampled: AnswerSample | undefined;
  if (narrowed) {
    // Past the threshold a fixed sample of the answers, scaled: the scores are the sample's own.
    const read = readAudienceScoreCounts(db, siteId, filters, audience, r.fromHour, r.toHour, false, sampling);
    for (const a of read.counts) add(a.kind, a.score, a.responses, a.comments);
    answersSampled = read.sample;
  } else {
    const scoreRead = familyRead(FAMILIES.scores, siteId, filters, { groupBy: ['kind', 'score'] })!;
    for (const { group, counters } of readCube(db, scoreRead, spans).values())
      add(group[0] as Kind, Number(group[1]), counters[0]!, counters[1]!);
  }
  let responses = 0;
  let complaints = 0;
  for (const [kind, d] of dists) {
    for (const c of d.values()) responses += c.responses;
    complaints += complaintsOf(kind, d);
  }
  const score = (kind: Kind) => (dists.has(kind) ? headlineScore(kind, dists.get(kind)!) : null);
  const goals = counted ? counted.goals : walked ? walked.goals : rollupGoalCounts(db, siteId, filters, spans);
  const res = resolutionFigures(db, siteId, r, filters, audience, spans);
  return {
    ...traffic,
    responses,
    nps: score('nps'),
    csat: score('csat'),
    ces: score('ces'),
    complaints,
    complaintRate: percent(complaints, responses),
    openComplaints: Math.max(0, complaints - res.resolvedComplaints),
    resolved: res.resolved,
    medianTimeToResolveMs: res.medianTimeToResolveMs,
    goals,
    ...(walk ? sampledField(walk, traffic.sessions / scaleOf(walk)) : {}),
    ...(answersSampled ? { answersSampled } : {}),
  };
}

function rollupGoalCounts(
  db: Database.Database,
  siteId: string,
  filters: SegmentFilters,
  spans: ReturnType<typeof planSpans>,
): Map<string, number> {
  const goals = new Map<string, number>();
  const goalRead = familyRead(FAMILIES.goals, siteId, filters, { groupBy: ['name'], counters: ['conversions'] })!;
  const at = goalRead.cube.counters.findIndex((c) => c.name === 'conversions');
  for (const { group, counters } of readCube(db, goalRead, spans).values()) {
    // A goal seen only outside the range can come back as 0 (a tier minus its edges): leave it out.
    if (counters[at] !== 0) goals.set(String(group[0]), counters[at]!);
  }
  return goals;
}
