import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type Database from 'better-sqlite3';
import { loadConfig, migrateDatabase, openDatabase } from '@loupe/server';
import {
  createEventWriter,
  type EventWriter,
  createIngestStore,
  eventRowValues,
  INSERT_EVENT_SQL,
  type IngestRow,
  prepareEvents,
  threadedCommitBackend,
} from '@loupe/server/internal';
import { benchBatch, benchEvents, type IdFormat } from './bench-events.js';
import { drawBatchSize } from './widget-batch-sizes.js';

export interface WriterResult {
  ids: IdFormat;
  rows: number;
  repeats: number;
  /** Medians, rows per second (event rows, whatever else each run writes). */
  raw: number;
  rawSameWork: number;
  store: number;
  writer: number;
}

// A collection before each timed run, so garbage from generating the rows is not charged to it.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

type Db = ReturnType<typeof openDatabase>;

export function freshDb() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-writer-'));
  const db = openDatabase(path.join(dir, 'w.db'));
  migrateDatabase(db);
  const dispose = () => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { db, dispose };
}

/**
 * How many events each request carries: `mix`, bench-events' full mix of ten; `widget`, the widget's
 * measured batch sizes (widget-batch-sizes.ts, 5.15 on average), drawn by a fixed sequence so that
 * two runs of the same length commit the same sizes.
 */
export type BatchSizes = 'mix' | 'widget';

/** Request-sized groups of rows, validated and mapped exactly as the route does, before timing. */
export function makeGroups(
  requests: number,
  ids: IdFormat,
  siteId = 'site_bench',
  sizes: BatchSizes = 'mix',
): IngestRow[][] {
  const client = { device: 'mobile' as const, browser: 'safari' };
  return Array.from({ length: requests }, (_, i) => {
    const receivedAt = Date.now();
    const events =
      sizes === 'mix' ? benchEvents(receivedAt, ids) : benchBatch(drawBatchSize((i * GOLDEN) % 1), ids, receivedAt);
    return prepareEvents(events, undefined, { siteId, receivedAt, client }).rows;
  });
}

/** The golden ratio's fraction: i × it mod 1 spreads evenly over [0, 1) for any run length. */
const GOLDEN = 0.6180339887498949;

/** Every row besides the events that the store derives from `groups`: table → columns and rows. */
interface DerivedRows {
  table: string;
  columns: string[];
  rows: unknown[][];
}

const NOT_DERIVED = new Set(['events', 'sites', 'settings', '__drizzle_migrations']);

/**
 * Runs the store once on a scratch database (already holding `warm`, another site's rows, as every
 * timed run's does) and reads back everything it wrote for `groups`' site besides the events
 * (sessions, page visits, responses, hourly rollups, their daily/monthly tiers, the read model):
 * the final rows a "raw" writer doing the same work would have to insert. Every derived table is
 * keyed by site; tables without a site_id column (the accounts: users, their sessions) are not
 * the ingest store's, and it must leave them as they were.
 */
function deriveRows(groups: IngestRow[][], warm: IngestRow[][]): DerivedRows[] {
  const { db, dispose } = freshDb();
  const store = createIngestStore(db);
  const sqlite = db.$client;
  const tables = (
    sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
      .pluck()
      .all() as string[]
  ).filter((t) => !NOT_DERIVED.has(t));
  const bySite = (table: string) =>
    sqlite.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = 'site_id'").pluck().get(table) === 1;
  const unkeyed = tables.filter((t) => !bySite(t));
  const count = (table: string) => sqlite.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
  const before = unkeyed.map(count);
  store.commit(warm);
  store.commit(groups);
  const touched = unkeyed.filter((t, i) => count(t) !== before[i]);
  if (touched.length) throw new Error(`the ingest store wrote to tables without a site_id: ${touched.join(', ')}`);
  const siteId = groups[0]![0]!.siteId;
  const out = tables
    .filter(bySite)
    .map((table) => {
      const select = sqlite.prepare(`SELECT * FROM "${table}" WHERE site_id = ?`).raw(true);
      return { table, columns: select.columns().map((c) => c.name), rows: select.all(siteId) as unknown[][] };
    })
    .filter((d) => d.rows.length > 0);
  dispose();
  return out;
}

interface Timed {
  run(db: Db): unknown;
  /** Before the clock: warm-up, and whatever the run needs that production has already. */
  prepare?(db: Db): void | Promise<void>;
  /** After the clock: what production never does per batch (closing the writer). */
  after?(): void | Promise<void>;
}

