import { readdirSync, readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';

// For tests of a migration's hand-written backfill: its statements, a rollup table's rows as the
// writer left them, and what the backfill rebuilds from the same data (rolled back after).

type Row = Record<string, string | number>;

const migrations = new URL('../../drizzle/', import.meta.url);

/** The INSERT statements appended to the SQLite migration whose file name ends with `suffix`. */
export function backfillStatements(suffix: string): string[] {
  const file = readdirSync(migrations).find((f) => f.endsWith(suffix))!;
  return readFileSync(new URL(file, migrations), 'utf8')
    .split('--> statement-breakpoint')
    .filter((s) => s.includes('INSERT INTO'));
}

/** Rows sorted by their JSON, so two tables' rows compare whatever order SQLite gives them in. */
export const sortedRows = (rows: Row[]): Row[] => rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** A table's rows of a site with some counter non-zero (a bucket a session left keeps its row at 0), sorted. */
export function nonZeroRows(db: Database.Database, table: string, siteId: string, counters: readonly string[]): Row[] {
  const all = db.prepare(`SELECT * FROM ${table} WHERE site_id = ?`).all(siteId) as Row[];
  return sortedRows(all.filter((r) => counters.some((c) => r[c] !== 0)));
}

/**
 * What `read` returns once `tables` are emptied (every site's rows) and `statements` rebuild them,
 * inside a transaction rolled back after, so the writer's rows stay as they were.
 */
export function afterBackfill<T>(
  db: Database.Database,
  tables: readonly string[],
  statements: readonly string[],
  read: () => T,
): T {
  const rollback = new Error('rollback');
  let out: T | undefined;
  try {
    db.transaction(() => {
      for (const table of tables) db.exec(`DELETE FROM ${table}`);
      for (const sql of statements) db.exec(sql);
      out = read();
      throw rollback;
    })();
  } catch (e) {
    if (e !== rollback) throw e;
  }
  return out as T;
}
