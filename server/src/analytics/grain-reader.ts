import type Database from 'better-sqlite3';
import { planSpans, type Span, type Tier, unitEnd, unitUsers } from './tier-plan.js';
import { runJoinSql } from './unit-runs.js';

// Reads the read-model tables kept at three grains by the writer itself (db/schema/rate-rollups.ts,
// db/schema/tasks.ts, db/schema/journey-rollups.ts): an hourly table, a daily one whose `hour` is the UTC day's first hour and a monthly one whose
// `hour` is the UTC month's first hour. A range is cut into whole UTC months, days and edge hours
// (tier-plan.ts), each read from its table with a sign, so any range in any time zone reads
// O(months + days + hours) rows per dimension value, the days and hours only at its two ends.

/** One read: tables, fixed site, equality filters, an optional extra condition, groups and sums. */
export interface GrainRead {
  /** The hourly table (`hour` = start of the UTC hour). */
  hourly: string;
  /** The daily table (`hour` = start of the UTC day). */
  daily: string;
  /** The monthly table (`hour` = start of the UTC calendar month). */
  monthly: string;
  siteId: string;
  /** Column = value conditions; an undefined value does not narrow. */
  filters: Readonly<Record<string, string | number | undefined>>;
  /** A fixed SQL condition on the hourly table only (e.g. click_rollups' kind), no input in it. */
  hourlyWhere?: string;
  groupBy: readonly string[];
  /** Expressions summed, e.g. `sessions`. */
  sums: readonly string[];
  /**
   * The same counts summed over some dimensions (e.g. the visitor segment: db/schema/rate-totals.ts),
   * read instead whenever the request filters and groups on none of them: fewer rows per unit,
   * the same sums. Its hourly table may be left out (the hours are then read from `hourly`).
   */
  coarser?: { hourly?: string; daily: string; monthly: string; columns: readonly string[] };
}

/** The hourly table named and its day and month tiers, named after it as every tiered family is (`<table>_daily`, `<table>_monthly`). */
export const tierTables = (hourly: string): Pick<GrainRead, 'hourly' | 'daily' | 'monthly'> => ({
  hourly,
  daily: `${hourly}_daily`,
  monthly: `${hourly}_monthly`,
});

export interface GrainRow {
  group: (string | number)[];
  sums: number[];
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function statement(db: Database.Database, sql: string): Database.Statement {
  let m = statements.get(db);
  if (!m) {
    m = new Map();
    statements.set(db, m);
  }
  let s = m.get(sql);
  if (!s) {
    s = db.prepare(sql).raw(true);
    m.set(sql, s);
  }
  return s;
}

/** The spans of [start, end): whole UTC months, then whole UTC days, the rest by hour. */
export const grainSpans = (start: number, end: number): Span[] => planSpans(start, end);

type Row = (string | number | null)[];

const TABLE = { hour: 'hourly', daily: 'daily', monthly: 'monthly' } as const satisfies Record<Tier, string>;

/** The table of a tier and the fixed conditions (site, filters, hourlyWhere) with their values. */
function source(read: GrainRead, tier: Tier) {
  const filters = Object.entries(read.filters).filter(([, v]) => v !== undefined) as [string, string | number][];
  const coarser = read.coarser;
  const table =
    coarser && [...filters.map(([c]) => c), ...read.groupBy].every((c) => coarser.columns.includes(c))
      ? (coarser[TABLE[tier]] ?? read.hourly)
      : read[TABLE[tier]];
  return {
    table,
    conds: [
      'site_id = ?',
      ...filters.map(([c]) => `${c} = ?`),
      ...(table === read.hourly && read.hourlyWhere ? [read.hourlyWhere] : []),
    ],
    params: [read.siteId, ...filters.map(([, v]) => v)],
  };
}

/** Adds `sign` × a row's sums (after its `skip` leading columns) to its group in `out`. */
function addRow(out: Map<string, GrainRow>, read: GrainRead, r: Row, skip: number, sign: number): void {
  const n = read.groupBy.length;
  const g = r.slice(skip, skip + n) as (string | number)[];
  const id = g.join('\u0001');
  let row = out.get(id);
  if (!row) {
    row = { group: g, sums: new Array<number>(read.sums.length).fill(0) };
    out.set(id, row);
  }
  for (let i = 0; i < read.sums.length; i++) row.sums[i]! += sign * Number(r[skip + n + i] ?? 0);
}

/** Sums per group over the spans (table and column names are constants of the callers, never input). */
export function readGrains(db: Database.Database, read: GrainRead, spans: readonly Span[]): Map<string, GrainRow> {
  const out = new Map<string, GrainRow>();
  const sums = read.sums.map((s) => `SUM(${s})`);
  const group = read.groupBy.join(', ');
  for (const span of spans) {
    const src = source(read, span.tier);
    const sql =
      `SELECT ${[...read.groupBy, ...sums].join(', ')} FROM ${src.table} ` +
      `WHERE ${[...src.conds, 'hour >= ?', 'hour < ?'].join(' AND ')}` +
      (group ? ` GROUP BY ${group}` : '');
    for (const r of statement(db, sql).all(...src.params, span.start, span.end) as Row[])
      addRow(out, read, r, 0, span.sign);
  }
  return out;
}

/**
 * Sums per group for each bucket of a series (each bucket: its planned spans). Instead of one read
 * per bucket, each table is read once for the time units the buckets' spans use. Units used by
 * the same buckets with the same signs (the edge hours two New York days share, the days of one
 * week) add to the same sums, so SQLite sums them together: consecutive units of one such class
 * become one run, the table is joined to the list of runs (one index range per run) and grouped
 * by class, and each class's rows are added to every (bucket, sign) that uses it. The same rows
 * with the same signs as readGrains per bucket, so the same sums, however local days cut UTC units.
 */
export function readGrainBuckets(
  db: Database.Database,
  read: GrainRead,
  buckets: readonly (readonly Span[])[],
): Map<string, GrainRow>[] {
  const out = buckets.map(() => new Map<string, GrainRow>());
  const sums = read.sums.map((s) => `SUM(${s})`);
  for (const [tier, byUnit] of unitUsers(buckets)) {
    const classOf = new Map<string, number>();
    const users: (readonly [number, 1 | -1][])[] = [];
    /** [start, end, class] of each run of consecutive units of one class. */
    const runs: [number, number, number][] = [];
    for (const unit of [...byUnit.keys()].sort((x, y) => x - y)) {
      const list = byUnit.get(unit)!;
      const signature = list.map(([b, sign]) => (sign > 0 ? b + 1 : -b - 1)).join(' ');
      let c = classOf.get(signature);
      if (c === undefined) {
        c = users.length;
        classOf.set(signature, c);
        users.push(list);
      }
      const last = runs[runs.length - 1];
      if (last && last[1] === unit && last[2] === c) last[1] = unitEnd(tier, unit);
      else runs.push([unit, unitEnd(tier, unit), c]);
    }
    const src = source(read, tier);
    const where = [...src.conds, 'hour >= r.lo', 'hour < r.hi'].join(' AND ');
    const sql =
      runJoinSql(db, ['r.cls', ...read.groupBy, ...sums].join(', '), src.table, where) +
      ` GROUP BY ${['r.cls', ...read.groupBy].join(', ')}`;
    for (const r of statement(db, sql).all(JSON.stringify(runs), ...src.params) as Row[])
      for (const [b, sign] of users[Number(r[0])]!) addRow(out[b]!, read, r, 1, sign);
  }
  return out;
}
