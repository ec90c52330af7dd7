import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type pg from 'pg';
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

/**
 * The sites of `siteIds` whose row is gone (deleted), read after their write locks are taken: a
 * commit drops their rows. With the lock, this makes a site's deletion exact across instances
 * (site-deleter.ts): once the deletion has committed, and then taken and released the site's lock
 * once, every commit that could still write the site has either finished (its rows are there for
 * the last sweep) or will read the site as gone and write nothing of it. Undefined on SQLite, where
 * the one writer is the deleter's own process, which waits for it.
 */
export function prepareDeletedSites(
  db: Database.Database,
): ((siteIds: ReadonlySet<string>) => Set<string>) | undefined {
  if (dialectOf(db) !== 'postgres') return undefined;
  // One round trip per commit whatever its number of sites (the list as one JSON parameter).
  const existing = db.prepare('SELECT id FROM sites WHERE id IN (SELECT value FROM json_each(?))').pluck();
  return (siteIds) => {
    const found = new Set(existing.all(JSON.stringify([...siteIds])) as string[]);
    return new Set([...siteIds].filter((id) => !found.has(id)));
  };
}

/**
 * Resolves once every commit that held the site's write lock when it was called has ended: the
 * lock taken and released at once (one autocommit statement, on the async pool, so the event loop
 * is free meanwhile). Called after the site's row is deleted, it fences the site's writes: see
 * prepareDeletedSites.
 */
export async function awaitSiteWrites(pool: Pick<pg.Pool, 'query'>, siteId: string): Promise<void> {
  await pool.query('SELECT pg_advisory_xact_lock($1::bigint)', [siteLockKey(siteId).toString()]);
}
