import type Database from 'better-sqlite3';
import { dayOf, monthOf } from '../../lib/hour-bucket.js';
import { CUBES, tierTableName, tiersOf, type CubeSpec, type StoredTier } from './cube-specs.js';
import { BUMP_CLOSED_HOUR_GENERATION_SQL, isClosedHour } from '../closed-hours.js';
import { type MultiRowUpsertSql, runMultiRowUpsert } from '../multi-row-upsert.js';
import { dialectOf } from '../sql-dialect.js';
import { counterTierUpsertSql, histogramTierMergeSql, histogramTierMergeSqlPostgres } from './cube-tier-sql.js';

// The one code path that keeps the cubes' hourly, daily and monthly tiers (cube-specs.ts) equal
// to the sums of their hourly sources. Every write of a source goes through a rollup table's
// upsert (features/ingest/derive/rollup-deltas.ts), which hands this the same per-row deltas; a
// group commit's deltas are summed here per tier row in memory, and `apply` writes each changed
// tier row once, keys sorted: two PostgreSQL writers then take row locks in one order and never
// deadlock, and a month's row is written once per commit, not once per hourly row.
// Retention and erasure never change the hourly sources, and deleting a site deletes every table
// of it, tiers included, so nothing else writes them (test/rollup-tiers.test.ts recomputes).
// Since every change of a cube passes here, so does every change of a closed hour: `apply` bumps
// the generation of closed hours of its site's UTC day then (db/closed-hours.ts), in the same
// transaction. The visitor sketches need no hook of their own: a session adds to the sketches of
// the hour where its row of session_segment_rollups, a source of the traffic cubes, counts it.

type KeyValue = string | number;

const startOf: Record<StoredTier, (hour: number) => number> = { hourly: (h) => h, daily: dayOf, monthly: monthOf };

/** How a tier statement is run: better-sqlite3 here; a PostgreSQL driver would give its own. */
export interface TierStatementRunner {
  run(sql: string, params: unknown[]): void;
}

/** At most this many buckets per statement (SQLite caps a function's arguments at 127 by default). */
const BUCKETS_PER_STATEMENT = 32;

interface TierTable {
  name: string;
  keyCols: string[];
  start: (hour: number) => number;
  /** Counter tiers: the multi-row upsert's texts (histogram tiers build theirs per bucket count). */
  upsert?: MultiRowUpsertSql;
  counters: number;
  /** Histogram tiers: the merge statement per bucket count, built once. */
  merges: Map<number, string>;
}

interface TierRow {
  id: string;
  table: TierTable;
  key: KeyValue[];
  deltas: number[];
  /** Histogram tiers: samples per bucket, in the order the commit's hourly rows brought them. */
  buckets?: Map<string, number>;
}

/** One cube as fed by one source table: where its dimensions, counters and filter are in a source row. */
interface Feed {
  tables: TierTable[];
  site: number;
  hour: number;
  dims: number[];
  /** Per cube counter, the index of the source counter feeding it, or -1. */
  counters: number[];
  except?: { index: number; value: string };
  histogram?: { bucket: number; samples: number };
}

/** A source table's feeds: `add` takes one hourly row's key and counter deltas, as its upsert does. */
export interface SourceFeed {
  add(key: readonly KeyValue[], deltas: readonly number[]): void;
}

function indexIn(cols: readonly string[], col: string, where: string): number {
  const i = cols.indexOf(col);
  if (i < 0) throw new Error(`cube tiers: ${where} has no column ${col}`);
  return i;
}

function tierTable(cube: CubeSpec, tier: StoredTier): TierTable {
  const name = tierTableName(cube, tier);
  const keyCols = ['site_id', 'start', ...cube.dims.map((d) => d.name)];
  const counters = cube.counters.map((c) => c.name);
  return {
    name,
    keyCols,
    start: startOf[tier],
    upsert: cube.histogram ? undefined : counterTierUpsertSql(name, keyCols, counters),
    counters: counters.length,
    merges: new Map(),
  };
}

