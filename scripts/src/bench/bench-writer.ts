import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  createEventWriter,
  createIngestStore,
  eventRowValues,
  INSERT_EVENT_SQL,
  type IngestRow,
  loadConfig,
  migrateDatabase,
  openDatabase,
  prepareEvents,
} from '@loupe/server';
import { benchEvents } from './bench-events.js';

export interface WriterResult {
  rows: number;
  repeats: number;
  /** Medians, rows per second. */
  raw: number;
  store: number;
  writer: number;
}

// A collection before each timed run, so garbage from generating the rows is not charged to it.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function freshDb() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-writer-'));
  const db = openDatabase(path.join(dir, 'w.db'));
  migrateDatabase(db);
  return { db, dispose: () => (db.$client.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** Request-sized groups of rows, validated and mapped exactly as the route does, before timing. */
function makeGroups(requests: number): IngestRow[][] {
  const client = { device: 'mobile' as const, browser: 'safari' };
  return Array.from({ length: requests }, () => {
    const receivedAt = Date.now();
    return prepareEvents(benchEvents(receivedAt), undefined, { siteId: 'site_bench', receivedAt, client }).rows;
  });
}

async function timed(run: (db: ReturnType<typeof freshDb>['db']) => unknown): Promise<number> {
  const { db, dispose } = freshDb();
  gc();
  const start = performance.now();
  await run(db);
  const ms = performance.now() - start;
  dispose();
  return ms;
}

type Groups = IngestRow[][];
const RUNS: Record<'raw' | 'store' | 'writer', (groups: Groups) => Promise<number>> = {
  /** The target's baseline: the event rows, one prepared INSERT, one transaction, raw better-sqlite3. */
  raw: (groups) =>
    timed((db) => {
      const insert = db.$client.prepare(INSERT_EVENT_SQL);
      db.$client.transaction(() => {
        for (const g of groups) for (const r of g) insert.run(eventRowValues(r));
      })();
    }),
  /** The store's full work (events, sessions, responses, rollups) in one transaction, no queue. */
  store: (groups) => timed((db) => createIngestStore(db).commit(groups)),
  /** The writer as the route uses it: every request's write() at once, committed in groups. */
  writer: (groups) =>
    timed(async (db) => {
      const writer = createEventWriter(db, loadConfig({}).writer);
      await Promise.all(groups.map((g) => writer.write(g)));
      writer.close();
    }),
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs raw, store and writer in rotating order on fresh databases; reports medians. */
export async function benchWriter(requests = 5000, repeats = 5): Promise<WriterResult> {
  const names = Object.keys(RUNS) as (keyof typeof RUNS)[];
  const ms: Record<string, number[]> = { raw: [], store: [], writer: [] };
  const warm = makeGroups(500);
  for (const n of names) await RUNS[n](warm);
  let rows = 0;
  for (let i = 0; i < repeats; i++) {
    const groups = makeGroups(requests);
    rows = groups.reduce((sum, g) => sum + g.length, 0);
    for (let j = 0; j < names.length; j++) {
      const n = names[(i + j) % names.length]!;
      ms[n]!.push(await RUNS[n](groups));
    }
  }
  const perSec = (n: string) => (rows / median(ms[n]!)) * 1000;
  return { rows, repeats, raw: perSec('raw'), store: perSec('store'), writer: perSec('writer') };
}
