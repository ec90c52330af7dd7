import type Database from 'better-sqlite3';
import { sourceWhereSql, tierTableName, type CubeSource, type CubeSpec } from '../db/cubes/cube-specs.js';
import { BucketCounts } from './bucket-counts.js';
import type { Span } from './tier-plan.js';

// Reads a cube over planned spans (tier-plan.ts): one aggregate query per span and source, summed
// with the span's sign. Table and column names come from the cube specs, never from input; values
// are bound parameters.

export type DimValue = string | number;
export type FilterValue = DimValue | readonly DimValue[];

export interface CubeRead {
  cube: CubeSpec;
  siteId: string;
  /** Equality (or IN, for arrays) per dimension; undefined entries are ignored. */
  filters?: Readonly<Record<string, FilterValue | undefined>>;
  groupBy: readonly string[];
  /** The counters the caller reads (default: all); sources and sums of the others are skipped. */
  counters?: readonly string[] | undefined;
}

export interface Aggregate {
  group: DimValue[];
  /** In the order of cube.counters. */
  counters: number[];
}

export interface HistogramAggregate {
  group: DimValue[];
  buckets: BucketCounts;
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let st = cache.get(sql);
  if (!st) {
    st = db.prepare(sql).raw(true);
    cache.set(sql, st);
  }
  return st;
}

export interface Source {
  table: string;
  time: string;
  where?: string | undefined;
  counters: readonly string[];
}

/**
 * Where a tier's rows live: the cube's own tier table, or for hours (without one) its sources,
 * each with the counters it holds of those asked for (all by default).
 */
export function sourcesFor(cube: CubeSpec, tier: Span['tier'], asked?: readonly string[]): Source[] {
  const names = cube.counters.map((c) => c.name).filter((c) => !asked || asked.includes(c));
  const own = tier === 'hour' ? (cube.hourly ? 'hourly' : undefined) : tier;
  if (own) return [{ table: tierTableName(cube, own), time: 'start', counters: names }];
  return cube.sources.map((s: CubeSource) => ({
    table: s.table,
    time: 'hour',
    where: sourceWhereSql(s, s.table),
    counters: names.filter((c) => s.counters.includes(c)),
  }));
}

/** WHERE clause of the filters; null when an IN list is empty (no row can match). */
export function filterWhere(read: CubeRead, src: Source): { conds: string[]; params: DimValue[] } | null {
  const conds = ['site_id = ?'];
  const params: DimValue[] = [read.siteId];
  for (const [dim, value] of Object.entries(read.filters ?? {})) {
    if (value === undefined) continue;
    if (!read.cube.dims.some((d) => d.name === dim)) throw new Error(`cube ${read.cube.name} has no dimension ${dim}`);
    if (Array.isArray(value)) {
      if (value.length === 0) return null;
      conds.push(`${dim} IN (${value.map(() => '?').join(', ')})`);
      params.push(...(value as DimValue[]));
    } else {
      conds.push(`${dim} = ?`);
      params.push(value as DimValue);
    }
  }
  if (src.where) conds.push(src.where);
  return { conds, params };
}

function whereOf(read: CubeRead, src: Source, span: Span): { sql: string; params: DimValue[] } | null {
  const f = filterWhere(read, src);
  if (!f) return null;
  return {
    sql: [...f.conds, `${src.time} >= ?`, `${src.time} < ?`].join(' AND '),
    params: [...f.params, span.start, span.end],
  };
}

export const keyOf = (group: DimValue[]) => group.join('\u0001');

/** Sums of the cube's counters per group over the spans. */
export function readCube(
  db: Database.Database,
  read: CubeRead,
  spans: readonly Span[],
  into = new Map<string, Aggregate>(),
) {
  const names = read.cube.counters.map((c) => c.name);
  const g = read.groupBy.length;
  for (const span of spans) {
    for (const src of sourcesFor(read.cube, span.tier, read.counters)) {
      const where = whereOf(read, src, span);
      if (!where || src.counters.length === 0) continue;
      const select = [...read.groupBy, ...src.counters.map((c) => `SUM(${c})`)].join(', ');
      const groupSql = g > 0 ? ` GROUP BY ${read.groupBy.join(', ')}` : '';
      const sql = `SELECT ${select} FROM ${src.table} WHERE ${where.sql}${groupSql}`;
      const slots = src.counters.map((c) => names.indexOf(c));
      for (const row of prepared(db, sql).all(...where.params) as (DimValue | null)[][]) {
        if (g === 0 && row.every((v) => v === null)) continue; // an aggregate over no rows
        const group = row.slice(0, g) as DimValue[];
        const key = keyOf(group);
        let agg = into.get(key);
        if (!agg) {
          agg = { group, counters: new Array<number>(names.length).fill(0) };
          into.set(key, agg);
        }
        for (let i = 0; i < slots.length; i++) agg.counters[slots[i]!]! += span.sign * Number(row[g + i] ?? 0);
      }
    }
  }
  return into;
}

/** Summed histogram buckets per group (histogram cubes: Web Vitals). */
export function readHistogram(db: Database.Database, read: CubeRead, spans: readonly Span[]) {
  const hist = read.cube.histogram;
  if (!hist) throw new Error(`cube ${read.cube.name} is not a histogram`);
  const out = new Map<string, HistogramAggregate>();
  const g = read.groupBy.length;
  const bucketsOf = (group: DimValue[]) => {
    const key = keyOf(group);
    let agg = out.get(key);
    if (!agg) {
      agg = { group, buckets: new BucketCounts() };
      out.set(key, agg);
    }
    return agg.buckets;
  };
  for (const span of spans) {
    for (const src of sourcesFor(read.cube, span.tier)) {
      const where = whereOf(read, src, span);
      if (!where) continue;
      const dims = read.groupBy.join(', ');
      const lead = g > 0 ? `${dims}, ` : '';
      if (span.tier === 'hour') {
        const sql =
          `SELECT ${lead}${hist.bucket}, SUM(${hist.samples}) FROM ${src.table} WHERE ${where.sql} ` +
          `GROUP BY ${lead}${hist.bucket}`;
        for (const row of prepared(db, sql).all(...where.params) as DimValue[][]) {
          bucketsOf(row.slice(0, g)).add(Number(row[g]), span.sign * Number(row[g + 1]));
        }
      } else {
        // json(): the tiers hold JSONB (binary); this also reads rows still stored as JSON text.
        const sql = `SELECT ${lead}json(hist) FROM ${src.table} WHERE ${where.sql}`;
        for (const row of prepared(db, sql).all(...where.params) as DimValue[][]) {
          bucketsOf(row.slice(0, g)).addJson(String(row[g]), span.sign);
        }
      }
    }
  }
  return out;
}
