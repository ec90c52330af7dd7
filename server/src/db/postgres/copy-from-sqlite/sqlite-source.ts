import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { CopyColumn, TableCopy } from './copy-plan.js';

/** The source cannot be read as a Loupe SQLite database of this version. */
export class SourceError extends Error {}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The SQLite database to copy, opened read-only (SQLite itself refuses every write on the
 * connection) and read inside one transaction, so the whole copy and its verification see one
 * snapshot even if something else writes to the file meanwhile. Integers come as BigInt, so an id
 * past 2^53 keeps every digit.
 */
export function openSqliteSource(file: string, plan: TableCopy[]): Database.Database {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new SourceError(`no SQLite database at ${file}`);
  if (!stat.isFile()) throw new SourceError(`${file} is not a file`);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.defaultSafeIntegers(true);
    db.exec('BEGIN');
    const missing = missingColumns(db, plan);
    if (missing.length > 0) {
      throw new SourceError(
        `${file} lacks ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}: ` +
          'it is not a Loupe database, or an older one (migrate it first: npm run -s migrate -- --db <file>)',
      );
    }
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof SourceError) throw err;
    throw new SourceError(`cannot read ${file} as a SQLite database: ${(err as Error).message}`);
  }
}

function missingColumns(db: Database.Database, plan: TableCopy[]): string[] {
  const missing: string[] = [];
  for (const table of plan) {
    const have = new Set(
      (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table.name) as { name: string }[]).map((r) => r.name),
    );
    if (have.size === 0) missing.push(`the table ${table.name}`);
    else for (const c of table.columns) if (!have.has(c.name)) missing.push(`${table.name}.${c.name}`);
  }
  return missing;
}

/**
 * Which install the file is: a hash of its sites' ids (random) and creation times. A backup or a
 * copy of the file is the same install; two installs differ. Recorded in the target, so a rerun
 * resumes and another install's copy is refused.
 */
export function sourceIdentity(db: Database.Database): { identity: string; sites: number } {
  const rows = db.prepare('SELECT id, created_at FROM sites ORDER BY id').all() as { id: string; created_at: bigint }[];
  const hash = createHash('sha256');
  for (const r of rows) hash.update(`${r.id}\t${r.created_at}\n`);
  return { identity: `sites-sha256:${hash.digest('hex')}`, sites: rows.length };
}

/** SQLite's select list for the columns: jsonb's values are read as JSON text (SQLite may keep binary JSON there). */
export function sqliteSelectList(columns: CopyColumn[]): string {
  return columns
    .map((c) => (c.type === 'jsonb' ? `json(${quote(c.name)}) AS ${quote(c.name)}` : quote(c.name)))
    .join(', ');
}

/** Rows after `after` (the key's values, or none for the first chunk) in key order, at most `limit`. */
export function sqliteChunkQuery(db: Database.Database, table: TableCopy, withAfter: boolean): Database.Statement {
  const keys = table.key.map((k) => quote(k.name));
  const where = withAfter ? ` WHERE (${keys.join(', ')}) > (${keys.map(() => '?').join(', ')})` : '';
  return db.prepare(
    `SELECT ${sqliteSelectList(table.columns)} FROM ${quote(table.name)}${where} ORDER BY ${keys.join(', ')} LIMIT ?`,
  );
}

/** The highest id SQLite's AUTOINCREMENT has handed out for `table` (deleted rows' included), or 0. */
export function sqliteSequence(db: Database.Database, table: string): bigint {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'`).get();
  if (!exists) return 0n;
  const row = db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').get(table) as { seq: bigint } | undefined;
  return row?.seq ?? 0n;
}
