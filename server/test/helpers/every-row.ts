import { perDialect } from '../../src/db/sql-dialect.js';
import type { TestApp } from './test-app.js';

/**
 * Every row of every table as JSON text (every text, JSON and blob column), each with its table:
 * what "this id or this site is nowhere any more" is checked against, so a table added later is covered.
 * On PostgreSQL, the tables of the public schema (a partitioned table and its partitions both: the
 * same rows twice, which a search for what is absent does not mind).
 */
export function everyRow(t: TestApp): { table: string; row: string }[] {
  const db = t.app.db.$client;
  const tables = db
    .prepare(
      perDialect(db, {
        sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        postgres: "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
      }),
    )
    .all() as { name: string }[];
  return tables.flatMap(({ name }) =>
    (db.prepare(`SELECT * FROM "${name}"`).all() as object[]).map((r) => ({ table: name, row: JSON.stringify(r) })),
  );
}
