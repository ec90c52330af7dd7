/**
 * Why the storage refused a write, as far as clients and operators need to know:
 * - `full`: no space left (SQLITE_FULL: the disk, or a size limit). Clears when space returns.
 * - `moved`: the database file or its WAL was deleted or replaced while the server had it open
 *   (database-files.ts). Writing on would only reach a file nobody will open again: the server
 *   refuses writes until it is restarted on the right file.
 * - `failing`: the disk or file system reports errors, or the file became read-only; on PostgreSQL,
 *   the connection was lost (the server restarted or terminated it, a network cut) or the server
 *   refuses connections: the writer reconnects for the next commit.
 */
export type StorageFault = 'full' | 'moved' | 'failing';

/**
 * PostgreSQL's SQLSTATEs (db/postgres/postgres-error.ts names them `PG_<sqlstate>`) that are the
 * server's state, not the request's: class 08 (connection exception), 57P01–57P03 (terminated by
 * an administrator, crash shutdown, cannot connect now), 53300 (too many connections).
 */
const POSTGRES_FAILING = /^PG_(08...|57P0[123]|53300)$/;
/** disk_full: PostgreSQL could not extend a file. */
const POSTGRES_FULL = 'PG_53100';

/** The fault behind a SQLite or PostgreSQL error, or undefined for errors that are the request's own. */
export function storageFaultOf(err: unknown): StorageFault | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL' || code === POSTGRES_FULL) return 'full';
  if (POSTGRES_FAILING.test(code)) return 'failing';
  if (code === 'SQLITE_READONLY_DBMOVED') return 'moved';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) {
    return 'failing';
  }
  return undefined;
}
