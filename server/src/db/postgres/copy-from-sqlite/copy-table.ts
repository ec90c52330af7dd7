import type Database from 'better-sqlite3';
import type pg from 'pg';
import { columnArrays } from './column-arrays.js';
import type { CopyColumn, TableCopy } from './copy-plan.js';
import { markProgress, type TableProgress } from './copy-target.js';
import { sqliteChunkQuery } from './sqlite-source.js';
import { unnestInsertSql } from './unnest-insert.js';

export interface CopyTableOptions {
  chunkRows: number;
  /** Where an earlier run stopped (undefined: the table is not begun). */
  progress: TableProgress | undefined;
  /** After each committed chunk: the rows of the table copied so far (this run's and earlier runs'). */
  onChunk(rows: number): Promise<void> | void;
  /** Before a chunk of events is written: makes the month partitions of these client_ts values. */
  ensureMonths(clientTs: number[]): Promise<void>;
}

/**
 * Copies one table from SQLite to PostgreSQL in key order, `chunkRows` rows at a time, each chunk
 * in one transaction with its progress mark: killed at any point, the next run starts after the
 * last committed chunk, and a chunk it writes again (the mark lost with it) meets ON CONFLICT DO
 * NOTHING. Answers the rows copied by this call.
 */
export async function copyTable(
  source: Database.Database,
  client: pg.Client,
  table: TableCopy,
  options: CopyTableOptions,
): Promise<number> {
  let state: TableProgress = options.progress ?? { lastKey: null, rows: 0, done: false };
  if (state.done) return 0;
  // Raw rows (arrays in the select list's order): no object per row to build and collect.
  const first = sqliteChunkQuery(source, table, false).raw(true);
  const next = sqliteChunkQuery(source, table, true).raw(true);
  const keyAt = table.key.map((k) => table.columns.indexOf(k));
  const insert = {
    name: `loupe-copy-${table.name}`,
    text: unnestInsertSql(table.name, [...table.columns, ...table.derived]),
  };
  let copied = 0;
  for (;;) {
    const after = state.lastKey === null ? null : decodeKey(table.key, state.lastKey);
    const rows = (after ? next.all(...after, options.chunkRows) : first.all(options.chunkRows)) as unknown[][];
    const { literals, clientTs } = columnArrays(table, rows);
    if (table.name === 'events') await options.ensureMonths(clientTs);
    const last = rows[rows.length - 1];
    state = {
      lastKey: last ? encodeKey(keyAt.map((i) => last[i])) : state.lastKey,
      rows: state.rows + rows.length,
      done: rows.length < options.chunkRows,
    };
    await inTransaction(client, async () => {
      if (rows.length > 0) await client.query({ ...insert, values: literals });
      await markProgress(client, table.name, state);
    });
    copied += rows.length;
    await options.onChunk(state.rows);
    if (state.done) return copied;
  }
}

async function inTransaction(client: pg.Client, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** A row's key values as the progress mark's text: JSON, with integers as decimal text (they may pass 2^53). */
function encodeKey(values: unknown[]): string {
  return JSON.stringify(
    values.map((v) => {
      if (typeof v === 'bigint') return v.toString();
      if (Buffer.isBuffer(v)) return v.toString('hex');
      return v;
    }),
  );
}

/** The mark's text back as the values SQLite compares the key with. */
function decodeKey(key: CopyColumn[], text: string): unknown[] {
  const values = JSON.parse(text) as unknown[];
  return key.map((k, i) => {
    const v = values[i];
    if (v === null) return null;
    if (k.type === 'bigint' || k.type === 'boolean') return BigInt(v as string);
    if (k.type === 'bytea') return Buffer.from(v as string, 'hex');
    return v;
  });
}
