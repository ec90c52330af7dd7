import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { canonicalValue } from './column-value.js';
import type { TableCopy } from './copy-plan.js';
import { sqliteChunkQuery } from './sqlite-source.js';

/** A table's row count and content digest, computed alike on both sides. */
export interface TableDigest {
  rows: number;
  /** SHA-256 over every row in key order, each row its values made canonical (column-value.ts) as a JSON array. */
  sha256: string;
}

/** Rows read per SQLite query and per fetch from PostgreSQL's cursor: one hash update each. */
const BATCH_ROWS = 20_000;

/** The rows (each its values in `table.columns` order) as the text the digest hashes. */
function batchText(table: TableCopy, rows: unknown[][]): string {
  let text = '';
  for (const row of rows) {
    text += `${JSON.stringify(table.columns.map((c, i) => canonicalValue(c.type, row[i])))}\n`;
  }
  return text;
}

/**
 * The source side, inside the source's read transaction: read in key-ordered batches (the copy's
 * own queries), as better-sqlite3's row-at-a-time iterate costs more per row than a batch. The
 * count is the table's own, not the batches': a row the key-ordered reads would pass over (a NULL
 * in a key column SQLite allowed) makes the counts differ instead of going unseen.
 */
export function sqliteDigest(db: Database.Database, table: TableCopy): TableDigest {
  const hash = createHash('sha256');
  const first = sqliteChunkQuery(db, table, false).raw(true);
  const next = sqliteChunkQuery(db, table, true).raw(true);
  const keyAt = table.key.map((k) => table.columns.indexOf(k));
  let after: unknown[] | null = null;
  for (;;) {
    const batch = (after ? next.all(...after, BATCH_ROWS) : first.all(BATCH_ROWS)) as unknown[][];
    hash.update(batchText(table, batch));
    if (batch.length < BATCH_ROWS) break;
    const last = batch[batch.length - 1]!;
    after = keyAt.map((i) => last[i]);
  }
  const rows = db.prepare(`SELECT count(*) FROM "${table.name}"`).pluck().get() as bigint;
  return { rows: Number(rows), sha256: hash.digest('hex') };
}

/**
 * The target side, through a cursor in one read-only snapshot. Text keys are ordered with the C
 * collation, which compares bytes as SQLite's BINARY does (the database's own collation may not);
 * JSON is read as the text PostgreSQL keeps; PostgreSQL-only columns (events' client_ts) are left out.
 */
export async function postgresDigest(client: pg.Client, table: TableCopy): Promise<TableDigest> {
  const hash = createHash('sha256');
  let rows = 0;
  const list = table.columns
    .map((c) => (c.type === 'json' || c.type === 'jsonb' ? `"${c.name}"::text AS "${c.name}"` : `"${c.name}"`))
    .join(', ');
  const order = table.key.map((k) => (k.type === 'text' ? `"${k.name}" COLLATE "C"` : `"${k.name}"`)).join(', ');
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await client.query(`DECLARE digest NO SCROLL CURSOR FOR SELECT ${list} FROM "${table.name}" ORDER BY ${order}`);
    for (;;) {
      const { rows: batch } = await client.query<unknown[]>({
        text: `FETCH ${BATCH_ROWS} FROM digest`,
        rowMode: 'array',
      });
      hash.update(batchText(table, batch));
      rows += batch.length;
      if (batch.length < BATCH_ROWS) break;
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
  return { rows, sha256: hash.digest('hex') };
}
