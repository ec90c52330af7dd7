import { getTableName, is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as pgSchema from '../../schema-pg/index.js';

/** The PostgreSQL column types of db/schema-pg/ (the mapping in schema-pg/index.ts), each converted its own way. */
export type PgColumnType = 'bigint' | 'boolean' | 'double precision' | 'text' | 'json' | 'jsonb' | 'bytea';

const KNOWN_TYPES: ReadonlySet<string> = new Set<PgColumnType>([
  'bigint',
  'boolean',
  'double precision',
  'text',
  'json',
  'jsonb',
  'bytea',
]);

export interface CopyColumn {
  name: string;
  type: PgColumnType;
}

/** How one table is copied: what both sides hold, and the key its rows are read and compared in. */
export interface TableCopy {
  name: string;
  /** The columns SQLite and PostgreSQL both have, in the schema's order. */
  columns: CopyColumn[];
  /** The SQLite primary key (or, for a table without one, its first unique index): the copy's order. */
  key: CopyColumn[];
  /** PostgreSQL-only columns the copy computes: events' client_ts (its partition key). */
  derived: CopyColumn[];
}

/** PostgreSQL-only columns (schema-parity.test.ts lists the same): computed from the SQLite row. */
const DERIVED: Record<string, CopyColumn[]> = { events: [{ name: 'client_ts', type: 'bigint' }] };

/** Every table of db/schema-pg/, in the schema's order. */
const SCHEMA_TABLES = (Object.values(pgSchema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));

/**
 * `tables` (every table of db/schema-pg/ by default), parents before the tables whose foreign keys
 * point at them (a child's row is never written before its parent's), else in the given order.
 */
export function copyPlan(tables: PgTable[] = SCHEMA_TABLES): TableCopy[] {
  const configs = tables.map((table) => getTableConfig(table));
  const byName = new Map(configs.map((c) => [c.name, c]));
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name) || path.has(name)) return;
    path.add(name);
    for (const fk of byName.get(name)?.foreignKeys ?? []) visit(getTableName(fk.reference().foreignTable), path);
    ordered.push(name);
  };
  for (const c of configs) visit(c.name, new Set());

  return ordered.map((name) => {
    const config = byName.get(name)!;
    const derived = DERIVED[name] ?? [];
    const columns = config.columns
      .filter((c) => !derived.some((d) => d.name === c.name))
      .map((c): CopyColumn => {
        const type = c.getSQLType();
        if (!KNOWN_TYPES.has(type)) throw new Error(`${name}.${c.name}: no conversion for the column type ${type}`);
        return { name: c.name, type: type as PgColumnType };
      });
    const column = (n: string) => columns.find((c) => c.name === n)!;
    const pk =
      config.primaryKeys[0]?.columns.map((c) => c.name) ?? config.columns.filter((c) => c.primary).map((c) => c.name);
    const unique = config.indexes.find((i) => i.config.unique)?.config.columns.map((c) => (c as { name: string }).name);
    // events' PostgreSQL key adds client_ts; SQLite's (site_id, id) is the one its rows are unique by.
    const keyNames = (pk.length > 0 ? pk : (unique ?? [])).filter((n) => !derived.some((d) => d.name === n));
    if (keyNames.length === 0) throw new Error(`${name}: no primary key or unique index to copy it in order`);
    return { name, columns, key: keyNames.map(column), derived };
  });
}
