import type { Db } from '../../../db/open-database.js';
import { errors } from '../../../errors/catalogue.js';
import { inThreadCommitBackend, type BackendState, type CommitBackend } from './commit-backend.js';
import type { StorageFault } from '../../../db/storage-fault.js';
import type { CommitOutcome } from './commit-isolated.js';
import type { IngestRow } from '../ingest-row.js';
import { createIngestStore, type IngestStore, type WriteResult } from './ingest-store.js';

export interface EventWriterOptions {
  /** How long the first queued request waits for others to share its commit. */
  maxDelayMs: number;
  /**
   * Commit without waiting for `maxDelayMs` once this many rows are queued: on the next turn of
   * the event loop, together with everything queued by then. A single request is never split.
   */
  maxRows: number;
  /**
   * Back-pressure: a request whose rows would take the rows waiting behind the commit in flight
   * past this is refused at once (503 + Retry-After; the widget retries), instead of the queue,
   * its memory and every request's wait growing without bound. Never refused when nothing waits.
   * It also bounds the largest commit, hence the longest wait for an acknowledgement. (Splitting a
   * backlog into maxRows-sized commits was measured instead: it cost 28 % of the writer's
   * throughput with random v4 ids, when a backlog is exactly when throughput matters.)
   */
  maxQueuedRows?: number;
  /** Where commits run; defaults to this thread, on `store` or the SQLite ingest store on `db`. */
  backend?: CommitBackend;
  store?: IngestStore;
  /** Called when the storage's state changes (ingest-writer-plugin.ts logs it). */
  onStorage?: (storage: StorageState) => void;
}

/**
 * Whether the last write reached the disk: `ok`, or the fault of the last one that did not
 * (storage-fault.ts). `full` and `failing` clear with the next write that succeeds, a request's
 * or a probe's; `moved` stays until the server restarts on the right file.
 */
export interface StorageState {
  state: 'ok' | StorageFault;
  /** What went wrong, for the log (it may hold paths: never sent to clients). */
  detail?: string;
  /** When the fault began (ms since epoch). */
  since?: number;
}

export interface EventWriter {
  /** Resolves with this request's own counts once its rows are committed (fsynced) to disk. */
  write(rows: IngestRow[]): Promise<WriteResult>;
  /** Commits whatever is queued, now (or as soon as the commit in flight is done). */
  flush(): void;
  /**
   * Resolves once every row queued before the call is committed or refused (never rejects), so a
   * deletion that sweeps again afterwards also removes what /v1/collect had accepted meanwhile.
   */
  settled(): Promise<void>;
  /** Refuses new writes (503), commits everything queued, then releases the backend. */
  close(): Promise<void>;
  /** Rows waiting for the next commit (not counting the commit in flight). */
  readonly queuedRows: number;
  /** Rows of the commit in flight. */
  readonly inFlightRows: number;
  /** The backend's state (its thread's, when it has one). */
  readonly backendState: BackendState;
  readonly storage: StorageState;
  /**
   * After a storage fault: a small write of the writer's own, to learn whether the storage takes
   * writes again without waiting for a request (at most one at a time; never while `moved`).
   */
  probeStorage(): Promise<StorageState>;
  /** The commit thread's CPU time so far, in µs; undefined when commits run on this thread. */
  writerCpuMicros(): Promise<number | undefined>;
  /** The commit thread's id in the kernel (benchmarks pin it by it); undefined when commits run on this thread. */
  writerThreadId(): Promise<number | undefined>;
}

/**
 * The queue cap is a fraction of a second of writing at measured rates (bench:ingest), so by then
 * it has drained; the widget adds its own backoff and jitter on top.
 */
export const BUSY_RETRY_AFTER_S = 2;

const noop = () => {};

interface Pending {
  rows: IngestRow[];
  resolve(result: WriteResult): void;
  reject(err: unknown): void;
}

/**
 * Group commit: requests arriving within `maxDelayMs` of each other share one transaction, so the
 * fsync that makes an acknowledgement durable (WAL, synchronous=FULL) is paid per batch, not per
 * request. If the shared transaction fails, each request is retried in its own, so one poisoned
 * request fails alone and the others are still stored (commit-isolated.ts).
 *
 * One commit is in flight at a time. Requests arriving meanwhile queue, and the whole queue goes
 * into the next transaction as soon as the one in flight is done: a commit's cost is mostly per
 * commit, not per row (the fsync, the WAL pages of shared index pages, one upsert per distinct
 * session, rollup key and tier row), so under load batches grow by themselves and
 * each row gets cheaper, instead of N waiting requests paying N sequential commits.
 */
