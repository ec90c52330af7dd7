import type { DatabaseFiles } from '../../../db/database-files.js';
import { commitInPlace, probeInPlace, type CommitOutcome } from './commit-isolated.js';
import type { IngestRow } from '../ingest-row.js';
import type { IngestStore } from './ingest-store.js';

/**
 * `up`: commits are taken. `starting`/`restarting`: a (new) thread is opening the database; commits
 * sent meanwhile wait for it. `gone`: no thread and none coming (it could not open the database,
 * or the backend closed); every commit fails.
 */
export type BackendState = 'starting' | 'up' | 'restarting' | 'gone';

/**
 * Where the group-commit writer sends a batch: each request's outcome comes back once the batch is
 * durable. Either this thread (synchronously) or the writer thread (threaded-commit-backend.ts).
 */
export interface CommitBackend {
  /** Refused, every group, when the database files are no longer the ones opened (commitInPlace). */
  commit(groups: IngestRow[][]): CommitOutcome[] | Promise<CommitOutcome[]>;
  /** One small write of the writer's own (probeInPlace): does the storage take writes again? */
  probe(): CommitOutcome | Promise<CommitOutcome>;
  /**
   * CPU time its thread has used, in microseconds (measurements: bench:ingest charges each thread
   * its own work); undefined when the commits run on the caller's thread, or the OS does not say.
   */
  cpuMicros?(): Promise<number | undefined>;
  /** Its thread's id in the kernel (a writer process: its pid), to pin it (benchmarks); see cpuMicros. */
  osThreadId?(): Promise<number | undefined>;
  /** Resolves once the backend can take commits; rejects if it cannot start. */
  readonly ready: Promise<void>;
  /** Called after the last commit: releases the thread and its connection. */
  close(): Promise<void>;
  readonly state: BackendState;
}

/**
 * Commits on the calling thread: the in-memory database, LOUPE_WRITER_THREAD=false, tests of the
 * writer's queueing, tools. `files` watches the connection `store` writes with.
 */
export function inThreadCommitBackend(
  store: IngestStore,
  files: DatabaseFiles = { check: () => undefined },
): CommitBackend {
  let state: BackendState = 'up';
  return {
    commit: (groups) => commitInPlace(store, files, groups),
    probe: () => probeInPlace(store, files),
    ready: Promise.resolve(),
    close: async () => {
      state = 'gone';
    },
    get state() {
      return state;
    },
  };
}
