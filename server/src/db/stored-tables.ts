import type Database from 'better-sqlite3';
import { perDialect } from './sql-dialect.js';

export interface StoredTable {
  name: string;
  columns: ReadonlySet<string>;
  /**
   * Its rows can be taken a bounded batch at a time (`rowid IN (SELECT rowid … LIMIT n)`): every
   * SQLite table but a WITHOUT ROWID one, every PostgreSQL table (postgres-dialect.ts).
   */
  rowid: boolean;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Loupe's tables with their columns, read from the database's own catalog (drizzle's journal
 * excluded; on PostgreSQL a partitioned table once, not its partitions), by name: what the site
 * deleter and the eraser go through, so a table added later is covered without anyone listing it.
 */
export function storedTables(client: Database.Database): StoredTable[] {
  return perDialect(client, {
    sqlite: () =>
      (
        client
          .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
          )
          .all() as { name: string; sql: string }[]
      ).map((t) => ({
        name: t.name,
        columns: new Set(
          (client.prepare(`PRAGMA table_info(${quote(t.name)})`).all() as { name: string }[]).map((c) => c.name),
        ),
        rowid: !/WITHOUT\s+ROWID/i.test(t.sql),
      })),
    postgres: () =>
      (
        client
          .prepare(
            "SELECT c.relname AS name, string_agg(a.attname, ',') AS columns FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped " +
              "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition " +
              'GROUP BY c.relname ORDER BY c.relname',
          )
          .all() as { name: string; columns: string }[]
      ).map((t) => ({ name: t.name, columns: new Set(t.columns.split(',')), rowid: true })),
  })();
}
