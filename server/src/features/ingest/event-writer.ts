import type { Db } from '../../db/open-database.js';
import { errors } from '../../errors/catalogue.js';
import type { IngestRow } from './ingest-row.js';
import { createIngestStore, type IngestStore, type WriteResult } from './ingest-store.js';

export interface EventWriterOptions {
  /** How long the first queued request waits for others to share its commit. */
  maxDelayMs: number;
  /** Commit at once when this many rows are queued. A single request is never split. */
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
 */
export function createEventWriter(db: Db, opts: EventWriterOptions): EventWriter {
  const store = opts.store ?? createIngestStore(db);
  let queue: Pending[] = [];
  let queuedRows = 0;
  let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  let closed = false;

  const cancelTimer = () => {
    if (timer === undefined) return;
    if (opts.maxDelayMs > 0) clearTimeout(timer as NodeJS.Timeout);
    else clearImmediate(timer as NodeJS.Immediate);
    timer = undefined;
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
        if (queuedRows >= opts.maxRows) flush();
        else if (timer === undefined) {
          timer = opts.maxDelayMs > 0 ? setTimeout(flush, opts.maxDelayMs) : setImmediate(flush);
        }
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
