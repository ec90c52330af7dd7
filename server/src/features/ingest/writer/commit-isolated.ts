import type { IngestRow } from '../ingest-row.js';
import type { IngestStore, WriteResult } from './ingest-store.js';

/** One request's outcome of a group commit: its counts, or why its rows were not stored. */
export type CommitOutcome = { ok: true; result: WriteResult } | { ok: false; message: string };

const failed = (err: unknown): CommitOutcome => ({ ok: false, message: err instanceof Error ? err.message : String(err) });

/**
 * Commits the groups (one per request) in one transaction. If it fails, nothing of it was stored,
 * so each group is retried in its own transaction: one poisoned request fails alone and the
 * others are still stored, never twice.
 */
export function commitIsolated(store: IngestStore, groups: readonly IngestRow[][]): CommitOutcome[] {
  const alone = (rows: IngestRow[]): CommitOutcome => {
    try {
      return { ok: true, result: store.commit([rows])[0]! };
    } catch (err) {
      return failed(err);
    }
  };
  if (groups.length === 1) return [alone(groups[0]!)];
  try {
    return store.commit(groups).map((result) => ({ ok: true, result }));
  } catch {
    return groups.map(alone);
  }
}
