import { statSync } from 'node:fs';

interface Identity {
  dev: bigint;
  ino: bigint;
}

/** Watches that the files of one open connection are still the ones at their paths. */
export interface DatabaseFiles {
  /** Why the files at the paths are no longer the open ones, or undefined while they are. */
  check(): string | undefined;
}

const identityOf = (file: string): Identity | undefined => {
  const s = statSync(file, { bigint: true, throwIfNoEntry: false });
  return s && { dev: s.dev, ino: s.ino };
};

const same = (a: Identity, b: Identity | undefined) => b !== undefined && a.dev === b.dev && a.ino === b.ino;

/**
 * Deleting or replacing the database under a running server (rm, a restore by rename) goes
 * unnoticed by SQLite in WAL mode: the open connections keep writing into the unlinked files,
 * and every acknowledged event is lost with them. A write is only safe while the path still
 * names the file that was opened, so the writer checks before and after each commit (a few stat
 * calls) and /healthz checks on every call.
 *
 * Call right after opening the connection, whose file then exists. The WAL appears with the first
 * transaction and stays while any connection is open, so it is recorded when first seen.
 */
export function watchDatabaseFiles(dbPath: string): DatabaseFiles {
  if (dbPath === ':memory:') return { check: () => undefined };
  const wal = `${dbPath}-wal`;
  const db = identityOf(dbPath);
  let walId = identityOf(wal);
  return {
    check() {
      if (db === undefined) return `LOUPE_DB=${dbPath} was not there when it was opened`;
      if (!same(db, identityOf(dbPath)))
        return `the database file LOUPE_DB=${dbPath} was deleted or replaced while the server had it open`;
      if (walId === undefined) {
        walId = identityOf(wal);
        return undefined;
      }
      if (!same(walId, identityOf(wal)))
        return `the database's WAL file ${wal} was deleted or replaced while the server had it open`;
      return undefined;
    },
  };
}
