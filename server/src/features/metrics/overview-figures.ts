import type Database from 'better-sqlite3';
import { readCube } from '../../analytics/cube-reader.js';
import type { QueryRange } from '../../analytics/query-range.js';
import { addToDistribution, complaintsOf, headlineScore, percent, type Distribution, type Kind } from '../../analytics/score-math.js';
import { planSpans } from '../../analytics/tier-plan.js';
import { readVisitors } from '../../analytics/visitor-counts.js';
import { CUBES } from '../../db/cubes/cube-specs.js';
import { RESOLVED_COMPLAINT_SQL } from '../../db/schema/responses.js';

/** Every overview figure of one period, before comparing two periods. */
export interface OverviewFigures {
  visitors: number;
  sessions: number;
  bounceRate: number | null;
  returningVisitorRate: number | null;
  responses: number;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  complaints: number;
  complaintRate: number | null;
  openComplaints: number;
  resolved: number;
  medianTimeToResolveMs: number | null;
  goals: Map<string, number>;
}

function median(sorted: Float64Array): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/**
 * Resolutions come from the responses table through partial indexes that hold only resolved
 * answers (ingestion pays nothing for them). Durations are sorted here, as a typed array: an SQL
 * ORDER BY on the expression costs a temporary B-tree.
 */
function resolutionFigures(db: Database.Database, siteId: string, r: QueryRange) {
  const durations = Float64Array.from(
    db
      .prepare('SELECT resolved_at - created_at FROM responses WHERE site_id = ? AND resolved_at IS NOT NULL AND resolved_at >= ? AND resolved_at < ?')
      .pluck()
      .all(siteId, r.fromHour, r.toHour) as number[],
  ).sort();
  const resolvedComplaints = db
    .prepare(`SELECT count(*) FROM responses WHERE site_id = ? AND created_at >= ? AND created_at < ? AND ${RESOLVED_COMPLAINT_SQL}`)
    .pluck()
    .get(siteId, r.fromHour, r.toHour) as number;
  return { resolved: durations.length, medianTimeToResolveMs: median(durations), resolvedComplaints };
}

export function overviewFigures(db: Database.Database, siteId: string, r: QueryRange): OverviewFigures {
  const spans = planSpans(r.fromHour, r.toHour);
  const visitors = readVisitors(db, siteId, r.fromHour, r.toHour);
  const s = readCube(db, { cube: CUBES.sessionDevice, siteId, groupBy: [] }, spans).get('')?.counters ?? [];
  const sessions = s[0] ?? 0;
  const engaged = s[1] ?? 0;

  const dists = new Map<Kind, Distribution>();
  for (const { group, counters } of readCube(db, { cube: CUBES.scorePrompt, siteId, groupBy: ['kind', 'score'] }, spans).values()) {
    const kind = group[0] as Kind;
    if (!dists.has(kind)) dists.set(kind, new Map());
    addToDistribution(dists.get(kind)!, Number(group[1]), counters[0]!, counters[1]!);
  }
  let responses = 0;
  let complaints = 0;
  for (const [kind, d] of dists) {
    for (const c of d.values()) responses += c.responses;
    complaints += complaintsOf(kind, d);
  }
  const score = (kind: Kind) => (dists.has(kind) ? headlineScore(kind, dists.get(kind)!) : null);
  const goals = new Map<string, number>();
  for (const { group, counters } of readCube(db, { cube: CUBES.goal, siteId, groupBy: ['name'] }, spans).values()) {
    // A goal seen only outside the range can come back as 0 (a tier minus its edges): leave it out.
    if (counters[0] !== 0) goals.set(String(group[0]), counters[0]!);
  }
  const res = resolutionFigures(db, siteId, r);
  return {
    visitors: visitors.visitors,
    sessions,
    bounceRate: percent(sessions - engaged, sessions),
    returningVisitorRate: percent(visitors.returning, visitors.visitors),
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
  };
}
