import type Database from 'better-sqlite3';
import { monthOf } from '../lib/hour-bucket.js';
import { SketchUnion } from '../lib/sketch-union.js';
import { closedBuckets } from './closed-bucket-memo.js';
import { prepared } from './cube-reader.js';
import { planSpans, type Span } from './tier-plan.js';
import { type Range, widenOverEmptyHours } from './widen-over-empty-hours.js';

/** The dimensions visitor sketches are kept by (visitor_segment_sketches). */
export type VisitorDim = 'device' | 'browser' | 'language';
export type VisitorFilters = Partial<Record<VisitorDim, string | undefined>>;

export interface VisitorCount {
  visitors: number;
  returning: number;
}

interface Pair {
  visitors: SketchUnion;
  returning: SketchUnion;
}

/** IN lists are cut into chunks of this size (padded), so each tier has one statement shape. */
const CHUNK = 128;

const count = (p: Pair): VisitorCount => {
  const visitors = p.visitors.estimate();
  return { visitors, returning: Math.min(p.returning.estimate(), visitors) };
};

/**
 * Sketch units of each bucket: sketches cannot be subtracted, so a range is cut into whole UTC
 * months (segment sketches only), whole UTC days and edge hours.
 */
const unitsOf = (from: number, to: number, months: boolean): Span[] =>
  planSpans(from, to, { subtract: false, coarsest: months ? 'monthly' : 'daily' });

const TIER = { hour: 'hour', daily: 'day', monthly: 'month' } as const;
const nextUnit = {
  hour: (t: number) => t + 3_600_000,
  day: (t: number) => t + 86_400_000,
  month: (t: number) => monthOf(t + 32 * 86_400_000),
};

function pairOf(groups: Map<string, Pair>, group: string): Pair {
  let pair = groups.get(group);
  if (!pair) {
    pair = { visitors: new SketchUnion(), returning: new SketchUnion() };
    groups.set(group, pair);
  }
  return pair;
}

/**
 * The buckets with the start of the earliest and the end of the latest widened over the hours
 * without sessions around them (widen-over-empty-hours.ts); the inner edges meet other buckets.
 */
function widenOuterEdges(
  db: Database.Database,
  table: 'visitor_sketches' | 'visitor_segment_sketches',
  siteId: string,
  buckets: readonly Range[],
  months: boolean,
): Range[] {
  if (buckets.length === 0) return [];
  const first = Math.min(...buckets.map((b) => b.start));
  const last = Math.max(...buckets.map((b) => b.end));
  const wide = widenOverEmptyHours(db, table, siteId, { start: first, end: last }, months);
  return buckets.map((b) => ({
    start: b.start === first ? wide.start : b.start,
    end: b.end === last ? wide.end : b.end,
  }));
}

type UnitTier = 'hour' | 'day' | 'month';
type Units = Record<UnitTier, number[]>;
type SketchRow = [UnitTier, number, string, Buffer, Buffer];

/** The units (UTC hours, days, months) to read for [start, end), added to `units`; their keys. */
function addUnits(units: Units, start: number, end: number, months: boolean): (Range & { key: string })[] {
  const added: (Range & { key: string })[] = [];
  for (const span of unitsOf(start, end, months)) {
    const tier = TIER[span.tier];
    for (let t = span.start; t < span.end; t = nextUnit[tier](t)) {
      units[tier].push(t);
      added.push({ key: `${tier}${t}`, start: t, end: nextUnit[tier](t) });
    }
  }
  return added;
}

/** Every sketch row of the units, by tier, in IN lists of CHUNK starts: each tier one statement shape. */
function readUnits(db: Database.Database, sql: string, head: readonly string[], tail: readonly string[], units: Units) {
  const rows: SketchRow[] = [];
  for (const tier of ['hour', 'day', 'month'] as const) {
    const list = units[tier];
    for (let i = 0; i < list.length; i += CHUNK) {
      const chunk = list.slice(i, i + CHUNK);
      while (chunk.length < CHUNK) chunk.push(-1);
      for (const row of prepared(db, sql).all(...head, tier, ...tail, ...chunk) as SketchRow[]) rows.push(row);
    }
  }
  return rows;
}

/**
 * Distinct visitors (and returning visitors) of the sessions started in each bucket [start, end),
 * optionally narrowed by filters on the visitor segment and grouped by one of its dimensions: the
 * union of the sketches of the hours, UTC days (and months) covering the bucket. Without filters
 * or grouping the site-wide sketches are read; otherwise the per-segment ones.
 *
 * A unit that reaches past its bucket over hours without sessions (widenOuterEdges) is read whole
 * in place of its parts when that leaves every count as the parts give it: a dense whole only
 * where the group's union is dense anyway (SketchUnion.settle); else the parts are read after all.
 */
