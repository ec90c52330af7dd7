import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The database named by LOUPE_DB cannot be used. Its message is for the operator, complete on its
 * own: which file, what is wrong, what to do. The server prints it without a stack trace and exits.
 */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

const where = (file: string) => `Cannot use the database LOUPE_DB=${file}:`;
const WRITABLE =
  "Loupe writes the file, the -wal and -shm files next to it and their folder: give the server's user " +
  'write access to them, or point LOUPE_DB at a writable place.';

/** The first ancestor of `file` that exists and is not a folder: what blocks creating the folder. */
function blockingFile(file: string): string | undefined {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(dir)) return statSync(dir).isDirectory() ? undefined : dir;
  }
  return undefined;
}

/** Creating the database's folder failed (mkdir -p). */
export function folderError(file: string, err: NodeJS.ErrnoException): DatabaseOpenError {
  const blocker = blockingFile(file);
  if (blocker !== undefined || err.code === 'ENOTDIR' || err.code === 'EEXIST') {
    return new DatabaseOpenError(
      `${where(file)} ${blocker ?? 'a part of its folder path'} is a file, not a folder. Point LOUPE_DB at a ` +
        'file inside a folder, e.g. ./data/loupe.db.',
    );
  }
  return new DatabaseOpenError(
    `${where(file)} cannot create its folder ${path.dirname(file)} (${err.code ?? err.message}). Create the folder ` +
      `and give the server's user write access to it, or point LOUPE_DB elsewhere.`,
  );
}

/** The path exists and is a folder (SQLite would only say "unable to open database file"). */
export function isFolderError(file: string): DatabaseOpenError {
  return new DatabaseOpenError(
    `${where(file)} this is a folder. LOUPE_DB names the database file itself, e.g. ${path.join(file, 'loupe.db')}.`,
  );
}

/** SQLite refused the file: opening, setting it up, or the write probe (open-database.ts). */
export function sqliteOpenError(file: string, err: unknown): DatabaseOpenError {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  const is = (prefix: string) => typeof code === 'string' && code.startsWith(prefix);
  if (is('SQLITE_NOTADB')) {
    return new DatabaseOpenError(
      `${where(file)} the file is not a SQLite database (or it is encrypted). Point LOUPE_DB at Loupe's ` +
        'database, or at a path that does not exist yet to start a new one. The file was not changed.',
    );
  }
  if (is('SQLITE_CORRUPT')) {
    return new DatabaseOpenError(
      `${where(file)} the database is damaged (${message}). Restore it from a backup, or point LOUPE_DB at a new path.`,
    );
  }
  if (is('SQLITE_READONLY') || is('SQLITE_PERM')) {
    return new DatabaseOpenError(`${where(file)} it is read-only for this process. ${WRITABLE}`);
  }
  if (is('SQLITE_CANTOPEN') || is('SQLITE_IOERR')) {
    return new DatabaseOpenError(
      `${where(file)} SQLite cannot open it (${message}), often because it or its folder is read-only. ${WRITABLE}`,
    );
  }
  return new DatabaseOpenError(`${where(file)} ${message}${typeof code === 'string' ? ` (${code})` : ''}.`);
}
