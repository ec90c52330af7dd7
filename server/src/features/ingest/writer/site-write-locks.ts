import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { dialectOf } from '../../../db/sql-dialect.js';

/**
 * The key of a site's write lock (PostgreSQL's advisory locks take a bigint): the first 8 bytes of
 * SHA-256 over a namespaced site id, as a signed 64-bit integer. The same on every instance, Node
 * version and restart, which a lock shared by instances needs; the namespace keeps it apart from
 * the other advisory locks (the migrations', the partitions').
 */
export function siteLockKey(siteId: string): bigint {
  return advisoryLockKey(`loupe:site-writes:${siteId}`);
}

/** A transaction-scoped advisory lock's key for `name` (namespaced by the caller), as siteLockKey makes one. */
export function advisoryLockKey(name: string): bigint {
  return createHash('sha256').update(name).digest().readBigInt64BE(0);
}

/**
 * Takes a transaction-scoped advisory lock (pg_advisory_xact_lock) by key, waiting for it; released
 * when the transaction ends. Undefined on SQLite, where one writer holds the whole database.
 */
export function prepareAdvisoryXactLock(db: Database.Database): ((key: bigint) => void) | undefined {
  if (dialectOf(db) !== 'postgres') return undefined;
  const lock = db.prepare('SELECT pg_advisory_xact_lock(CAST(? AS bigint))');
  return (key) => {
    lock.run(key);
  };
}

/**
 * The distinct lock keys of `siteIds`, in ascending order. Every writer takes its locks in this one
 * order, so two commits that need some of the same sites wait for each other instead of
 * deadlocking; sorting the keys, not the ids, keeps that true when two ids share a key.
 */
export function siteLockKeys(siteIds: Iterable<string>): bigint[] {
  return [...new Set([...siteIds].map(siteLockKey))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Locks the sites' writes until the transaction ends (pg_advisory_xact_lock), in siteLockKeys
 * order: call it first in a transaction that reads then writes a site's derived rows. The
 * derivations read a row (a session, a sketch, a tier) and write it back changed; two instances
 * doing so at once would each write over the other's change, or deadlock on rows they touch in
 * different orders. Under the lock a site's commits follow each other, as on SQLite's one writer,
 * while other sites' commits proceed. Undefined on SQLite, where one writer holds the whole database.
 */
export function prepareSiteWriteLocks(db: Database.Database): ((siteIds: Iterable<string>) => void) | undefined {
  const lock = prepareAdvisoryXactLock(db);
  if (lock === undefined) return undefined;
  return (siteIds) => {
    for (const key of siteLockKeys(siteIds)) lock(key);
  };
}
