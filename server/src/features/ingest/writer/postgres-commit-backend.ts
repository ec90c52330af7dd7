import { setTimeout as sleep } from 'node:timers/promises';
import type { CommitBackend, BackendState } from './commit-backend.js';
import { commitIsolated, probeInPlace, type CommitOutcome } from './commit-isolated.js';
import type { IngestStore } from './ingest-store.js';

/** Whether `err` is a PostgreSQL error with one of `states` as its SQLSTATE. */
const sqlStateIn =
  (...states: string[]) =>
  (err: unknown): boolean => {
    const sqlState = (err as { sqlState?: unknown } | null)?.sqlState;
    return typeof sqlState === 'string' && states.includes(sqlState);
  };

/**
 * serialization_failure and deadlock_detected: PostgreSQL rolled the whole transaction back because
 * of another writer, and the same transaction run again can succeed. (The sites' write locks keep
 * the ingest commits of several instances from deadlocking each other; another writer of the same
 * rows, an admin's backfill or a deletion, still can.)
 */
export const isRetryableConflict = sqlStateIn('40001', '40P01');

/**
 * lock_not_available (the writer's lock_timeout, LOUPE_PG_WRITER_LOCK_TIMEOUT_MS) and
 * query_canceled (its statement_timeout): the commit waited too long on another connection or on
 * the server, and was rolled back. Not retried: the wait would only begin again, with the
 * requests' clients waiting behind it; they answer 503 + Retry-After and resend instead.
 */
export const isTimedOut = sqlStateIn('55P03', '57014');

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The n-th retry waits a random time up to baseDelayMs · 2^(n−1) ("full jitter"). */
  baseDelayMs: number;
}

/**
 * A few tries with jitter: two instances that collided and retried after the same delay would
 * collide again. Bounded, because a request waits for its commit: past the last try the client
 * gets 503 + Retry-After and resends (the same ids, stored once).
 */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 20 };

/**
 * Commits on this thread through the server's PostgreSQL connection (SyncPostgres), the whole group
 * commit retried when another writer made PostgreSQL roll it back (isRetryableConflict), with the
 * event loop free while it waits. Nothing of a rolled-back try was stored, and the retry runs every
 * derivation again from the rows as they are now, so the counts stay exact. A lost connection is
 * not retried here: whether its COMMIT landed is unknown, so the requests answer 503 and their
 * clients resend (duplicates by the events' key); the connection is made again for the next commit.
 */
export function postgresCommitBackend(store: IngestStore, retry: RetryPolicy = DEFAULT_RETRY): CommitBackend {
  let state: BackendState = 'up';
  return {
    async commit(groups) {
      for (let attempt = 1; ; attempt++) {
        try {
          // A timeout is thrown out of the whole commit too: each request alone would wait again.
          return commitIsolated(store, groups, (err) => isRetryableConflict(err) || isTimedOut(err));
        } catch (err) {
          if (!isRetryableConflict(err) && !isTimedOut(err)) throw err;
          if (isTimedOut(err) || attempt >= retry.attempts) {
            const message = err instanceof Error ? err.message : String(err);
            return groups.map((): CommitOutcome => ({ ok: false, message, contended: true }));
          }
          await sleep(Math.random() * retry.baseDelayMs * 2 ** (attempt - 1));
        }
      }
    },
    // A PostgreSQL server has no database file to watch (database-files.ts is SQLite's).
    probe: () => probeInPlace(store, { check: () => undefined }),
    ready: Promise.resolve(),
    close: async () => {
      state = 'gone';
    },
    get state() {
      return state;
    },
  };
}
