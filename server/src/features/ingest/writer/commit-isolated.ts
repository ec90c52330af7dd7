import { storageFaultOf, type StorageFault } from '../../../db/storage-fault.js';
import type { DatabaseFiles } from '../../../db/database-files.js';
import type { IngestRow } from '../ingest-row.js';
import type { IngestStore, WriteResult } from './ingest-store.js';

/**
 * One request's outcome of a group commit: its counts, or why its rows were not stored (`fault`
 * when the storage, not the request, was the reason).
 */
export type CommitOutcome =
  | { ok: true; result: WriteResult }
  | {
      ok: false;
      message: string;
      fault?: StorageFault;
      /** Lost to other writers (PostgreSQL's deadlock or serialization failure, retried and lost again): 503. */
      contended?: boolean;
    };

const failed = (err: unknown): CommitOutcome => {
  const fault = storageFaultOf(err);
  const message = err instanceof Error ? err.message : String(err);
  return fault === undefined ? { ok: false, message } : { ok: false, message, fault };
};

/**
 * Commits the groups (one per request) in one transaction. If it fails, nothing of it was stored,
 * so each group is retried in its own transaction: one poisoned request fails alone and the
 * others are still stored, never twice. An error `rethrow` picks (another writer's conflict, which
 * the caller retries whole: postgres-commit-backend.ts) is thrown instead, from either attempt.
 */
export function commitIsolated(
  store: IngestStore,
  groups: readonly IngestRow[][],
  rethrow: (err: unknown) => boolean = () => false,
): CommitOutcome[] {
  const alone = (rows: IngestRow[]): CommitOutcome => {
    try {
      return { ok: true, result: store.commit([rows])[0]! };
    } catch (err) {
      if (rethrow(err)) throw err;
      return failed(err);
    }
  };
  if (groups.length === 1) return [alone(groups[0]!)];
  try {
    return store.commit(groups).map((result) => ({ ok: true, result }));
  } catch (err) {
    if (rethrow(err)) throw err;
    // The storage failed, not one request: each alone would only fail the same way, once per request.
    if (storageFaultOf(err) !== undefined) return groups.map(() => failed(err));
    return groups.map(alone);
  }
}

/**
 * commitIsolated, only while the database files are the ones opened (database-files.ts): not
 * at all when they were deleted or replaced before, and reported as failed when that happened
 * during the commit, since what it wrote went into a file nobody will open again.
 */
export function commitInPlace(
  store: IngestStore,
  files: DatabaseFiles,
  groups: readonly IngestRow[][],
): CommitOutcome[] {
  const moved = (message: string) => groups.map((): CommitOutcome => ({ ok: false, message, fault: 'moved' }));
  const before = files.check();
  if (before !== undefined) return moved(before);
  const outcomes = commitIsolated(store, groups);
  const after = files.check();
  return after === undefined ? outcomes : moved(after);
}

/** A one-row write of the writer's own, committed: whether the storage takes writes (again). */
export function probeInPlace(store: IngestStore, files: DatabaseFiles): CommitOutcome {
  const moved = files.check();
  if (moved !== undefined) return { ok: false, message: moved, fault: 'moved' };
  try {
    store.probe();
    return { ok: true, result: { accepted: 0, duplicates: 0 } };
  } catch (err) {
    return failed(err);
  }
}
