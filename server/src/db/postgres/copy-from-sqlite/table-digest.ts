import { createHash, type Hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { canonicalValue } from './column-value.js';
import type { TableCopy } from './copy-plan.js';
import { sqliteSelectList } from './sqlite-source.js';

/** A table's row count and content digest, computed alike on both sides. */
export interface TableDigest {
  rows: number;
  /** SHA-256 over every row in key order, each row its values made canonical (column-value.ts) as a JSON array. */
  sha256: string;
}

/** Rows fetched per round trip from PostgreSQL's cursor. */
const FETCH_ROWS = 2_000;

function addRow(hash: Hash, table: TableCopy, row: Record<string, unknown>): void {
  hash.update(JSON.stringify(table.columns.map((c) => canonicalValue(c.type, row[c.name]))));
  hash.update('\n');
}

/** The source side, inside the source's read transaction. */
export function sqliteDigest(db: Database.Database, table: TableCopy): TableDigest {
  const hash = createHash('sha256');
  let rows = 0;
  const order = table.key.map((k) => `"${k.name}"`).join(', ');
  const select = db.prepare(`SELECT ${sqliteSelectList(table.columns)} FROM "${table.name}" ORDER BY ${order}`);
  for (const row of select.iterate() as IterableIterator<Record<string, unknown>>) {
    addRow(hash, table, row);
    rows++;
  }
  return { rows, sha256: hash.digest('hex') };
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
      const { rows: batch } = await client.query<Record<string, unknown>>(`FETCH ${FETCH_ROWS} FROM digest`);
      for (const row of batch) addRow(hash, table, row);
      rows += batch.length;
      if (batch.length < FETCH_ROWS) break;
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
  return { rows, sha256: hash.digest('hex') };
}
