import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { CommitOutcome } from './commit-isolated.js';
import type { BackendState, CommitBackend } from './commit-backend.js';
import { encodeRowGroups } from './ingest-row-codec.js';
import type { WriterThreadData, WriterThreadReply, WriterThreadRequest } from './writer-thread-protocol.js';

/**
 * The built server (dist/main.js) starts dist/writer-thread.js, its sibling; a source checkout
 * (tsx, vitest) starts writer-thread-dev.mjs: that same built thread while it is up to date with
 * the sources, else the TypeScript through tsx.
 */
const threadEntry = () =>
  import.meta.url.endsWith('.ts')
    ? new URL('./writer-thread-dev.mjs', import.meta.url)
    : new URL('./writer-thread.js', import.meta.url);

interface Waiting {
  resolve(answer: CommitOutcome[] | number | null): void;
  reject(err: Error): void;
}

/**
 * Commits on a dedicated thread with its own connection (writer-thread.ts). If the thread dies,
 * the commits it had not answered are rejected (their requests get a 5xx and the widget retries;
 * nothing unacknowledged was promised) and a new thread starts.
 */
export interface ThreadedBackendOptions {
  /** Replaces the thread's script (tests make a thread die with it). */
  entry?: URL;
  /** An unexpected end of the thread, and whether a new one is starting (ingest-writer-plugin.ts logs it). */
  onThreadExit?: (err: Error, restarting: boolean) => void;
}

export function threadedCommitBackend(dbPath: string, opts: ThreadedBackendOptions = {}): CommitBackend {
  const entry = opts.entry ?? threadEntry();
  const waiting = new Map<number, Waiting>();
  let seq = 0;
  let closing = false;
  let thread: Worker;
  let ready!: Promise<void>;
  /** Why there is no thread and none will start (it never opened the database, or it closed). */
  let gone: Error | undefined;
  let state: BackendState = 'starting';

  const fail = (from: Worker, wasReady: boolean, err: Error) => {
    if (from !== thread) return;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
    // A thread that never opened the database would fail again: `ready` rejects instead.
    const restarting = !closing && wasReady;
    if (!closing) opts.onThreadExit?.(err, restarting);
    if (restarting) {
      state = 'restarting';
      start();
    } else {
      gone = err;
      state = 'gone';
    }
  };

  function start() {
    const workerData: WriterThreadData = { dbPath };
    const t = new Worker(entry, { workerData });
    thread = t;
    let isReady = false;
    ready = new Promise((resolve, reject) => {
      t.on('message', (m: WriterThreadReply) => {
        if (m.type === 'ready') {
          isReady = true;
          state = 'up';
          return resolve();
        }
        const w = waiting.get(m.seq);
        waiting.delete(m.seq);
        w?.resolve(m.type === 'cpu' ? m.micros : m.outcomes);
      });
      // An uncaught error ends the thread: its 'exit' always follows, and reports it. Reporting
      // at 'exit' alone tells each death once, and only when the thread is really gone.
      let thrown: Error | undefined;
      t.on('error', (err) => {
        thrown = err;
      });
      t.on('exit', (code) => {
        const err = thrown ?? new Error(`the ingest writer thread exited (code ${code})`);
        reject(err);
        fail(t, isReady, err);
      });
    });
    ready.catch(() => {});
  }
  start();

  function send<T extends CommitOutcome[] | number | null>(request: (seq: number) => WriterThreadRequest): Promise<T> {
    if (gone) return Promise.reject(gone);
    return new Promise<T>((resolve, reject) => {
      seq += 1;
      waiting.set(seq, { resolve: resolve as Waiting['resolve'], reject });
      thread.postMessage(request(seq));
    });
  }

  return {
    get ready() {
      return ready;
    },
    commit(groups) {
      return send<CommitOutcome[]>((n) => ({ type: 'commit', seq: n, groups: encodeRowGroups(groups) }));
    },
    async probe() {
      return (await send<CommitOutcome[]>((n) => ({ type: 'probe', seq: n })))[0]!;
    },
    async cpuMicros() {
      // Answered after the commits sent before it, so a measurement that ends with it covers them.
      return (await send<number | null>((n) => ({ type: 'cpu', seq: n }))) ?? undefined;
    },
    get state() {
      return state;
    },
    async close() {
      closing = true;
      if (gone) return;
      const exited = once(thread, 'exit');
      const request: WriterThreadRequest = { type: 'close' };
      thread.postMessage(request);
      await exited;
      state = 'gone';
    },
  };
}