export function createEventWriter(db: Db, opts: EventWriterOptions): EventWriter {
  const backend = opts.backend ?? inThreadCommitBackend(opts.store ?? createIngestStore(db));
  const maxQueuedRows = opts.maxQueuedRows ?? Infinity;
  let queue: Pending[] = [];
  /** settled() callers waiting for the queue as it is now: they go with it into the next commit. */
  let queueWaiters: (() => void)[] = [];
  let queuedRows = 0;
  let inFlightRows = 0;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let inFlight: Promise<void> | undefined;
  let closed = false;

  const cancelTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    if (immediate !== undefined) clearImmediate(immediate);
    timer = undefined;
    immediate = undefined;
  };

  let storage: StorageState = { state: 'ok' };
  let probing: Promise<StorageState> | undefined;

  /** Follows the storage's state from each outcome; a fault is the client's 503, anything else a 500. */
  function observe(o: CommitOutcome): void {
    if (storage.state === 'moved') return;
    const next: StorageState = o.ok
      ? { state: 'ok' }
      : o.fault
        ? { state: o.fault, detail: o.message, since: Date.now() }
        : storage;
    if (next.state === storage.state) return;
    storage = next;
    opts.onStorage?.(storage);
  }

  const failure = (o: Extract<CommitOutcome, { ok: false }>) =>
    o.fault === 'full'
      ? errors.storageFull()
      : o.fault
        ? errors.storageUnavailable()
        : o.contended
          ? errors.databaseBusy()
          : new Error(o.message);

  const settle = (batch: Pending[], outcomes: CommitOutcome[]) =>
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      observe(o);
      if (o.ok) p.resolve(o.result);
      else p.reject(failure(o));
    });

  function takeAll(): Pending[] {
    const batch = queue;
    queue = [];
    inFlightRows = queuedRows;
    queuedRows = 0;
    return batch;
  }

  function flush(): void {
    cancelTimer();
    if (inFlight !== undefined || queue.length === 0) return;
    const batch = takeAll();
    const waiters = queueWaiters;
    queueWaiters = [];
    const wake = () => {
      for (const w of waiters) w();
    };
    let outcomes: CommitOutcome[] | Promise<CommitOutcome[]>;
    try {
      outcomes = backend.commit(batch.map((p) => p.rows));
    } catch (err) {
      inFlightRows = 0;
      for (const p of batch) p.reject(err);
      wake();
      return;
    }
    if (Array.isArray(outcomes)) {
      inFlightRows = 0;
      settle(batch, outcomes);
      wake();
      return;
    }
    inFlight = outcomes
      .then(
        (o) => settle(batch, o),
        (err: unknown) => {
          for (const p of batch) p.reject(err);
        },
      )
      // Whatever queued while this commit ran is already late: it goes next, at once (and
      // becomes the new inFlight before this promise settles, which close() relies on).
      .finally(() => {
        inFlight = undefined;
        inFlightRows = 0;
        wake();
        flush();
      });
  }

  return {
    write(rows) {
      if (closed) return Promise.reject(errors.shuttingDown());
      // Files deleted or replaced under the server: nothing written now would ever be read.
      if (storage.state === 'moved') return Promise.reject(errors.storageUnavailable());
      if (rows.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 });
      if (queuedRows > 0 && queuedRows + rows.length > maxQueuedRows)
        return Promise.reject(errors.writerBusy(BUSY_RETRY_AFTER_S));
      return new Promise<WriteResult>((resolve, reject) => {
        queue.push({ rows, resolve, reject });
        queuedRows += rows.length;
        if (inFlight !== undefined || immediate !== undefined) return;
        // setImmediate runs after this turn's I/O callbacks, so requests already read join the
        // commit; a maxDelayMs timer still pending is cancelled by flush().
        if (queuedRows >= opts.maxRows || opts.maxDelayMs === 0) immediate = setImmediate(flush);
        else timer ??= setTimeout(flush, opts.maxDelayMs);
      });
    },
    flush,
    settled() {
      if (queue.length > 0) return new Promise<void>((resolve) => queueWaiters.push(resolve));
      if (inFlight !== undefined) return inFlight.then(noop, noop);
      return Promise.resolve();
    },
    async close() {
      closed = true;
      flush();
      while (inFlight !== undefined) await inFlight;
      await backend.close();
    },
    get queuedRows() {
      return queuedRows;
    },
    get inFlightRows() {
      return inFlightRows;
    },
    get backendState() {
      return backend.state;
    },
    get storage() {
      return storage;
    },
    writerCpuMicros: async () => backend.cpuMicros?.(),
    writerThreadId: async () => backend.osThreadId?.(),
    probeStorage() {
      if (storage.state === 'ok' || storage.state === 'moved' || closed) return Promise.resolve(storage);
      probing ??= (async () => {
        try {
          observe(await backend.probe());
        } catch {
          // The thread died or is gone: backendState says so; the storage state stays as it was.
        } finally {
          probing = undefined;
        }
        return storage;
      })();
      return probing;
    },
  };
}