export function readVisitorBuckets(
  db: Database.Database,
  siteId: string,
  buckets: readonly Range[],
  filters: VisitorFilters = {},
  groupBy?: VisitorDim,
): Map<string, VisitorCount>[] {
  const conds = (Object.entries(filters) as [VisitorDim, string | undefined][]).filter(([, v]) => v !== undefined) as [
    VisitorDim,
    string,
  ][];
  const segmented = conds.length > 0 || groupBy !== undefined;
  const table = segmented ? 'visitor_segment_sketches' : 'visitor_sketches';
  // Which bucket each (tier, start) unit belongs to; the units that reach past their bucket, and
  // the part of each inside it.
  const owner = new Map<string, number>();
  const whole = new Set<string>();
  const parts = buckets.map((): Range[] => []);
  const units: Units = { hour: [], day: [], month: [] };
  widenOuterEdges(db, table, siteId, buckets, segmented).forEach((wide, i) => {
    const b = buckets[i]!;
    for (const unit of addUnits(units, wide.start, wide.end, segmented)) {
      owner.set(unit.key, i);
      if (unit.start < b.start || unit.end > b.end) {
        whole.add(unit.key);
        parts[i]!.push({ start: Math.max(unit.start, b.start), end: Math.min(unit.end, b.end) });
      }
    }
  });
  const out = buckets.map(() => new Map<string, Pair>());
  const key = groupBy ?? "''";
  const where = (extra: readonly string[]) =>
    [
      'site_id = ?',
      'tier = ?',
      ...[...conds.map(([dim]) => dim), ...extra].map((dim) => `${dim} = ?`),
      `start IN (${Array(CHUNK).fill('?').join(', ')})`,
    ].join(' AND ');
  const select = `SELECT tier, start, ${key}, visitors, "returning" FROM ${table} WHERE `;
  const values = conds.map(([, v]) => v);
  for (const [tier, start, group, visitors, returning] of readUnits(db, select + where([]), [siteId], values, units)) {
    const key = `${tier}${start}`;
    const pair = pairOf(out[owner.get(key)!]!, group);
    if (whole.has(key)) {
      pair.visitors.mergeWhole(visitors);
      pair.returning.mergeWhole(returning);
    } else {
      pair.visitors.mergeEncoded(visitors);
      pair.returning.mergeEncoded(returning);
    }
  }
  // Groups whose dense wholes could change a count: their parts instead, read per group.
  out.forEach((groups, i) => {
    for (const [group, pair] of groups) {
      const redo = { visitors: pair.visitors.settle(), returning: pair.returning.settle() };
      if (!redo.visitors && !redo.returning) continue;
      const partUnits: Units = { hour: [], day: [], month: [] };
      for (const part of parts[i]!) addUnits(partUnits, part.start, part.end, segmented);
      const extra = groupBy === undefined ? [] : [groupBy];
      const tail = [...values, ...(groupBy === undefined ? [] : [group])];
      for (const [, , , visitors, returning] of readUnits(db, select + where(extra), [siteId], tail, partUnits)) {
        if (redo.visitors) pair.visitors.mergeEncoded(visitors);
        if (redo.returning) pair.returning.mergeEncoded(returning);
      }
    }
  });
  return out.map((groups) => new Map([...groups].map(([g, p]) => [g, count(p)])));
}

/**
 * readVisitorBuckets of a series' buckets, ungrouped: the counts of closed buckets are kept
 * (closed-bucket-memo.ts), so only the others' sketches are read and merged.
 */
export function readVisitorSeries(
  db: Database.Database,
  siteId: string,
  buckets: readonly { start: number; end: number }[],
  filters: VisitorFilters = {},
): Map<string, VisitorCount>[] {
  if (buckets.length === 0) return [];
  const kept = closedBuckets(db, siteId, buckets[0]!.start, buckets.at(-1)!.end);
  const what = `visitors\u0001${JSON.stringify(filters)}`;
  const hits = buckets.map((b) => kept.get<Map<string, VisitorCount>>(what, b.start, b.end));
  const missing = buckets.filter((_, i) => !hits[i]);
  const fresh = readVisitorBuckets(db, siteId, missing, filters);
  let next = 0;
  return buckets.map((b, i) => {
    const hit = hits[i];
    if (hit) return hit;
    const counts = fresh[next++]!;
    kept.keep(what, b.start, b.end, counts);
    return counts;
  });
}

/** Distinct and returning visitors of the sessions started in [from, to), site-wide. */
export function readVisitors(db: Database.Database, siteId: string, from: number, to: number): VisitorCount {
  return readVisitorBuckets(db, siteId, [{ start: from, end: to }])[0]!.get('') ?? { visitors: 0, returning: 0 };
}