/** A group commit's changes to every cube tier, written once per tier row by `apply`. */
export class CubeTierDeltas {
  private readonly rows = new Map<string, TierRow>();
  private readonly tables = new Map<string, TierTable>();
  /** Per site and UTC day, the earliest hour a source row changed in since the last `apply`. */
  private readonly earliest = new Map<string, Map<number, number>>();

  constructor(
    private readonly runner: TierStatementRunner,
    /** Whether the runner's connection is PostgreSQL's, whose histogram merge is spelt otherwise. */
    private readonly postgres = false,
  ) {}

  /**
   * The feed of a source table whose upsert has these key and counter columns, or undefined when
   * no cube reads it. Throws at start-up when a cube names a column the source lacks.
   */
  feedFor(source: string, keyCols: readonly string[], counterCols: readonly string[]): SourceFeed | undefined {
    const feeds: Feed[] = [];
    for (const cube of Object.values(CUBES) as CubeSpec[]) {
      const spec = cube.sources.find((s) => s.table === source);
      if (!spec) continue;
      const tables = tiersOf(cube).map((tier) => {
        const t = tierTable(cube, tier);
        const known = this.tables.get(t.name);
        if (known) return known;
        this.tables.set(t.name, t);
        return t;
      });
      feeds.push({
        tables,
        site: indexIn(keyCols, 'site_id', source),
        hour: indexIn(keyCols, 'hour', source),
        dims: cube.dims.map((d) => indexIn(keyCols, d.name, source)),
        counters: cube.counters.map((c) =>
          spec.counters.includes(c.name) ? indexIn(counterCols, c.name, source) : -1,
        ),
        except: spec.except && { index: indexIn(keyCols, spec.except.column, source), value: spec.except.value },
        histogram: cube.histogram && {
          bucket: indexIn(keyCols, cube.histogram.bucket, source),
          samples: indexIn(counterCols, cube.histogram.samples, source),
        },
      });
    }
    return feeds.length ? { add: (key, deltas) => this.add(feeds, key, deltas) } : undefined;
  }

  /**
   * A commit changed a site's hour in a read model a series keeps closed buckets of besides the
   * cubes (the audience's counts and sketches, which are no cube source): `apply` bumps its UTC day
   * if the hour is closed, as for a cube's source row.
   */
  changed(site: string, hour: number): void {
    let days = this.earliest.get(site);
    if (!days) {
      days = new Map();
      this.earliest.set(site, days);
    }
    const day = dayOf(hour);
    const earliest = days.get(day);
    if (earliest === undefined || hour < earliest) days.set(day, hour);
  }

  private add(feeds: readonly Feed[], key: readonly KeyValue[], deltas: readonly number[]): void {
    // Every feed of one source reads the site and hour from the same columns.
    this.changed(key[feeds[0]!.site] as string, key[feeds[0]!.hour] as number);
    for (const f of feeds) {
      if (f.except && key[f.except.index] === f.except.value) continue;
      const hour = key[f.hour] as number;
      const site = key[f.site]!;
      // The id is the row key joined after the table's name; the dimensions' part is built once
      // for the three tiers, and the key array only for a row not seen yet this commit.
      let dimsId = '';
      for (const i of f.dims) dimsId += `\u0001${key[i]!}`;
      for (const table of f.tables) {
        const start = table.start(hour);
        const id = `${table.name}\u0001${site}\u0001${start}${dimsId}`;
        let row = this.rows.get(id);
        if (!row) {
          const rowKey = [site, start, ...f.dims.map((i) => key[i]!)];
          row = { id, table, key: rowKey, deltas: new Array<number>(table.counters).fill(0) };
          if (f.histogram) row.buckets = new Map();
          this.rows.set(id, row);
        }
        if (row.buckets) {
          const bucket = String(key[f.histogram!.bucket]);
          row.buckets.set(bucket, (row.buckets.get(bucket) ?? 0) + deltas[f.histogram!.samples]!);
        } else {
          for (let i = 0; i < f.counters.length; i++)
            if (f.counters[i]! >= 0) row.deltas[i]! += deltas[f.counters[i]!]!;
        }
      }
    }
  }

