import type Database from 'better-sqlite3';
import type pg from 'pg';
import { toPostgresValue, ValueConversionError } from './column-value.js';
import type { CopyColumn, TableCopy } from './copy-plan.js';
import { markProgress, type TableProgress } from './copy-target.js';
import { sqliteChunkQuery } from './sqlite-source.js';

/** PostgreSQL's limit on one statement's parameters is 65,535; a chunk's insert is split below it. */
const MAX_PARAMS = 60_000;

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
  const first = sqliteChunkQuery(source, table, false);
  const next = sqliteChunkQuery(source, table, true);
  const columns = [...table.columns, ...table.derived];
  const perInsert = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  let copied = 0;
  for (;;) {
    const after = state.lastKey === null ? null : decodeKey(table.key, state.lastKey);
    const rows = (after ? next.all(...after, options.chunkRows) : first.all(options.chunkRows)) as Record<
      string,
      unknown
    >[];
    const values = rows.map((row) => rowValues(table, row));
    if (table.name === 'events') {
      await options.ensureMonths(values.map((v) => Number(v[v.length - 1])));
    }
    const last = rows[rows.length - 1];
    state = {
      lastKey: last ? encodeKey(table.key, last) : state.lastKey,
      rows: state.rows + rows.length,
      done: rows.length < options.chunkRows,
    };
    await inTransaction(client, async () => {
      for (let i = 0; i < values.length; i += perInsert) {
        const slice = values.slice(i, i + perInsert);
        await client.query(insertSql(table.name, columns, slice.length), slice.flat());
      }
      await markProgress(client, table.name, state);
    });
    copied += rows.length;
    await options.onChunk(state.rows);
    if (state.done) return copied;
  }
}

function rowValues(table: TableCopy, row: Record<string, unknown>): unknown[] {
  try {
    const values = table.columns.map((c) => toPostgresValue(c, row[c.name]));
    if (table.name === 'events') values.push(eventClientTs(row));
    return values;
  } catch (err) {
    if (!(err instanceof ValueConversionError)) throw err;
    const key = table.key.map((k) => `${k.name}=${String(row[k.name])}`).join(', ');
    throw new ValueConversionError(`${table.name} (${key}): ${err.message}`);
  }
}

/**
 * events' partition key on PostgreSQL: the time the client stamped, which SQLite keeps in the
 * payload as clientTs when the stored ts was corrected for clock skew, and which is ts otherwise
 * (ingest-row.ts writes both).
 */
function eventClientTs(row: Record<string, unknown>): string {
  const payload = JSON.parse(String(row.payload)) as { clientTs?: unknown };
  const own = payload.clientTs;
  return typeof own === 'number' && Number.isSafeInteger(own) ? String(own) : String(row.ts);
}

function insertSql(table: string, columns: CopyColumn[], rows: number): string {
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    tuples.push(`(${columns.map((c, i) => `$${r * columns.length + i + 1}::${c.type}`).join(', ')})`);
  }
  return `INSERT INTO "${table}" (${names}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`;
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

/** A row's key as the progress mark's text: JSON, with integers as decimal text (they may pass 2^53). */
function encodeKey(key: CopyColumn[], row: Record<string, unknown>): string {
  return JSON.stringify(
    key.map((k) => {
      const v = row[k.name];
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