async function timed({ run, prepare, after }: Timed): Promise<number> {
  const { db, dispose } = freshDb();
  await prepare?.(db);
  gc();
  const start = performance.now();
  await run(db);
  const ms = performance.now() - start;
  await after?.();
  dispose();
  return ms;
}

interface Work {
  groups: IngestRow[][];
  derived: DerivedRows[];
  /**
   * Committed to every run's database before its clock starts, under another site: the writer's
   * warm-up goes through its own thread (a production writer thread is long-lived, its JIT warm),
   * so every variant starts from the same database state.
   */
  warm: IngestRow[][];
}

const insertEvents = (sqlite: Database.Database, groups: IngestRow[][]) => {
  const insert = sqlite.prepare(INSERT_EVENT_SQL);
  for (const g of groups) for (const r of g) insert.run(eventRowValues(r));
};

const preload = (warm: IngestRow[][]) => (db: Db) => void createIngestStore(db).commit(warm);

type RunName = 'raw' | 'rawSameWork' | 'store' | 'writer';
const RUNS: Record<RunName, (w: Work) => Promise<number>> = {
  /** The target's baseline: the event rows, one prepared INSERT, one transaction, raw better-sqlite3. */
  raw: ({ groups, warm }) =>
    timed({ run: (db) => db.$client.transaction(() => insertEvents(db.$client, groups))(), prepare: preload(warm) }),
  /**
   * Like for like: the same event rows plus every row the store ends up with (sessions, rollups,
   * tiers, read model) as plain INSERTs of their final values, in one transaction. Nothing is
   * computed, looked up or updated: the least any writer of the same database state must do.
   */
  rawSameWork: ({ groups, derived, warm }) =>
    timed({
      run: (db) =>
        db.$client.transaction(() => {
          insertEvents(db.$client, groups);
          for (const d of derived) {
            const insert = db.$client.prepare(
              `INSERT INTO "${d.table}" (${d.columns.map((c) => `"${c}"`).join(', ')}) VALUES (${d.columns.map(() => '?').join(', ')})`,
            );
            for (const r of d.rows) insert.run(r);
          }
        })(),
      prepare: preload(warm),
    }),
  /** The store's full work (events, sessions, responses, rollups, tiers) in one transaction, no queue. */
  store: ({ groups, warm }) => timed({ run: (db) => createIngestStore(db).commit(groups), prepare: preload(warm) }),
  /**
   * The writer as the route uses it (production config, commits on the writer thread): every
   * request's write() at once, timed until the last one is acknowledged. The thread is started
   * and warmed before the clock starts; closing it (which production does once, at shutdown) is
   * not timed.
   */
  writer: ({ groups, warm }) => {
    let writer: EventWriter;
    return timed({
      prepare: async (db) => {
        const backend = threadedCommitBackend(db.$client.name);
        await backend.ready;
        // All 5,000 requests are queued at once, far past the back-pressure cap that would answer
        // HTTP clients 503: this measures how fast the writer drains, so nothing is refused.
        writer = createEventWriter(db, { ...loadConfig({}).writer, maxQueuedRows: Infinity, backend });
        await Promise.all(warm.map((g) => writer.write(g)));
      },
      run: () => Promise.all(groups.map((g) => writer.write(g))),
      after: () => writer.close(),
    });
  },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs every variant in rotating order on fresh databases; reports medians. */
export async function benchWriter(ids: IdFormat, requests = 5000, repeats = 5): Promise<WriterResult> {
  const names = Object.keys(RUNS) as RunName[];
  const ms: Record<RunName, number[]> = { raw: [], rawSameWork: [], store: [], writer: [] };
  // Warms this process's JIT for every variant (the writer's thread is warmed per run, above).
  const warm = makeGroups(Math.min(500, requests), ids, 'site_warm');
  const warmUp = makeGroups(Math.min(500, requests), ids);
  for (const n of names) await RUNS[n]({ groups: warmUp, derived: deriveRows(warmUp, warm), warm });
  let rows = 0;
  for (let i = 0; i < repeats; i++) {
    const groups = makeGroups(requests, ids);
    const work = { groups, derived: deriveRows(groups, warm), warm };
    rows = groups.reduce((sum, g) => sum + g.length, 0);
    for (let j = 0; j < names.length; j++) {
      const n = names[(i + j) % names.length]!;
      ms[n].push(await RUNS[n](work));
    }
  }
  const perSec = (n: RunName) => (rows / median(ms[n])) * 1000;
  return {
    ids,
    rows,
    repeats,
    raw: perSec('raw'),
    rawSameWork: perSec('rawSameWork'),
    store: perSec('store'),
    writer: perSec('writer'),
  };
}
