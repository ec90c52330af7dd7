import type Database from 'better-sqlite3';
import { perDialect, type SqlDialect } from '../db/sql-dialect.js';

// One statement for many ranges of a table's time column: the ranges go in as one JSON parameter
// of [start, end, class] runs, joined to the table so that each run is one index range of its
// (…, time) key. A series of 181 local days then reads each tier once, not once per bucket or
// per IN list of units.

/**
 * A run's [start, end, class] out of json_each's element. PostgreSQL's json_each (loupe_json_each)
 * gives each element as text, typed back to bigint so `hour >= r.lo` compares numbers.
 */
const RUN_COLUMNS: Record<SqlDialect, string> = {
  sqlite: 'value ->> 0, value ->> 1, value ->> 2',
  postgres: '(value::json ->> 0)::bigint, (value::json ->> 1)::bigint, (value::json ->> 2)::bigint',
};

/**
 * `SELECT <select> FROM` the runs `r(lo, hi, cls)` (the first parameter: JSON.stringify of the
 * runs) joined to `table` under `where`, which bounds the time column by `r.lo` and `r.hi`; the
 * selected columns name the table's unqualified and the run's as `r.…`. Table, columns and
 * condition are constants of the callers, never input.
 */
export function runJoinSql(db: Database.Database, select: string, table: string, where: string): string {
  return (
    `WITH r(lo, hi, cls) AS (SELECT ${perDialect(db, RUN_COLUMNS)} FROM json_each(?)) ` +
    `SELECT ${select} FROM r CROSS JOIN ` +
    perDialect(db, {
      // CROSS JOIN keeps the runs outside, so each run is one range of the (site_id, …, time) key.
      sqlite: `${table} WHERE ${where}`,
      // PostgreSQL's planner, guessing 200 runs, joins the whole site's rows to them instead
      // (a filter per pair: 128 ms for one page's error rate at 1 M events): a lateral read per
      // run, kept apart by OFFSET 0, is that index range (1.4 ms, docs/postgresql.md "Reads").
      postgres: `LATERAL (SELECT * FROM ${table} WHERE ${where} OFFSET 0) AS g`,
    })
  );
}
