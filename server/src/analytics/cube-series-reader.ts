import type Database from 'better-sqlite3';
import {
  filterWhere,
  keyOf,
  prepared,
  sourcesFor,
  type Aggregate,
  type CubeRead,
  type DimValue,
} from './cube-reader.js';
import { closedBuckets } from './closed-bucket-memo.js';
import { planSpans, type Span, unitUsers } from './tier-plan.js';

// A series reads many buckets, each planned into a few spans: a year of local days is ~1000 spans.
// Instead of one query per span, each tier is read once for exactly the time units the spans
// need (an IN list, which SQLite answers with one index seek per unit), grouped by unit, and each
// unit's rows are added to every (bucket, sign) that uses it.

/** IN lists are cut into chunks of this size, padded with -1 (no unit starts before 1970), so each tier has one statement shape. */
const CHUNK = 256;

function chunks(units: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < units.length; i += CHUNK) {
    const chunk = units.slice(i, i + CHUNK);
    while (chunk.length < CHUNK) chunk.push(-1);
    out.push(chunk);
  }
  return out;
}

/** Sums per bucket of `buckets` (each bucket: its planned spans), grouped like readCube. */
export function readCubeBuckets(
  db: Database.Database,
  read: CubeRead,
  buckets: readonly (readonly Span[])[],
): Map<string, Aggregate>[] {
  const out = buckets.map(() => new Map<string, Aggregate>());
  const users = unitUsers(buckets);
  const names = read.cube.counters.map((c) => c.name);
  const g = read.groupBy.length;
  for (const [tier, byUnit] of users) {
    const units = [...byUnit.keys()];
    for (const src of sourcesFor(read.cube, tier, read.counters)) {
      const f = filterWhere(read, src);
      if (!f || src.counters.length === 0) continue;
      const select = [src.time, ...read.groupBy, ...src.counters.map((c) => `SUM(${c})`)].join(', ');
      const sql =
        `SELECT ${select} FROM ${src.table} WHERE ${[...f.conds, `${src.time} IN (${Array(CHUNK).fill('?').join(', ')})`].join(' AND ')} ` +
        `GROUP BY ${[src.time, ...read.groupBy].join(', ')}`;
      const slots = src.counters.map((c) => names.indexOf(c));
      for (const chunk of chunks(units)) {
        for (const row of prepared(db, sql).all(...f.params, ...chunk) as DimValue[][]) {
          const group = row.slice(1, 1 + g);
          const key = keyOf(group);
          for (const [b, sign] of byUnit.get(Number(row[0]))!) {
            let agg = out[b]!.get(key);
            if (!agg) {
              agg = { group, counters: new Array<number>(names.length).fill(0) };
              out[b]!.set(key, agg);
            }
            for (let k = 0; k < slots.length; k++) agg.counters[slots[k]!]! += sign * Number(row[1 + g + k] ?? 0);
          }
        }
      }
    }
  }
  return out;
}

/**
 * readCubeBuckets of buckets given by their bounds, for the series routes: the sums of closed
 * buckets are kept (closed-bucket-memo.ts), so only the others are read. The maps returned may be
 * kept ones: callers must not change them.
 */
export function readCubeSeries(
  db: Database.Database,
  read: CubeRead,
  buckets: readonly { start: number; end: number }[],
): Map<string, Aggregate>[] {
  if (buckets.length === 0) return [];
  const kept = closedBuckets(db, read.siteId, buckets[0]!.start, buckets.at(-1)!.end);
  const what = `cube\u0001${read.cube.name}\u0001${JSON.stringify([read.filters ?? {}, read.groupBy, read.counters ?? null])}`;
  const hits = buckets.map((b) => kept.get<Map<string, Aggregate>>(what, b.start, b.end));
  const fresh = readCubeBuckets(
    db,
    read,
    buckets.map((b, i) => (hits[i] ? [] : planSpans(b.start, b.end))),
  );
  return buckets.map((b, i) => {
    const hit = hits[i];
    if (hit) return hit;
    kept.keep(what, b.start, b.end, fresh[i]);
    return fresh[i]!;
  });
}
