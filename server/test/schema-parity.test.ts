import { describe, expect, it } from 'vitest';
import { pgTables, sqliteTables, type TableShape } from './helpers/schema-tables.js';

// The SQLite schema (db/schema/) and the PostgreSQL one (db/schema-pg/) describe one database: a
// table, column, key or index added to one dialect alone fails here. The only differences allowed
// are listed below, each with its reason.

/** PostgreSQL-only columns: events' partition key, which its primary key must hold. */
const PG_ONLY_COLUMNS: Record<string, string[]> = { events: ['client_ts'] };
const PG_PRIMARY_KEYS: Record<string, string[]> = { events: ['site_id', 'id', 'client_ts'] };
/**
 * SQLite-only indexes: an answer's figures on its traits' rows, which PostgreSQL's primary key of
 * response_traits INCLUDEs instead (a second index of the same key there would only copy it;
 * SQLite has no INCLUDE).
 */
const SQLITE_ONLY_INDEXES: Record<string, string[]> = { response_traits: ['response_traits_figures'] };

function expected(table: string, shape: TableShape): TableShape {
  return {
    columns: [...shape.columns, ...(PG_ONLY_COLUMNS[table] ?? [])],
    primaryKey: PG_PRIMARY_KEYS[table] ?? shape.primaryKey,
    indexes: shape.indexes.filter((name) => !(SQLITE_ONLY_INDEXES[table] ?? []).includes(name)),
    unique: shape.unique,
    foreignKeys: shape.foreignKeys,
  };
}

describe('SQLite and PostgreSQL schemas', () => {
  const sqlite = sqliteTables();
  const pg = pgTables();

  it('list the same tables', () => {
    expect(sqlite.size).toBeGreaterThan(100);
    expect([...pg.keys()].sort()).toEqual([...sqlite.keys()].sort());
  });

  it('give each table the same columns in the same order, primary key, indexes, unique constraints and foreign keys', () => {
    for (const [name, shape] of sqlite) {
      const twin = pg.get(name);
      if (!twin) continue; // reported by the test above
      const { columns, primaryKey, indexes, unique, foreignKeys } = twin;
      expect({ table: name, columns, primaryKey, indexes, unique, foreignKeys }).toEqual({
        table: name,
        ...expected(name, shape),
      });
    }
  });

  it('start every primary key with site_id where SQLite does, events included', () => {
    const siteKeyed = [...sqlite].filter(([, s]) => s.primaryKey[0] === 'site_id').map(([name]) => name);
    expect(siteKeyed.length).toBeGreaterThan(100);
    for (const name of siteKeyed) expect([name, pg.get(name)?.primaryKey[0]]).toEqual([name, 'site_id']);
  });

  it('store every epoch-millisecond time and counter in 64 bits, as SQLite does', () => {
    // SQLite's INTEGER is 64-bit; a 32-bit column would overflow on times and large counters.
    for (const [name, table] of pg) {
      for (const [column, type] of Object.entries(table.types)) {
        expect([name, column, type]).not.toEqual([name, column, 'integer']);
      }
    }
    expect(pg.get('events')?.types).toMatchObject({ ts: 'bigint', received_at: 'bigint', client_ts: 'bigint' });
    expect(pg.get('page_monthly')?.types).toMatchObject({
      start: 'bigint',
      engaged_ms: 'bigint',
      scroll_sum: 'double precision',
    });
  });
});
