import type pg from 'pg';
import type { TableCopy } from './copy-plan.js';

/** The target holds data that is not this source's: copying into it would mix two installs. */
export class TargetRefusedError extends Error {}

/**
 * The copy's own bookkeeping in the target, in a schema of its own (the server's tables are those
 * of db/schema-pg/ alone): which source the copy is of, and how far each table has come. Kept after
 * the copy: it is how a rerun knows the data is this source's.
 */
const BOOKKEEPING = `
CREATE SCHEMA IF NOT EXISTS loupe_copy;
CREATE TABLE IF NOT EXISTS loupe_copy.source (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  identity text NOT NULL,
  sites bigint NOT NULL,
  started_at bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS loupe_copy.progress (
  table_name text PRIMARY KEY,
  last_key text,
  rows bigint NOT NULL,
  done boolean NOT NULL
);`;

/** Key of the session lock one copy holds on its target: 0x4c6f757065 ("Loupe", the migrations' key) + 1. */
export const COPY_LOCK_KEY = 0x4c6f757066;

export interface TableProgress {
  lastKey: string | null;
  rows: number;
  done: boolean;
}

/** Takes the copy's lock on the target, or fails at once: two copies into one database would race. */
export async function lockTarget(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [COPY_LOCK_KEY]);
  if (!rows[0]?.ok) throw new TargetRefusedError('another migrate-data run is copying into this database');
}

/**
 * Makes the target this source's: a target that records this identity is resumed; one that
 * records another, or has rows in any table without a record, is refused. Answers whether the
 * copy resumes one begun before.
 */
export async function claimTarget(
  client: pg.Client,
  plan: TableCopy[],
  source: { identity: string; sites: number },
  now: number,
): Promise<{ resumed: boolean }> {
  await client.query(BOOKKEEPING);
  const recorded = (await client.query<{ identity: string }>('SELECT identity FROM loupe_copy.source')).rows[0];
  if (recorded) {
    if (recorded.identity === source.identity) return { resumed: true };
    throw new TargetRefusedError(
      'the target holds a copy of another Loupe database (its sites differ from this file’s); copy into an empty database',
    );
  }
  const occupied: string[] = [];
  for (const { name } of plan) {
    const { rows } = await client.query(`SELECT 1 FROM ${client.escapeIdentifier(name)} LIMIT 1`);
    if (rows.length > 0) occupied.push(name);
  }
  if (occupied.length > 0) {
    throw new TargetRefusedError(
      `the target already holds data that is not from this file (rows in ${occupied.slice(0, 5).join(', ')}` +
        `${occupied.length > 5 ? ` and ${occupied.length - 5} more tables` : ''}); copy into an empty database`,
    );
  }
  await client.query('INSERT INTO loupe_copy.source (identity, sites, started_at) VALUES ($1, $2, $3)', [
    source.identity,
    source.sites,
    now,
  ]);
  return { resumed: false };
}

/** How far each table's copy has come, by table name. */
export async function readProgress(client: pg.Client): Promise<Map<string, TableProgress>> {
  const { rows } = await client.query<{ table_name: string; last_key: string | null; rows: string; done: boolean }>(
    'SELECT table_name, last_key, rows, done FROM loupe_copy.progress',
  );
  return new Map(rows.map((r) => [r.table_name, { lastKey: r.last_key, rows: Number(r.rows), done: r.done }]));
}

/** Records a chunk's progress; runs inside the chunk's transaction, so rows and mark commit together. */
export async function markProgress(client: pg.Client, table: string, progress: TableProgress): Promise<void> {
  await client.query(
    `INSERT INTO loupe_copy.progress (table_name, last_key, rows, done) VALUES ($1, $2, $3, $4)
     ON CONFLICT (table_name) DO UPDATE SET last_key = EXCLUDED.last_key, rows = EXCLUDED.rows, done = EXCLUDED.done`,
    [table, progress.lastKey, progress.rows, progress.done],
  );
}
