import type Database from 'better-sqlite3';
import { SketchUnion } from '../lib/sketch-union.js';
import { prepared } from './cube-reader.js';
import { DAY_MS, HOUR_MS } from './local-calendar.js';
import { planSpans, spanUnits } from './tier-plan.js';
import { runJoinSql } from './unit-runs.js';
import type { VisitorCount } from './visitor-counts.js';

// Distinct visitors of an audience's sessions (one trait or none, new or returning, a device or
// all): the union of the sketches of the UTC days and edge hours of each bucket
// (audience_visitor_sketches, db/schema/audience-session-rates.ts), or per browser or language of
// one range (audience_dimension_sketches, db/schema/audience-dimension-rates.ts). Returning
// visitors are the union of the cells of returning sessions, as for the site-wide sketches.

/** The sketches' key narrowed to: trait_key '' is every session. */
export interface AudienceSketchFilters {
  traitKey: string;
  traitValue: string;
  returning?: number | undefined;
  device?: string | undefined;
}

const TIER = { hour: 'hour', daily: 'day', monthly: 'day' } as const;
const UNIT_MS = { hour: HOUR_MS, day: DAY_MS } as const;

interface UnitsRead {
  table: string;
  /** Equality conditions after site, trait and value, before tier, with their parameters. */
  conds: string[];
  params: (string | number)[];
  /** The column a row is grouped by, or none. */
  group?: string;
}

function pairOf(pairs: Map<string, { visitors: SketchUnion; returning: SketchUnion }>, id: string) {
  let pair = pairs.get(id);
  if (!pair) {
    pair = { visitors: new SketchUnion(), returning: new SketchUnion() };
    pairs.set(id, pair);
  }
  return pair;
}

/**
 * The sketch unions of each bucket (and group): its UTC days and edge hours, each tier read in
 * one statement whose runs are the consecutive units of every bucket (unit-runs.ts), not in IN
 * lists of units: the 4,344 hours of 181 New York days are one index range, not 35 lists of
 * 128 lookups. Keyed by `${bucket}\u0001${group}`.
 */
function readUnions(
  db: Database.Database,
  siteId: string,
  f: AudienceSketchFilters,
  read: UnitsRead,
  buckets: readonly { start: number; end: number }[],
) {
  const owner = new Map<string, number>();
  const units = { hour: [] as number[], day: [] as number[] };
  buckets.forEach((b, i) => {
    for (const span of planSpans(b.start, b.end, { subtract: false, coarsest: 'daily' })) {
      const tier = TIER[span.tier];
      for (const start of spanUnits(span)) {
        owner.set(`${tier}${start}`, i);
        units[tier].push(start);
      }
    }
  });
  const pairs = new Map<string, { visitors: SketchUnion; returning: SketchUnion }>();
  const conds = ['site_id = ?', 'trait_key = ?', 'trait_value = ?', ...read.conds, 'tier = ?'];
  const fixed: (string | number)[] = [siteId, f.traitKey, f.traitValue, ...read.params];
  const after: (string | number)[] = [];
  if (f.returning !== undefined) {
    conds.push('"returning" = ?');
    after.push(f.returning);
  }
  if (f.device !== undefined) {
    conds.push('device = ?');
    after.push(f.device);
  }
  conds.push('start >= r.lo', 'start < r.hi');
  const select = `tier, start, "returning", visitors, ${read.group ?? "''"}`;
  const sql = runJoinSql(db, select, read.table, conds.join(' AND '));
  for (const tier of ['hour', 'day'] as const) {
    const list = units[tier].sort((x, y) => x - y);
    if (list.length === 0) continue;
    const runs: [number, number, number][] = [];
    for (const start of list) {
      const last = runs[runs.length - 1];
      if (last && last[1] === start) last[1] = start + UNIT_MS[tier];
      else runs.push([start, start + UNIT_MS[tier], 0]);
    }
    const rows = prepared(db, sql).all(JSON.stringify(runs), ...fixed, tier, ...after) as [
      string,
      number,
      number,
      Buffer,
      string,
    ][];
    for (const [rowTier, start, returning, visitors, group] of rows) {
      const pair = pairOf(pairs, `${owner.get(`${rowTier}${Number(start)}`)!}\u0001${group}`);
      pair.visitors.mergeEncoded(visitors);
      if (Number(returning) === 1) pair.returning.mergeEncoded(visitors);
    }
  }
  return pairs;
}

function countOf(pair: { visitors: SketchUnion; returning: SketchUnion } | undefined): VisitorCount {
  if (pair === undefined) return { visitors: 0, returning: 0 };
  const visitors = pair.visitors.estimate();
  return { visitors, returning: Math.min(pair.returning.estimate(), visitors) };
}

/** Each bucket's distinct and returning visitors. */
export function readAudienceVisitorBuckets(
  db: Database.Database,
  siteId: string,
  f: AudienceSketchFilters,
  buckets: readonly { start: number; end: number }[],
): VisitorCount[] {
  const pairs = readUnions(db, siteId, f, { table: 'audience_visitor_sketches', conds: [], params: [] }, buckets);
  return buckets.map((_, i) => countOf(pairs.get(`${i}\u0001`)));
}

/** The distinct and returning visitors of [from, to) per value of a dimension (browser or language). */
export function readAudienceDimensionVisitors(
  db: Database.Database,
  siteId: string,
  f: AudienceSketchFilters,
  dim: 'browser' | 'language',
  from: number,
  to: number,
): Map<string, VisitorCount> {
  const read = { table: 'audience_dimension_sketches', conds: ['dim = ?'], params: [dim], group: 'value' };
  const out = new Map<string, VisitorCount>();
  for (const [id, pair] of readUnions(db, siteId, f, read, [{ start: from, end: to }]))
    out.set(id.slice(id.indexOf('\u0001') + 1), countOf(pair));
  return out;
}
