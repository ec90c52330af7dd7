import type Database from 'better-sqlite3';

export type SqlDialect = 'sqlite' | 'postgres';

/**
 * Which engine a connection speaks: better-sqlite3's, or PostgreSQL's through SyncPostgres (which
 * has better-sqlite3's shape and says `dialect: 'postgres'`). The few statements whose text must
 * differ choose it with `perDialect`, next to the SQLite text they replace; forms that a rewrite can
 * carry are rewritten once for every statement in db/postgres/postgres-dialect.ts instead.
 */
export function dialectOf(db: Database.Database): SqlDialect {
  return (db as unknown as { dialect?: string }).dialect === 'postgres' ? 'postgres' : 'sqlite';
}

/** The text for this connection's engine. */
export function perDialect<T>(db: Database.Database, texts: Record<SqlDialect, T>): T {
  return texts[dialectOf(db)];
}

/**
 * ` INDEXED BY <index>` on SQLite, nothing on PostgreSQL: for a lookup by site and session (or
 * visitor) that SQLite, planning without statistics (the server never runs ANALYZE), would rather
 * serve from an index that only the site narrows, because that one covers the columns read or the
 * ORDER BY: every site's row walked for each session, a cost per event that grows with the stored
 * data (docs/ingest-cost.md "As the database grows"). Named, the index is the plan whatever the
 * statistics; a prepare fails if it is ever dropped. PostgreSQL plans from the statistics it keeps.
 */
export function indexedBy(db: Database.Database, index: string): string {
  return perDialect(db, { sqlite: ` INDEXED BY ${index}`, postgres: '' });
}

/**
 * `SELECT value FROM json_each(?)` for a JSON array of integers, to compare with an integer column:
 * PostgreSQL's json_each (loupe_json_each) gives text, which it will not compare with a bigint.
 * There the list is read once into an array and unnested: the planner then expects 10 values, not
 * the 200 it guesses for a function's rows, and probes an index per value (an ad-hoc funnel's
 * reached sessions at 1 M events: 2 ms instead of a 118,000-row scan, docs/postgresql.md "Reads").
 */
export function jsonIntegers(db: Database.Database): string {
  return perDialect(db, {
    sqlite: 'SELECT value FROM json_each(?)',
    postgres: 'SELECT unnest(ARRAY(SELECT value::bigint FROM json_each(?)))',
  });
}

/**
 * The prefix of a statement whose best plan depends on its parameters' values (a range, an
 * audience's size). PostgreSQL otherwise plans a prepared statement with its values five times,
 * then keeps a generic plan that knows none of them and expects a row or so from every range:
 * for an audience's clicks at 1 M events that plan probes each session's traits one by one
 * (PostgreSQL's CPU 96 ms per request over 30 days, against 27 ms planned with the values). With
 * this prefix SyncPostgres sends the statement unnamed, planned at each run with its values. A
 * comment: SQLite ignores it.
 */
export const PLAN_EACH_RUN = '/* loupe: plan each run */ ';
