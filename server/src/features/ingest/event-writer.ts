import type { Db } from '../../db/open-database.js';
import { errors } from '../../errors/catalogue.js';
import type { IngestRow } from './ingest-row.js';
import { createIngestStore, type IngestStore, type WriteResult } from './ingest-store.js';

export interface EventWriterOptions {
  /** How long the first queued request waits for others to share its commit. */
  maxDelayMs: number;
  /**
   * Commit without waiting for `maxDelayMs` once this many rows are queued: on the next turn of
   * the event loop, together with everything queued by then. A single request is never split.
   */
  maxRows: number;
  /** Storage to commit to; defaults to the SQLite ingest store on `db`. */
  store?: IngestStore;
}

export interface EventWriter {
  /** Resolves with this request's own counts once its rows are committed (fsynced) to disk. */
  write(rows: IngestRow[]): Promise<WriteResult>;
  /** Commits whatever is queued, now. */
  flush(): void;
  /** Flushes, then refuses new writes (503). */
  close(): void;
  readonly queuedRows: number;
}

interface Pending {
  rows: IngestRow[];
  resolve(result: WriteResult): void;
  reject(err: unknown): void;
}

/**
 * Group commit: requests arriving within `maxDelayMs` of each other share one transaction, so the
 * fsync that makes an acknowledgement durable (WAL, synchronous=FULL) is paid per batch, not per
 * request. If the shared transaction fails, each request is retried in its own, so one poisoned
 * request fails alone and the others are still stored.
 *
 * Under backlog the whole queue goes into one transaction. Every queued request is already waiting
 * for a commit, and a commit's cost is mostly per commit, not per row: the fsync, the WAL pages of
 * shared index pages, and one upsert per distinct session and rollup key (plus the tier triggers).
 * Splitting N waiting requests into several sequential commits only makes the later ones wait for
 * the earlier ones; draining them at once finishes all of them sooner (the first one pays a few
 * µs per extra row, the rest save whole commits).
 */
export function createEventWriter(db: Db, opts: EventWriterOptions): EventWriter {
  const store = opts.store ?? createIngestStore(db);
  let queue: Pending[] = [];
  let queuedRows = 0;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let closed = false;

  const cancelTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    if (immediate !== undefined) clearImmediate(immediate);
    timer = undefined;
    immediate = undefined;
  };

  const commitAlone = (p: Pending) => {
    try {
      p.resolve(store.commit([p.rows])[0]!);
    } catch (err) {
      p.reject(err);
    }
  };

  function flush(): void {
    cancelTimer();
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    queuedRows = 0;
    if (batch.length === 1) return commitAlone(batch[0]!);
    let results: WriteResult[];
    try {
      results = store.commit(batch.map((p) => p.rows));
    } catch {
      // Nothing of the failed transaction was stored, so retrying each request cannot duplicate.
      batch.forEach(commitAlone);
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i]!));
  }

  return {
    write(rows) {
      if (closed) return Promise.reject(errors.shuttingDown());
      if (rows.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 });
      return new Promise<WriteResult>((resolve, reject) => {
        queue.push({ rows, resolve, reject });
        queuedRows += rows.length;
        if (immediate !== undefined) return;
        // setImmediate runs after this turn's I/O callbacks, so requests already read join the
        // commit; a maxDelayMs timer still pending is cancelled by flush().
        if (queuedRows >= opts.maxRows || opts.maxDelayMs === 0) immediate = setImmediate(flush);
        else timer ??= setTimeout(flush, opts.maxDelayMs);
      });
    },
    flush,
    close() {
      closed = true;
      flush();
    },
    get queuedRows() {
      return queuedRows;
    },
  };
}
