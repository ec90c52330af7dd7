import { Worker } from 'node:worker_threads';
import type { CommitOutcome } from './commit-isolated.js';
import type { BackendState, CommitBackend } from './commit-backend.js';
import { encodeRowGroups } from './ingest-row-codec.js';
import type { CpuReply, WriterThreadData, WriterThreadReply, WriterThreadRequest } from './writer-thread-protocol.js';

/**
 * The built server (dist/main.js) starts dist/<name>.js, its sibling (writer-thread, or
 * writer-process on PostgreSQL); a source checkout (tsx, vitest) starts writer-thread-dev.mjs:
 * that same built writer while it is up to date with the sources, else the TypeScript through tsx.
 */
export const writerEntry = (name: 'writer-thread' | 'writer-process') =>
  import.meta.url.endsWith('.ts')
    ? new URL('./writer-thread-dev.mjs', import.meta.url)
    : new URL(`./${name}.js`, import.meta.url);

type Answer = CommitOutcome[] | CpuReply | null;

interface Waiting {
  resolve(answer: Answer): void;
  reject(err: Error): void;
  /** The answer when no writer could start: the request refused as the storage's fault. */
  refused(err: Error): Answer;
}

/** Each of `groups` groups refused: the storage's fault, `err` the reason (for the log). */
const refusedGroups = (groups: number, err: Error): CommitOutcome[] =>
  Array.from({ length: groups }, () => ({ ok: false, message: err.message, fault: 'failing' }));

/**
 * Commits on a dedicated thread with its own connection (writer-thread.ts). If the thread dies,
 * the commits it had not answered are rejected (their requests get a 5xx and the widget retries;
 * nothing unacknowledged was promised) and a new thread starts.
 */
export interface ThreadedBackendOptions {
  /** Replaces the thread's script (tests make a thread die with it). */
  entry?: URL;
  /**
   * An unexpected end of the thread, and whether a new one is starting (ingest-writer-plugin.ts
   * logs it); `retryInMs` when it was a replacement that could not start (retryStartAfterMs).
   */
  onThreadExit?: (err: Error, restarting: boolean, retryInMs?: number) => void;
  /**
   * A replacement writer that ends before it is ready (the PostgreSQL writer process, refused its
   * connection) leaves the backend down instead of gone: every commit is refused as the storage's
   * fault (`failing`: 503 with Retry-After) until the first one this long after, which starts
   * another. Unset (SQLite's thread, which would fail to open its file again): gone.
   */
  retryStartAfterMs?: number;
}

export function threadedCommitBackend(dbPath: string, opts: ThreadedBackendOptions = {}): CommitBackend {
  const entry = opts.entry ?? writerEntry('writer-thread');
  const workerData: WriterThreadData = { dbPath };
  return writerCommitBackend((on) => {
    const t = new Worker(entry, { workerData });
    t.on('message', on.message);
    // An uncaught error ends the thread: its 'exit' always follows, and reports it. Reporting
    // at 'exit' alone tells each death once, and only when the thread is really gone.
    let thrown: Error | undefined;
    t.on('error', (err) => {
      thrown = err;
    });
    t.on('exit', (code) => on.exit(thrown ?? new Error(`the ingest writer thread exited (code ${code})`)));
    return { post: (request) => t.postMessage(request) };
  }, opts);
}

/** The main thread's end of one writer (a thread, or a process: process-commit-backend.ts). */
export interface WriterEndpoint {
  /** Sends a request; one sent before the writer said `ready` is answered after it. */
  post(request: WriterThreadRequest): void;
}

/** Starts a writer; `exit` is called once, when it is gone, whatever the cause. */
export type StartWriter = (on: { message(reply: WriterThreadReply): void; exit(err: Error): void }) => WriterEndpoint;

/**
 * The commit backend over writers that `startWriter` starts: requests numbered and answered by
 * number, and a writer that dies replaced (see ThreadedBackendOptions).
 */
