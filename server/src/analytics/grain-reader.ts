import type Database from 'better-sqlite3';
import { planSpans, type Span } from './tier-plan.js';

// Reads the read-model tables kept at several grains by the writer itself (db/schema/rate-rollups.ts,
// db/schema/tasks.ts): an hourly table, a daily one whose `hour` is the UTC day's first hour and,
// for some, a monthly one. A range is cut into whole UTC months (when the read has a monthly
// table), days and edge hours (tier-plan.ts), each read from its table with a sign, so any range
// in any time zone reads O(months + days + hours) rows per dimension value.

/** One read: tables, fixed site, equality filters, an optional extra condition, groups and sums. */
export interface GrainRead {
  /** The hourly table (`hour` = start of the UTC hour). */
  hourly: string;
  /** The daily table (`hour` = start of the UTC day). */
  daily: string;
  /** The monthly table (`hour` = start of the UTC month), for spans planned with a monthly tier. */
  monthly?: string;
  siteId: string;
  /** Column = value conditions; an undefined value does not narrow. */
  filters: Readonly<Record<string, string | number | undefined>>;
  /** A fixed SQL condition on the hourly table only (e.g. click_rollups' kind), no input in it. */
  hourlyWhere?: string;
  groupBy: readonly string[];
  /** Expressions summed, e.g. `sessions`. */
  sums: readonly string[];
}

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

/** The spans of [start, end): whole UTC days from the daily table, the rest by hour. */
export const grainSpans = (start: number, end: number): Span[] => planSpans(start, end, { coarsest: 'daily' });

function tableOf(read: GrainRead, span: Span): string {
  if (span.tier === 'hour') return read.hourly;
  if (span.tier === 'daily') return read.daily;
  if (read.monthly === undefined) throw new Error(`${read.hourly} has no monthly table`);
  return read.monthly;
}

/** Sums per group over the spans (table and column names are constants of the callers, never input). */
export function readGrains(db: Database.Database, read: GrainRead, spans: readonly Span[]): Map<string, GrainRow> {
  const filters = Object.entries(read.filters).filter(([, v]) => v !== undefined) as [string, string | number][];
  const out = new Map<string, GrainRow>();
  for (const span of spans) {
    const hourly = span.tier === 'hour';
    const where = [
      'site_id = ?',
      'hour >= ?',
      'hour < ?',
      ...filters.map(([c]) => `${c} = ?`),
      ...(hourly && read.hourlyWhere ? [read.hourlyWhere] : []),
    ];
    const group = read.groupBy.join(', ');
    const sql =
      `SELECT ${[...read.groupBy, ...read.sums.map((s) => `SUM(${s})`)].join(', ')} ` +
      `FROM ${tableOf(read, span)} WHERE ${where.join(' AND ')}` +
      (group ? ` GROUP BY ${group}` : '');
    const rows = statement(db, sql).all(read.siteId, span.start, span.end, ...filters.map(([, v]) => v)) as (
      | string
      | number
      | null
    )[][];
    const n = read.groupBy.length;
    for (const r of rows) {
      const g = r.slice(0, n) as (string | number)[];
      const id = g.join('\u0001');
      let row = out.get(id);
      if (!row) {
        row = { group: g, sums: new Array<number>(read.sums.length).fill(0) };
        out.set(id, row);
      }
      for (let i = 0; i < read.sums.length; i++) row.sums[i]! += span.sign * Number(r[n + i] ?? 0);
    }
  }
  return out;
}
