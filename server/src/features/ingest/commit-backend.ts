import { commitIsolated, type CommitOutcome } from './commit-isolated.js';
import type { IngestRow } from './ingest-row.js';
import type { IngestStore } from './ingest-store.js';

/**
 * Where the group-commit writer sends a batch: each request's outcome comes back once the batch is
 * durable. Either this thread (synchronously) or the writer thread (threaded-commit-backend.ts).
 */
export interface CommitBackend {
  commit(groups: IngestRow[][]): CommitOutcome[] | Promise<CommitOutcome[]>;
  /** Resolves once the backend can take commits; rejects if it cannot start. */
  readonly ready: Promise<void>;
  /** Called after the last commit: releases the thread and its connection. */
  close(): Promise<void>;
}

/** Commits on the calling thread: the in-memory database, tests of the writer's queueing, tools. */
export function inThreadCommitBackend(store: IngestStore): CommitBackend {
  return {
    commit: (groups) => commitIsolated(store, groups),
    ready: Promise.resolve(),
    close: async () => {},
  };
}
