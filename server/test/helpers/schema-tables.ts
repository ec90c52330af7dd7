import { is } from 'drizzle-orm';
import { getTableConfig as getPgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as getSqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as pgSchema from '../../src/db/schema-pg/index.js';
import * as sqliteSchema from '../../src/db/schema/index.js';

/** A table as both dialects can describe it: names only, in declaration order. */
export interface TableShape {
  columns: string[];
  primaryKey: string[];
  indexes: string[];
  /** Unique constraints (a column's `.unique()` included), by name. */
  unique: string[];
  /** Foreign keys, by name (`<table>_<column>_<target>_<column>_fk`). */
  foreignKeys: string[];
}

interface AnyConfig {
  columns: { name: string; primary: boolean; isUnique: boolean; uniqueName: string | undefined }[];
  uniqueConstraints: { getName(): string | undefined }[];
  foreignKeys: { getName(): string }[];
  primaryKeys: { columns: { name: string }[] }[];
  indexes: { config: { name?: string } }[];
}

function shape(config: AnyConfig): TableShape {
  const composite = config.primaryKeys[0]?.columns.map((c) => c.name);
  return {
    columns: config.columns.map((c) => c.name),
    primaryKey: composite ?? config.columns.filter((c) => c.primary).map((c) => c.name),
    indexes: config.indexes.map((i) => i.config.name ?? '(unnamed)').sort(),
    unique: [
      ...config.columns.filter((c) => c.isUnique).map((c) => c.uniqueName ?? '(unnamed)'),
      ...config.uniqueConstraints.map((u) => u.getName() ?? '(unnamed)'),
    ].sort(),
    foreignKeys: config.foreignKeys.map((f) => f.getName()).sort(),
  };
}

/** Every table of db/schema/ (SQLite), by name. */
export function sqliteTables(): Map<string, TableShape> {
  const tables = new Map<string, TableShape>();
  for (const value of Object.values(sqliteSchema)) {
    if (!is(value, SQLiteTable)) continue;
    const config = getSqliteTableConfig(value);
    tables.set(config.name, shape(config));
  }
  return tables;
}

/** Every table of db/schema-pg/ (PostgreSQL), by name, with each column's SQL type. */
export function pgTables(): Map<string, TableShape & { types: Record<string, string>; notNull: string[] }> {
  const tables = new Map<string, TableShape & { types: Record<string, string>; notNull: string[] }>();
  for (const value of Object.values(pgSchema)) {
    if (!is(value, PgTable)) continue;
    const config = getPgTableConfig(value);
    tables.set(config.name, {
      ...shape(config),
      types: Object.fromEntries(config.columns.map((c) => [c.name, c.getSQLType()])),
      notNull: config.columns.filter((c) => c.notNull).map((c) => c.name),
    });
  }
  return tables;
}