  /**
   * Writes every changed tier row, in key order, and forgets them: a counter table's rows (one
   * run, as its name leads their ids) in multi-row statements, a histogram's row by row; then bumps
   * the generation of each site's UTC day whose rows changed in a closed hour.
   */
  apply(now = Date.now()): void {
    const rows = [...this.rows.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.rows.clear();
    // In key order, as the tier rows: two PostgreSQL writers lock them in one order.
    const late: [string, number][] = [];
    for (const [site, days] of this.earliest)
      for (const [day, hour] of days) if (isClosedHour(hour, now)) late.push([site, day]);
    late.sort(([s1, d1], [s2, d2]) => (s1 < s2 ? -1 : s1 > s2 ? 1 : d1 - d2));
    this.earliest.clear();
    const exec = (sql: string, params: unknown[]) => this.runner.run(sql, params);
    for (let i = 0; i < rows.length; ) {
      const { table } = rows[i]!;
      if (table.upsert === undefined) {
        const row = rows[i++]!;
        this.mergeHistogram(table, row.key, [...row.buckets!]);
        continue;
      }
      const values: unknown[][] = [];
      for (; i < rows.length && rows[i]!.table === table; i++) values.push([...rows[i]!.key, ...rows[i]!.deltas]);
      runMultiRowUpsert(values, table.upsert, exec);
    }
    for (const key of late) exec(BUMP_CLOSED_HOUR_GENERATION_SQL, key);
  }

  /** Forgets what was added since the last `apply` (its transaction rolled back). */
  clear(): void {
    this.rows.clear();
    this.earliest.clear();
  }

  private mergeHistogram(table: TierTable, key: KeyValue[], buckets: [string, number][]): void {
    for (let from = 0; from < buckets.length; from += BUCKETS_PER_STATEMENT) {
      const chunk = buckets.slice(from, from + BUCKETS_PER_STATEMENT);
      const path = (b: string) => `$."${b}"`;
      const [[firstBucket, firstSamples], ...rest] = chunk as [[string, number], ...[string, number][]];
      let sql = table.merges.get(chunk.length);
      if (!sql) {
        sql = (this.postgres ? histogramTierMergeSqlPostgres : histogramTierMergeSql)(
          table.name,
          table.keyCols,
          chunk.length,
        );
        table.merges.set(chunk.length, sql);
      }
      this.runner.run(sql, [
        ...key,
        firstBucket,
        firstSamples,
        ...rest.flatMap(([b, n]) => [path(b), n]),
        ...chunk.flatMap(([b, n]) => [path(b), path(b), n]),
      ]);
    }
  }
}

/** Runs tier statements on a better-sqlite3 connection, each prepared once. */
export function sqliteTierRunner(db: Database.Database): TierStatementRunner {
  const prepared = new Map<string, Database.Statement>();
  return {
    run(sql, params) {
      let stmt = prepared.get(sql);
      if (!stmt) {
        stmt = db.prepare(sql);
        prepared.set(sql, stmt);
      }
      stmt.run(...params);
    },
  };
}

const perDatabase = new WeakMap<Database.Database, CubeTierDeltas>();

/** The connection's tier deltas: every rollup table prepared on it feeds the same one. */
export function cubeTierDeltas(db: Database.Database): CubeTierDeltas {
  let tiers = perDatabase.get(db);
  if (!tiers) {
    tiers = new CubeTierDeltas(sqliteTierRunner(db), dialectOf(db) === 'postgres');
    perDatabase.set(db, tiers);
  }
  return tiers;
}
