import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FreshDatabase, freshPostgresDatabase } from './helpers/postgres-database.js';
import { pgTables } from './helpers/schema-tables.js';

// The PostgreSQL migrations (drizzle-pg/) on a real, empty PostgreSQL server: they apply, and what
// they create is exactly the schema of db/schema-pg/, with `events` partitioned by month.

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../drizzle-pg');
const DEC_2026 = Date.UTC(2026, 11, 1);
const JAN_2027 = Date.UTC(2027, 0, 1);

describe('PostgreSQL migrations', () => {
  let database: FreshDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await freshPostgresDatabase({ schema: 'empty' });
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    // An idle client told of the database's drop in afterAll; any other error fails a query.
    pool.on('error', () => {});
    await migrate(drizzle(pool), { migrationsFolder });
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  const rows = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
    (await pool.query<R>(text, values)).rows;

  it('create exactly the tables of the schema, with its columns, types, nullability, keys, indexes, unique constraints and foreign keys', async () => {
    const tables = await rows<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
    );
    const columns = await rows<{ table: string; name: string; type: string; not_null: boolean }>(
      `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY c.relname, a.attnum`,
    );
    const keys = await rows<{ table: string; columns: string[] }>(
      `SELECT c.relname AS table, array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
       WHERE n.nspname = 'public' AND con.contype = 'p' AND NOT c.relispartition
       GROUP BY c.relname`,
    );
    // Indexes of their own, not those behind a primary key or unique constraint.
    const indexes = await rows<{ table: string; name: string }>(
      `SELECT t.relname AS table, i.relname AS name
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = 'public' AND NOT t.relispartition
         AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid)`,
    );

    const constraints = await rows<{ table: string; name: string; type: string }>(
      `SELECT c.relname AS table, con.conname AS name, con.contype AS type FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND con.contype IN ('u', 'f') AND NOT c.relispartition`,
    );
    const named = (table: string, type: string) =>
      constraints
        .filter((c) => c.table === table && c.type === type)
        .map((c) => c.name)
        .sort();

    const actual = new Map(
      tables.map(({ name }) => {
        const cols = columns.filter((c) => c.table === name);
        return [
          name,
          {
            columns: cols.map((c) => c.name),
            types: Object.fromEntries(cols.map((c) => [c.name, c.type])),
            notNull: cols.filter((c) => c.not_null).map((c) => c.name),
            primaryKey: keys.find((k) => k.table === name)?.columns ?? [],
            indexes: indexes
              .filter((i) => i.table === name)
              .map((i) => i.name)
              .sort(),
            unique: named(name, 'u'),
            foreignKeys: named(name, 'f'),
          },
        ];
      }),
    );
    const schema = pgTables();
    expect([...actual.keys()].sort()).toEqual([...schema.keys()].sort());
    for (const [name, table] of schema) expect({ name, ...actual.get(name) }).toEqual({ name, ...table });
  });

  it('apply once: running them again changes nothing', async () => {
    const before = await rows<{ n: string }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
    await migrate(drizzle(pool), { migrationsFolder });
    expect(await rows('SELECT count(*) AS n FROM drizzle.__drizzle_migrations')).toEqual(before);
    expect(Number(before[0]?.n)).toBeGreaterThanOrEqual(2);
  });

  it('partition events by month of client_ts, with a default partition for months not made yet', async () => {
    const [events] = await rows<{ kind: string; key: string }>(
      `SELECT c.relkind AS kind, pg_get_partkeydef(c.oid) AS key FROM pg_class c WHERE c.oid = 'events'::regclass`,
    );
    expect(events).toEqual({ kind: 'p', key: 'RANGE (client_ts)' });
    expect(await partitions()).toEqual([{ name: 'events_default', bound: 'DEFAULT' }]);
  });

  it('move a month out of the default partition when it is made, and route its later rows there', async () => {
    await insertEvent('early', DEC_2026 + 5_000, DEC_2026 + 5_000);
    await insertEvent('next-month', JAN_2027 + 1, JAN_2027 + 1);

    const made = await rows<{ name: string }>('SELECT events_month_partition($1) AS name', [DEC_2026 + 86_400_000]);
    expect(made).toEqual([{ name: 'events_2026_12' }]);
    // Asked again (another instance, the next day): it is there already.
    expect(await rows('SELECT events_month_partition($1) AS name', [JAN_2027 - 1])).toEqual(made);
    expect(await partitions()).toEqual([
      { name: 'events_2026_12', bound: `FOR VALUES FROM ('${DEC_2026}') TO ('${JAN_2027}')` },
      { name: 'events_default', bound: 'DEFAULT' },
    ]);

    await insertEvent('later', JAN_2027 - 1, JAN_2027 - 1);
    expect(await rows(`SELECT id, tableoid::regclass::text AS part FROM events ORDER BY client_ts`)).toEqual([
      { id: 'early', part: 'events_2026_12' },
      { id: 'later', part: 'events_2026_12' },
      { id: 'next-month', part: 'events_default' },
    ]);
  });

  it('store a retried event once, though its skew-corrected ts differs, in a month partition or the default', async () => {
    expect(await insertEvent('early', DEC_2026 + 5_000, DEC_2026 + 9_999)).toBe(0);
    expect(await insertEvent('next-month', JAN_2027 + 1, JAN_2027 + 777)).toBe(0);
    expect(await insertEvent('early', DEC_2026 + 5_001, DEC_2026 + 5_001)).toBe(1); // another client time: another event
    expect(await rows(`SELECT count(*)::int AS n FROM events WHERE site_id = 'site_a'`)).toEqual([{ n: 4 }]);
  });

  it('backfill the rates’ monthly tables from the daily ones, by UTC calendar month', async () => {
    const file = readdirSync(migrationsFolder).find((f) => f.endsWith('_rate_monthly_grain.sql'))!;
    const backfill = readFileSync(path.join(migrationsFolder, file), 'utf8')
      .split('--> statement-breakpoint')
      .filter((s) => s.includes('INSERT INTO "error_rate_monthly"'));
    expect(backfill).toHaveLength(1);
    const day = (y: number, m: number, d: number) => Date.UTC(y, m, d);
    for (const [hour, sessions] of [
      [day(2024, 2, 1), 1],
      [day(2024, 2, 31), 2],
      [day(2024, 3, 1), 4],
      [day(2024, 11, 31), 8],
      [day(2025, 0, 1), 16],
    ] as const)
      await pool.query(
        `INSERT INTO error_rate_daily (site_id, hour, device, browser, language, release, sessions, error_sessions)
         VALUES ('site_m', $1, 'desktop', 'chrome', 'en', '', $2, 1)`,
        [hour, sessions],
      );
    await pool.query(backfill[0]!);
    expect(
      await rows(
        `SELECT hour::float8 AS hour, sessions::int AS sessions, error_sessions::int AS e FROM error_rate_monthly
         WHERE site_id = 'site_m' ORDER BY hour`,
      ),
    ).toEqual([
      { hour: day(2024, 2, 1), sessions: 3, e: 2 },
      { hour: day(2024, 3, 1), sessions: 4, e: 1 },
      { hour: day(2024, 11, 1), sessions: 8, e: 1 },
      { hour: day(2025, 0, 1), sessions: 16, e: 1 },
    ]);
  });

  async function partitions() {
    return rows<{ name: string; bound: string }>(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass ORDER BY c.relname`,
    );
  }

  /** Inserts one page view as the writer would; the number of rows stored (0: a duplicate). */
  async function insertEvent(id: string, clientTs: number, ts: number): Promise<number> {
    const result = await pool.query(
      `INSERT INTO events (site_id, id, type, ts, received_at, session_id, path, device, browser, language, payload, client_ts)
       VALUES ('site_a', $1, 'pageview', $2, $2, 'sess', '/', 'desktop', 'Chrome', 'en', $3, $4)
       ON CONFLICT DO NOTHING`,
      [id, ts, JSON.stringify({ id, ts: clientTs }), clientTs],
    );
    return result.rowCount ?? 0;
  }
});
