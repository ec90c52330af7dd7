import { fork } from 'node:child_process';
import type { CommitBackend } from './commit-backend.js';
import { type ThreadedBackendOptions, writerCommitBackend, writerEntry } from './threaded-commit-backend.js';
import { WRITER_POSTGRES_URL_ENV, type WriterThreadReply, type WriterThreadRequest } from './writer-thread-protocol.js';

/**
 * How long after a writer process that could not start (PostgreSQL refused its connection) the
 * next commit starts another; commits in between are refused at once, 503 with Retry-After.
 */
export const RETRY_START_AFTER_MS = 1_000;

/**
 * The PostgreSQL writer: the same backend as SQLite's writer thread (threaded-commit-backend.ts:
 * requests answered in order, once committed; a writer that dies is replaced), with the writer in
 * a child process (writer-process.ts), the one place the `libpq` addon loads a second time. Its
 * messages are cloned as a worker's are (`serialization: 'advanced'`), at ~5 µs of this thread's
 * CPU per 10-event request against ~1.5 µs for a worker's, both small next to the commit's own cost.
 */
export function processCommitBackend(url: string, opts: ThreadedBackendOptions = {}): CommitBackend {
  const entry = opts.entry ?? writerEntry('writer-process');
  return writerCommitBackend(
    (on) => {
      const child = fork(entry, [], {
        serialization: 'advanced',
        // Not the server's own flags (an inspector port, a loader): the entry needs none.
        execArgv: [],
        env: { ...process.env, [WRITER_POSTGRES_URL_ENV]: url },
      });
      // A message sent before the process listens would be lost (IPC does not hold it as a worker's
      // port does): requests wait here until it says it is ready.
      let pending: WriterThreadRequest[] | undefined = [];
      /** Why it could not start, as it said before exiting. */
      let failed: Error | undefined;
      child.on('message', (m: WriterThreadReply) => {
        if (m.type === 'failed') {
          failed = new Error(`the ingest writer process could not connect: ${m.message.replace(/\s+/g, ' ').trim()}`);
          return;
        }
        if (m.type === 'ready' && pending !== undefined) {
          const held = pending;
          pending = undefined;
          for (const request of held) send(request);
        }
        on.message(m);
      });
      const send = (request: WriterThreadRequest) => {
        // A process that is gone fails the request through 'exit', which rejects everything unanswered.
        if (child.connected) child.send(request, () => {});
      };
      let ended = false;
      const end = (err: Error) => {
        if (ended) return;
        ended = true;
        on.exit(err);
      };
      let spawnError: Error | undefined;
      child.on('error', (err) => {
        spawnError ??= err;
        // Not started at all: no 'exit' may follow.
        if (child.pid === undefined) end(err);
      });
      child.on('exit', (code, signal) =>
        end(
          spawnError ??
            failed ??
            new Error(`the ingest writer process exited (${signal === null ? `code ${code}` : `signal ${signal}`})`),
        ),
      );
      return {
        post(request) {
          if (pending !== undefined) pending.push(request);
          else send(request);
        },
      };
    },
    { retryStartAfterMs: RETRY_START_AFTER_MS, ...opts },
  );
}
