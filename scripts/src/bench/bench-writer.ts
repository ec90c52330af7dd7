import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type Database from 'better-sqlite3';
import {
  type CommitBackend,
  createEventWriter,
  createIngestStore,
  eventRowValues,
  INSERT_EVENT_SQL,
  type IngestRow,
  loadConfig,
  migrateDatabase,
  openDatabase,
  prepareEvents,
  threadedCommitBackend,
} from '@loupe/server';
import { benchEvents, type IdFormat } from './bench-events.js';

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

function freshDb() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-writer-'));
  const db = openDatabase(path.join(dir, 'w.db'));
  migrateDatabase(db);
  return { db, dispose: () => (db.$client.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** Request-sized groups of rows, validated and mapped exactly as the route does, before timing. */
function makeGroups(requests: number, ids: IdFormat): IngestRow[][] {
  const client = { device: 'mobile' as const, browser: 'safari' };
  return Array.from({ length: requests }, () => {
    const receivedAt = Date.now();
    return prepareEvents(benchEvents(receivedAt, ids), undefined, { siteId: 'site_bench', receivedAt, client }).rows;
  });
}

/** Every row besides the events that the store derives from `groups`: table → columns and rows. */
interface DerivedRows {
  table: string;
  columns: string[];
  rows: unknown[][];
}

const NOT_DERIVED = new Set(['events', 'sites', '__drizzle_migrations']);

/**
 * Runs the store once on a scratch database and reads back everything it wrote besides the events
 * (sessions, page visits, responses, hourly rollups, their daily/monthly tiers, the read model):
 * the final rows a "raw" writer doing the same work would have to insert.
 */
function deriveRows(groups: IngestRow[][]): DerivedRows[] {
  const { db, dispose } = freshDb();
  createIngestStore(db).commit(groups);
  const sqlite = db.$client;
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
    .pluck()
    .all() as string[];
  const out = tables
    .filter((t) => !NOT_DERIVED.has(t))
    .map((table) => {
      const select = sqlite.prepare(`SELECT * FROM "${table}"`).raw(true);
      return { table, columns: select.columns().map((c) => c.name), rows: select.all() as unknown[][] };
    })
    .filter((d) => d.rows.length > 0);
  dispose();
  return out;
}

async function timed(run: (db: Db) => unknown, prepare?: (db: Db) => void | Promise<void>): Promise<number> {
  const { db, dispose } = freshDb();
  await prepare?.(db);
  gc();
  const start = performance.now();
  await run(db);
  const ms = performance.now() - start;
  dispose();
  return ms;
}

/** The derived rows are inserted as final values, so the triggers that would derive tiers again go. */
function dropTriggers(db: Db): void {
  const sqlite: Database.Database = db.$client;
  for (const name of sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]) {
    sqlite.exec(`DROP TRIGGER "${name}"`);
  }
}

interface Work {
  groups: IngestRow[][];
  derived: DerivedRows[];
}

const insertEvents = (sqlite: Database.Database, groups: IngestRow[][]) => {
  const insert = sqlite.prepare(INSERT_EVENT_SQL);
  for (const g of groups) for (const r of g) insert.run(eventRowValues(r));
};

type RunName = 'raw' | 'rawSameWork' | 'store' | 'writer';
const RUNS: Record<RunName, (w: Work) => Promise<number>> = {
  /** The target's baseline: the event rows, one prepared INSERT, one transaction, raw better-sqlite3. */
  raw: ({ groups }) => timed((db) => db.$client.transaction(() => insertEvents(db.$client, groups))()),
  /**
   * Like for like: the same event rows plus every row the store ends up with (sessions, rollups,
   * tiers, read model) as plain INSERTs of their final values, in one transaction. Nothing is
   * computed, looked up or updated: the least any writer of the same database state must do.
   */
  rawSameWork: ({ groups, derived }) =>
    timed(
      (db) =>
        db.$client.transaction(() => {
          insertEvents(db.$client, groups);
          for (const d of derived) {
            const insert = db.$client.prepare(
              `INSERT INTO "${d.table}" (${d.columns.map((c) => `"${c}"`).join(', ')}) VALUES (${d.columns.map(() => '?').join(', ')})`,
            );
            for (const r of d.rows) insert.run(r);
          }
        })(),
      dropTriggers,
    ),
  /** The store's full work (events, sessions, responses, rollups, tiers) in one transaction, no queue. */
  store: ({ groups }) => timed((db) => createIngestStore(db).commit(groups)),
  /**
   * The writer as the route uses it (production config, commits on the writer thread): every
   * request's write() at once. The thread is started before the clock starts.
   */
  writer: ({ groups }) => {
    let backend: CommitBackend;
    return timed(
      async (db) => {
        const writer = createEventWriter(db, { ...loadConfig({}).writer, backend });
        await Promise.all(groups.map((g) => writer.write(g)));
        await writer.close();
      },
      async (db) => {
        backend = threadedCommitBackend(db.$client.name);
        await backend.ready;
      },
    );
  },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs every variant in rotating order on fresh databases; reports medians. */
export async function benchWriter(ids: IdFormat, requests = 5000, repeats = 5): Promise<WriterResult> {
  const names = Object.keys(RUNS) as RunName[];
  const ms: Record<RunName, number[]> = { raw: [], rawSameWork: [], store: [], writer: [] };
  const warmGroups = makeGroups(500, ids);
  const warm = { groups: warmGroups, derived: deriveRows(warmGroups) };
  for (const n of names) await RUNS[n](warm);
  let rows = 0;
  for (let i = 0; i < repeats; i++) {
    const groups = makeGroups(requests, ids);
    const work = { groups, derived: deriveRows(groups) };
    rows = groups.reduce((sum, g) => sum + g.length, 0);
    for (let j = 0; j < names.length; j++) {
      const n = names[(i + j) % names.length]!;
      ms[n].push(await RUNS[n](work));
    }
  }
  const perSec = (n: RunName) => (rows / median(ms[n])) * 1000;
  return { ids, rows, repeats, raw: perSec('raw'), rawSameWork: perSec('rawSameWork'), store: perSec('store'), writer: perSec('writer') };
}
