import type Database from 'better-sqlite3';
import { cubeTierDeltas, type SourceFeed } from '../../../db/cubes/cube-tier-deltas.js';
import { MultiRowUpsertSql, runMultiRowUpsert } from '../../../db/multi-row-upsert.js';
import { dayOf, monthOf } from '../../../lib/hour-bucket.js';

type KeyValue = string | number;

/** A rollup table's upsert: key columns, additive counter columns, its rows' multi-row statements. */
export interface RollupTable<C extends string> {
  table: string;
  counters: ReadonlyMap<C, number>;
  /** Adds each row's counters (values: the key, then the counters) to the stored row, or inserts it. */
  upsert: (rows: readonly (readonly unknown[])[]) => void;
  /** A cube's hourly source: every applied row's deltas also go to the cube tiers (cube-tier-deltas.ts). */
  tiers: SourceFeed | undefined;
}

/** Table and column names are constants of this module, never input, so building SQL here is safe. */
export function prepareRollupTable<C extends string>(
  db: Database.Database,
  table: string,
  keys: readonly string[],
  counters: readonly C[],
): RollupTable<C> {
  const cols = [...keys, ...counters];
  const sql = new MultiRowUpsertSql(
    `INSERT INTO ${table} (${cols.join(', ')})`,
    cols.length,
    `ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${counters.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
  );
  const statements = new Map<string, Database.Statement>();
  const exec = (text: string, params: unknown[]) => {
    let statement = statements.get(text);
    if (statement === undefined) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    statement.run(params);
  };
  return {
    table,
    counters: new Map(counters.map((c, i) => [c, i])),
    upsert: (rows) => runMultiRowUpsert(rows, sql, exec),
    tiers: cubeTierDeltas(db).feedFor(table, keys, counters),
  };
}

/**
 * One batch's increments to one rollup table, summed per key in memory so each rollup row is
 * written once per group commit, not once per event: that keeps the rollups nearly free.
 */
export class RollupDeltas<C extends string> {
  private readonly rows = new Map<string, { key: KeyValue[]; deltas: number[] }>();
  /** Callers add several counters of one key in a row: its id is computed once, not per add. */
  private lastKey: KeyValue[] | undefined;
  private lastId = '';

  constructor(private readonly table: RollupTable<C>) {}

  get tableName(): string {
    return this.table.table;
  }

  /** `key` must not change after it is passed in (it is kept until `apply`). */
  add(key: KeyValue[], counter: C, amount = 1): void {
    if (amount === 0) return;
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.lastId = key.join('\u0001');
    }
    let row = this.rows.get(this.lastId);
    if (!row) {
      row = { key, deltas: new Array<number>(this.table.counters.size).fill(0) };
      this.rows.set(this.lastId, row);
    }
    row.deltas[this.table.counters.get(counter)!]! += amount;
  }

  apply(): void {
    const tiers = this.table.tiers;
    const values: unknown[][] = [];
    for (const { key, deltas } of this.rows.values()) {
      values.push([...key, ...deltas]);
      tiers?.add(key, deltas);
    }
    // One row per key (summed above), in the order the keys came: a few multi-row statements.
    this.table.upsert(values);
    this.rows.clear();
    this.lastKey = undefined;
  }
}

/** A count kept by UTC hour, day and month: each grain's deltas, with the start of its unit for an hour. */
export type HourDayMonthDeltas<C extends string> = [RollupDeltas<C>, (hour: number) => number][];

export function hourDayMonthDeltas<C extends string>(tables: {
  hourly: RollupTable<C>;
  daily: RollupTable<C>;
  monthly: RollupTable<C>;
}): HourDayMonthDeltas<C> {
  return [
    [new RollupDeltas(tables.hourly), (h) => h],
    [new RollupDeltas(tables.daily), dayOf],
    [new RollupDeltas(tables.monthly), monthOf],
  ];
}
