/**
 * Why the storage refused a write, as far as clients and operators need to know:
 * - `full`: no space left (SQLITE_FULL: the disk, or a size limit). Clears when space returns.
 * - `moved`: the database file or its WAL was deleted or replaced while the server had it open
 *   (database-files.ts). Writing on would only reach a file nobody will open again: the server
 *   refuses writes until it is restarted on the right file.
 * - `failing`: the disk or file system reports errors, or the file became read-only.
 */
export type StorageFault = 'full' | 'moved' | 'failing';

/** The fault behind a SQLite error, or undefined for errors that are the request's own. */
export function storageFaultOf(err: unknown): StorageFault | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL') return 'full';
  if (code === 'SQLITE_READONLY_DBMOVED') return 'moved';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) {
    return 'failing';
  }
  return undefined;
}
