import { engagementBucketValue } from '../../../src/lib/engagement-histogram.js';
import { timeToResolveBucket } from '../../../src/features/responses/resolution-counts.js';
import { inRange, inSegment, percent, type Raw, type RawResponse, type RefFilters } from './raw-rows.js';
import { refStartedSessions, refTraffic } from './reference-traffic.js';

// Reference overview figures of one period over raw sessions, responses and track events.

const r2 = (x: number) => Math.round(x * 100) / 100;
const DETRACTOR_MAX = { nps: 6, csat: 2, ces: 3 } as const;

/** A kind's headline score of these answers' scores: NPS, % of CSAT 4–5, mean CES (null when none). */
export function refScoreOf(kind: 'nps' | 'csat' | 'ces', scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  if (kind === 'nps')
    return r2((100 * (scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length)) / scores.length);
  if (kind === 'csat') return percent(scores.filter((s) => s >= 4).length, scores.length);
  return r2(scores.reduce((a, b) => a + b, 0) / scores.length);
}

/** The headline score of the answers of `kind` among these. */
export const refHeadline = (kind: 'nps' | 'csat' | 'ces', rs: readonly RawResponse[]): number | null =>
  refScoreOf(
    kind,
    rs.filter((r) => r.kind === kind).map((r) => r.score),
  );

/** The overview of one period under segment filters: traffic as reference-traffic.ts, answers where given. */
export function refOverview(raw: Raw, from: number, to: number, f: RefFilters = {}) {
  const traffic = refTraffic(raw, from, to, f).get('')!;
  const answers = (r: RawResponse) => inSegment(r, f) && (f.path === undefined || r.path === f.path);
  const rs = raw.responses.filter((r) => inRange(r.createdAt, from, to) && answers(r));
  const complaintsOf = rs.filter((r) => r.comment !== null && r.score <= DETRACTOR_MAX[r.kind]);
  const resolvedNow = raw.responses.filter(
    (r) => r.resolvedAt !== null && r.resolvedAt >= from && r.resolvedAt < to && answers(r),
  );
  // The median is the lower middle's time-to-resolve bucket, at the value that bucket stands for
  // (features/responses/resolution-counts.ts: kept as bucket counts, within 5 % of the duration).
  const durations = resolvedNow.map((r) => r.resolvedAt! - r.createdAt).sort((a, b) => a - b);
  const lowerMiddle = durations[Math.ceil(durations.length / 2) - 1];
  const median = lowerMiddle === undefined ? null : Math.round(engagementBucketValue(timeToResolveBucket(lowerMiddle)));

  const started = refStartedSessions(raw, from, to, f);
  const goals = new Map<string, number>();
  for (const s of started) for (const name of s.goals) goals.set(name, (goals.get(name) ?? 0) + 1);
  return {
    figures: {
      ...traffic,
      responses: rs.length,
      nps: refHeadline('nps', rs),
      csat: refHeadline('csat', rs),
      ces: refHeadline('ces', rs),
      complaints: complaintsOf.length,
      complaintRate: percent(complaintsOf.length, rs.length),
      openComplaints: complaintsOf.filter((r) => r.resolvedAt === null).length,
      resolved: resolvedNow.length,
      medianTimeToResolveMs: median,
    },
    goals,
    startedSessions: started.length,
  };
}
