import type Database from 'better-sqlite3';
import { SketchUnion } from '../lib/sketch-union.js';
import { prepared } from './cube-reader.js';
import { DAY_MS, HOUR_MS } from './local-calendar.js';
import { planSpans, spanUnits } from './tier-plan.js';
import { runJoinSql } from './unit-runs.js';
import type { VisitorCount } from './visitor-counts.js';

// Distinct visitors of an audience's sessions (one trait or none, new or returning, a device or
// all): the union of the sketches of the UTC days and edge hours of each bucket
// (audience_visitor_sketches, db/schema/audience-session-rates.ts). Returning visitors are the
// union of the cells of returning sessions, as for the site-wide sketches.

/** The sketches' key narrowed to: trait_key '' is every session. */
export interface AudienceSketchFilters {
  traitKey: string;
  traitValue: string;
  returning?: number | undefined;
  device?: string | undefined;
}

const TIER = { hour: 'hour', daily: 'day', monthly: 'day' } as const;
const UNIT_MS = { hour: HOUR_MS, day: DAY_MS } as const;

/**
 * Each bucket's distinct and returning visitors: its UTC days and edge hours, each tier read in
 * one statement whose runs are the consecutive units of every bucket (unit-runs.ts), not in IN
 * lists of units: the 4,344 hours of 181 New York days are one index range, not 35 lists of
 * 128 lookups.
 */
export function readAudienceVisitorBuckets(
  db: Database.Database,
  siteId: string,
  f: AudienceSketchFilters,
  buckets: readonly { start: number; end: number }[],
): VisitorCount[] {
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
  const pairs = buckets.map(() => ({ visitors: new SketchUnion(), returning: new SketchUnion() }));
  const conds = ['site_id = ?', 'trait_key = ?', 'trait_value = ?', 'tier = ?'];
  const fixed: (string | number)[] = [siteId, f.traitKey, f.traitValue];
  if (f.returning !== undefined) {
    conds.push('"returning" = ?');
    fixed.push(f.returning);
  }
  if (f.device !== undefined) {
    conds.push('device = ?');
    fixed.push(f.device);
  }
  conds.push('start >= r.lo', 'start < r.hi');
  const sql = runJoinSql(db, 'tier, start, "returning", visitors', 'audience_visitor_sketches', conds.join(' AND '));
  for (const tier of ['hour', 'day'] as const) {
    const list = units[tier].sort((x, y) => x - y);
    if (list.length === 0) continue;
    const runs: [number, number, number][] = [];
    for (const start of list) {
      const last = runs[runs.length - 1];
      if (last && last[1] === start) last[1] = start + UNIT_MS[tier];
      else runs.push([start, start + UNIT_MS[tier], 0]);
    }
    const rows = prepared(db, sql).all(JSON.stringify(runs), ...fixed.slice(0, 3), tier, ...fixed.slice(3)) as [
      string,
      number,
      number,
      Buffer,
    ][];
    for (const [rowTier, start, returning, visitors] of rows) {
      const pair = pairs[owner.get(`${rowTier}${Number(start)}`)!]!;
      pair.visitors.mergeEncoded(visitors);
      if (Number(returning) === 1) pair.returning.mergeEncoded(visitors);
    }
  }
  return pairs.map((p) => {
    const visitors = p.visitors.estimate();
    return { visitors, returning: Math.min(p.returning.estimate(), visitors) };
  });
}