export function writerCommitBackend(
  startWriter: StartWriter,
  opts: Pick<ThreadedBackendOptions, 'onThreadExit' | 'retryStartAfterMs'> = {},
): CommitBackend {
  const waiting = new Map<number, Waiting>();
  let seq = 0;
  let closing = false;
  let thread: WriterEndpoint;
  let exited: Promise<void>;
  let ready!: Promise<void>;
  /** Why there is no thread and none will start (it never opened the database, or it closed). */
  let gone: Error | undefined;
  let state: BackendState = 'starting';
  /** Whether a writer was ever ready: only a replacement's failed start leaves the backend down. */
  let wasEverReady = false;
  /** A replacement could not start (retryStartAfterMs): why, and when the next commit may try again. */
  let down: { err: Error; retryAt: number } | undefined;

  const fail = (from: WriterEndpoint, wasReady: boolean, err: Error) => {
    if (from !== thread) return;
    const retryAfterMs = opts.retryStartAfterMs;
    const isDown = !closing && !wasReady && wasEverReady && retryAfterMs !== undefined;
    for (const w of waiting.values()) {
      if (isDown) w.resolve(w.refused(err));
      else w.reject(err);
    }
    waiting.clear();
    // A thread that never opened the database would fail again: `ready` rejects instead.
    const restarting = !closing && wasReady;
    if (!closing) opts.onThreadExit?.(err, restarting, isDown ? retryAfterMs : undefined);
    if (restarting) {
      state = 'restarting';
      start();
    } else if (isDown) {
      state = 'restarting';
      down = { err, retryAt: Date.now() + retryAfterMs };
    } else {
      gone = err;
      state = 'gone';
    }
  };

  function start() {
    let isReady = false;
    let endpoint!: WriterEndpoint;
    let markExited!: () => void;
    exited = new Promise((r) => {
      markExited = r;
    });
    ready = new Promise((resolve, reject) => {
      endpoint = startWriter({
        message(m) {
          if (m.type === 'failed') return;
          if (m.type === 'ready') {
            isReady = true;
            wasEverReady = true;
            state = 'up';
            return resolve();
          }
          const w = waiting.get(m.seq);
          waiting.delete(m.seq);
          w?.resolve(m.type === 'cpu' ? m : m.outcomes);
        },
        exit(err) {
          markExited();
          reject(err);
          fail(endpoint, isReady, err);
        },
      });
    });
    thread = endpoint;
    ready.catch(() => {});
  }
  start();

  function send<T extends Answer>(
    request: (seq: number) => WriterThreadRequest,
    refused: (err: Error) => T,
  ): Promise<T> {
    if (gone) return Promise.reject(gone);
    if (down !== undefined) {
      // Refused at once, never left waiting for a writer; the first request after the pause starts one.
      if (Date.now() < down.retryAt) return Promise.resolve(refused(down.err));
      down = undefined;
      start();
    }
    return new Promise<T>((resolve, reject) => {
      seq += 1;
      waiting.set(seq, { resolve: resolve as Waiting['resolve'], reject, refused });
      thread.post(request(seq));
    });
  }

  const cpu = () =>
    send<CpuReply | null>(
      (n) => ({ type: 'cpu', seq: n }),
      () => null,
    );

  return {
    get ready() {
      return ready;
    },
    commit(groups) {
      return send<CommitOutcome[]>(
        (n) => ({ type: 'commit', seq: n, groups: encodeRowGroups(groups) }),
        (err) => refusedGroups(groups.length, err),
      );
    },
    async probe() {
      return (
        await send<CommitOutcome[]>(
          (n) => ({ type: 'probe', seq: n }),
          (err) => refusedGroups(1, err),
        )
      )[0]!;
    },
    async cpuMicros() {
      // Answered after the commits sent before it, so a measurement that ends with it covers them.
      return (await cpu())?.micros ?? undefined;
    },
    async osThreadId() {
      return (await cpu())?.thread ?? undefined;
    },
    get state() {
      return state;
    },
    async close() {
      closing = true;
      if (gone || down !== undefined) {
        state = 'gone';
        return;
      }
      thread.post({ type: 'close' });
      await exited;
      state = 'gone';
    },
  };
}
