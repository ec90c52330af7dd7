import { SEGMENT_FILTERS, type SegmentFilters } from '@loupe/shared';
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
import { RESOLVED_COMPLAINT_SQL } from '../../db/schema/responses.js';
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
}

function median(sorted: Float64Array): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** The segment filters as conditions on the responses table, whose answers carry all four (column names: SEGMENT_FILTERS). */
function responseFilterSql(filters: SegmentFilters): { sql: string; params: string[] } {
  const names = SEGMENT_FILTERS.filter((name) => filters[name] !== undefined);
  return { sql: names.map((name) => ` AND ${name} = ?`).join(''), params: names.map((name) => filters[name]!) };
}

/**
 * Resolutions come from the responses table through partial indexes that hold only resolved
 * answers (ingestion pays nothing for them); the filters narrow the rows those indexes find.
 * Durations are sorted here, as a typed array: an SQL ORDER BY on the expression costs a temporary B-tree.
 */
function resolutionFigures(db: Database.Database, siteId: string, r: QueryRange, filters: SegmentFilters) {
  const f = responseFilterSql(filters);
  const durations = Float64Array.from(
    db
      .prepare(
        `SELECT resolved_at - created_at FROM responses WHERE site_id = ? AND resolved_at IS NOT NULL AND resolved_at >= ? AND resolved_at < ?${f.sql}`,
      )
      .pluck()
      .all(siteId, r.fromHour, r.toHour, ...f.params) as number[],
  ).sort();
  const resolvedComplaints = db
    .prepare(
      `SELECT count(*) FROM responses WHERE site_id = ? AND created_at >= ? AND created_at < ? AND ${RESOLVED_COMPLAINT_SQL}${f.sql}`,
    )
    .pluck()
    .get(siteId, r.fromHour, r.toHour, ...f.params) as number;
  return { resolved: durations.length, medianTimeToResolveMs: median(durations), resolvedComplaints };
}

/** The overview of one period under segment filters (what each filter means: traffic-figures.ts, scores: where given). */
export function overviewFigures(
  db: Database.Database,
  siteId: string,
  r: QueryRange,
  filters: SegmentFilters,
): OverviewFigures {
  const spans = planSpans(r.fromHour, r.toHour);
  const traffic = readTraffic(db, siteId, filters, r.fromHour, r.toHour).get('')!;

  const dists = new Map<Kind, Distribution>();
  const scoreRead = familyRead(FAMILIES.scores, siteId, filters, { groupBy: ['kind', 'score'] })!;
  for (const { group, counters } of readCube(db, scoreRead, spans).values()) {
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
  const goalRead = familyRead(FAMILIES.goals, siteId, filters, { groupBy: ['name'], counters: ['conversions'] })!;
  const at = goalRead.cube.counters.findIndex((c) => c.name === 'conversions');
  for (const { group, counters } of readCube(db, goalRead, spans).values()) {
    // A goal seen only outside the range can come back as 0 (a tier minus its edges): leave it out.
    if (counters[at] !== 0) goals.set(String(group[0]), counters[at]!);
  }
  const res = resolutionFigures(db, siteId, r, filters);
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
  };
}
