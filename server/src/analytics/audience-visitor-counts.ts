import type Database from 'better-sqlite3';
import { SketchUnion } from '../lib/sketch-union.js';
import { prepared } from './cube-reader.js';
import { planSpans, spanUnits } from './tier-plan.js';
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

/** Starts per IN list, padded, so each tier has one statement shape. */
const CHUNK = 128;
const TIER = { hour: 'hour', daily: 'day', monthly: 'day' } as const;

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
  conds.push(`start IN (${Array(CHUNK).fill('?').join(', ')})`);
  const sql = `SELECT tier, start, "returning", visitors FROM audience_visitor_sketches WHERE ${conds.join(' AND ')}`;
  for (const tier of ['hour', 'day'] as const) {
    const list = units[tier];
    for (let i = 0; i < list.length; i += CHUNK) {
      const chunk = list.slice(i, i + CHUNK);
      while (chunk.length < CHUNK) chunk.push(-1);
      const rows = prepared(db, sql).all(...fixed.slice(0, 3), tier, ...fixed.slice(3), ...chunk) as [
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
  }
  return pairs.map((p) => {
    const visitors = p.visitors.estimate();
    return { visitors, returning: Math.min(p.returning.estimate(), visitors) };
  });
}
