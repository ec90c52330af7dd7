import type Database from 'better-sqlite3';
import { dayOf, monthOf } from '../../../lib/hour-bucket.js';
import { prepareRollupTable, RollupDeltas, type RollupTable } from './rollup-deltas.js';

// A rollup kept at three grains by the writer, no trigger: `table` by UTC hour, `table_daily` and
// `table_monthly` by UTC day and month (their `hour` the unit's first hour), so a long range is read
// as whole months and days plus edge hours (analytics/tier-plan.ts). Each key is summed per commit
// in memory and upserted once per grain.

type Key = (string | number)[];

export interface TieredRollupTables<C extends string> {
  hourly: RollupTable<C>;
  daily: RollupTable<C>;
  monthly: RollupTable<C>;
}

/** The upserts of `table` and its `_daily` and `_monthly` twins (same keys and counters). */
export function prepareTieredRollupTables<C extends string>(
  db: Database.Database,
  table: string,
  keys: readonly string[],
  counters: readonly C[],
): TieredRollupTables<C> {
  return {
    hourly: prepareRollupTable(db, table, keys, counters),
    daily: prepareRollupTable(db, `${table}_daily`, keys, counters),
    monthly: prepareRollupTable(db, `${table}_monthly`, keys, counters),
  };
}

/** One commit's increments at the three grains; `hourAt` is the index of the hour in every key. */
export class TieredRollupDeltas<C extends string> {
  private readonly hourly: RollupDeltas<C>;
  private readonly coarser: [RollupDeltas<C>, (hour: number) => number][];

  constructor(
    tables: TieredRollupTables<C>,
    private readonly hourAt: number,
  ) {
    this.hourly = new RollupDeltas(tables.hourly);
    this.coarser = [
      [new RollupDeltas(tables.daily), dayOf],
      [new RollupDeltas(tables.monthly), monthOf],
    ];
  }

  /** `key` must not change after it is passed in (it is kept until `apply`). */
  add(key: Key, counter: C, amount = 1): void {
    if (amount === 0) return;
    this.hourly.add(key, counter, amount);
    for (const [deltas, grain] of this.coarser) {
      const k = [...key];
      k[this.hourAt] = grain(key[this.hourAt] as number);
      deltas.add(k, counter, amount);
    }
  }

  apply(): void {
    this.hourly.apply();
    for (const [deltas] of this.coarser) deltas.apply();
  }
}
