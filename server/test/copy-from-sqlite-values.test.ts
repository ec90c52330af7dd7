import { getTableName, is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import {
  canonicalValue,
  toPostgresValue,
  ValueConversionError,
} from '../src/db/postgres/copy-from-sqlite/column-value.js';
import { copyPlan } from '../src/db/postgres/copy-from-sqlite/copy-plan.js';
import * as pgSchema from '../src/db/schema-pg/index.js';
import { sqliteTables } from './helpers/schema-tables.js';

// The SQLite-to-PostgreSQL copy's plan and value conversion, without a server; the copy itself
// runs on a real PostgreSQL in scripts/test/migrate-data-cli.test.ts.

describe('the copy plan', () => {
  const plan = copyPlan();
  const order = plan.map((t) => t.name);

  it('copies every table once, parents before the tables that reference them', () => {
    expect([...order].sort()).toEqual([...sqliteTables().keys()].sort());
    const tables = (Object.values(pgSchema) as unknown[]).filter((t): t is PgTable => is(t, PgTable));
    // The schema happens to list parents first: reversed, the plan must still put them first.
    const reversed = copyPlan([...tables].reverse()).map((t) => t.name);
    const references = tables
      .flatMap((t) =>
        getTableConfig(t).foreignKeys.map((fk): [string, string] => [
          getTableName(fk.reference().foreignTable),
          getTableConfig(t).name,
        ]),
      )
      .filter(([parent, child]) => parent !== child);
    expect(references.length).toBeGreaterThan(3);
    for (const [parent, child] of references) {
      expect([parent, child, order.indexOf(parent) < order.indexOf(child)]).toEqual([parent, child, true]);
      expect([parent, child, reversed.indexOf(parent) < reversed.indexOf(child)]).toEqual([parent, child, true]);
    }
  });

  it('reads each table in its SQLite key, and computes events’ partition key', () => {
    const events = plan.find((t) => t.name === 'events')!;
    expect(events.key.map((k) => k.name)).toEqual(['site_id', 'id']);
    expect(events.derived).toEqual([{ name: 'client_ts', type: 'bigint' }]);
    expect(events.columns.map((c) => c.name)).not.toContain('client_ts');
    // No primary key: its unique index orders it.
    expect(plan.find((t) => t.name === 'responses')!.key.map((k) => k.name)).toEqual(['site_id', 'display_id']);
  });
});

describe('value conversion', () => {
  const col = (type: Parameters<typeof canonicalValue>[0]) => ({ name: 'c', type });

  it('keeps every digit of a 64-bit integer, NULL as NULL, JSON text as written', () => {
    expect(toPostgresValue(col('bigint'), 9_007_199_254_740_993n)).toBe('9007199254740993');
    expect(toPostgresValue(col('bigint'), null)).toBeNull();
    expect(toPostgresValue(col('boolean'), 1n)).toBe(true);
    expect(toPostgresValue(col('json'), '{"b": 1,  "a": 2}')).toBe('{"b": 1,  "a": 2}');
    expect(toPostgresValue(col('double precision'), 3n)).toBe(3);
  });

  it('refuses what the PostgreSQL column cannot hold, naming the column', () => {
    expect(() => toPostgresValue(col('bigint'), 1.5)).toThrow(
      new ValueConversionError('c: the number 1.5 does not fit a bigint column'),
    );
    expect(() => toPostgresValue(col('boolean'), 2n)).toThrow(ValueConversionError);
    expect(() => toPostgresValue(col('bytea'), 'text')).toThrow(ValueConversionError);
  });

  it('makes both drivers’ forms of one value the same canonical text', () => {
    expect(canonicalValue('bigint', 9_007_199_254_740_993n)).toBe(canonicalValue('bigint', '9007199254740993'));
    expect(canonicalValue('boolean', 0n)).toBe(canonicalValue('boolean', false));
    expect(canonicalValue('double precision', 0.1)).toBe('0.1');
    expect(canonicalValue('jsonb', '{"b":[1,{"d":1,"c":2}],"a":null}')).toBe(
      canonicalValue('jsonb', '{"a": null, "b": [1, {"c": 2, "d": 1}]}'),
    );
    expect(canonicalValue('json', '{"b":1}')).not.toBe(canonicalValue('json', '{"b": 1}'));
    expect(canonicalValue('bytea', Buffer.from([1, 255]))).toBe('01ff');
    expect(canonicalValue('text', null)).toBeNull();
  });
});
