import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { folderError, isFolderError, sqliteOpenError } from './database-open-error.js';
import * as schema from './schema/index.js';
import { registerTextFold } from './text-fold.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * A write that is rolled back: SQLite opens a file it may not write (permissions, a read-only
 * mount) read-only without a word, and WAL mode even lets it begin a write transaction, so
 * without this the server would start and then fail every write.
 */
const WRITE_PROBE = 'BEGIN IMMEDIATE; CREATE TABLE loupe_write_probe (x); ROLLBACK';

/** `cacheMb`: the connection's page cache in MiB (LOUPE_SQLITE_CACHE_MB); unset, SQLite's default (2 MiB). */
export interface OpenOptions {
  cacheMb?: number;
}

/**
 * WAL with synchronous=FULL: every committed transaction is fsynced before COMMIT returns, so an
 * acknowledged event survives kill -9 and power loss; group commit keeps that cost per batch, not
 * per event. Any reason the file cannot be used throws a DatabaseOpenError that names LOUPE_DB
 * and says what to do.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
    } catch (err) {
      throw folderError(file, err as NodeJS.ErrnoException);
    }
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw isFolderError(file);
  }
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('temp_store = MEMORY');
    // Negative: a size in KiB rather than in pages.
    if (options.cacheMb !== undefined) sqlite.pragma(`cache_size = ${-Math.round(options.cacheMb * 1024)}`);
    sqlite.exec(WRITE_PROBE);
    registerTextFold(sqlite);
  } catch (err) {
    if (sqlite?.inTransaction) sqlite.exec('ROLLBACK');
    sqlite?.close();
    throw sqliteOpenError(file, err);
  }
  return drizzle(sqlite, { schema }) as Db;
}
