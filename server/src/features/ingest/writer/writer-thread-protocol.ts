import type { CommitOutcome } from './commit-isolated.js';
import type { EncodedGroups } from './ingest-row-codec.js';

/** What the writer thread is started with (worker_threads `workerData`). */
export interface WriterThreadData {
  dbPath: string;
}

/**
 * The environment variable that hands the PostgreSQL writer process its database URL
 * (process-commit-backend.ts): in the environment, not the command line, which any user can list.
 */
export const WRITER_POSTGRES_URL_ENV = 'LOUPE_WRITER_POSTGRES_URL';

/**
 * Main thread → writer thread: commit these groups (one per request) in one transaction. The
 * groups are flat (ingest-row-codec.ts): far cheaper to clone than the row objects.
 */
export interface CommitRequest {
  type: 'commit';
  seq: number;
  groups: EncodedGroups;
}

/** Main thread → writer thread: commit a write of its own, to learn whether space is back. */
export interface ProbeRequest {
  type: 'probe';
  seq: number;
}

/** Main thread → writer thread: how much CPU time has the thread used (measurements: bench:ingest)? */
export interface CpuRequest {
  type: 'cpu';
  seq: number;
}

/** Main thread → writer thread: close the database and end (sent after the last commit). */
export interface CloseRequest {
  type: 'close';
}

export type WriterThreadRequest = CommitRequest | ProbeRequest | CpuRequest | CloseRequest;

/** Writer thread → main thread: the outcome of each group of request `seq` (a probe: one), once durable. */
export interface CommitReply {
  type: 'committed';
  seq: number;
  outcomes: CommitOutcome[];
}

/** Writer thread → main thread: the database is open; commits can come. */
export interface ReadyReply {
  type: 'ready';
}

/**
 * Writer thread → main thread: its own CPU time so far (thread-cpu.ts; the writer process: all of
 * it), and its id in the kernel (the thread's tid; the writer process's pid), so a benchmark can
 * place it on a CPU; null where unknown.
 */
export interface CpuReply {
  type: 'cpu';
  seq: number;
  micros: number | null;
  thread: number | null;
}

/**
 * Writer process → server: it could not open its connection (the database refuses it, a bad URL)
 * and is about to exit; `message` says why, for the server's log (the process's own stderr is not it).
 */
export interface FailedReply {
  type: 'failed';
  message: string;
}

export type WriterThreadReply = CommitReply | CpuReply | ReadyReply | FailedReply;
