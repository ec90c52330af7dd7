import type { DatabaseFiles } from '../../../db/database-files.js';
import type { Db } from '../../../db/open-database.js';
import { osThreadId, threadCpuMicros } from '../../../lib/thread-cpu.js';
import { type CommitBackend, inThreadCommitBackend } from './commit-backend.js';
import { decodeRowGroups } from './ingest-row-codec.js';
import { createIngestStore } from './ingest-store.js';
import type { WriterThreadReply, WriterThreadRequest } from './writer-thread-protocol.js';

/** The writer's side of its channel to the main thread: a worker's parentPort, or a child process's IPC. */
export interface WriterPort {
  on(event: 'message', listener: (m: WriterThreadRequest) => void): unknown;
  postMessage(reply: WriterThreadReply): void;
  close(): void;
}

/**
 * The writer thread's work on its connection: answers the main thread's requests in order, then
 * says it is ready. Apart from writer-thread.ts (which opens the database) so a test thread can
 * serve commits on a connection it set up itself (a size limit standing for a full disk).
 */
export function serveCommits(port: WriterPort, db: Db, files: DatabaseFiles): void {
  serveBackend(port, inThreadCommitBackend(createIngestStore(db), files), {
    cpuMicros: threadCpuMicros,
    threadId: osThreadId,
    close: () => db.$client.close(),
  });
}

/**
 * Answers the main thread's requests with `backend`, which commits in this thread (SQLite's
 * commitInPlace, or PostgreSQL's retrying backend in the writer process), each request after the
 * one before it is answered: a commit that waits before a retry still ends before the next begins,
 * and `close` comes after every commit sent before it. A request that throws ends the thread (an
 * unhandled rejection): the main thread rejects what it had not answered and starts a new one.
 */
export function serveBackend(
  port: WriterPort,
  backend: CommitBackend,
  own: { cpuMicros(): number | undefined; threadId(): number | undefined; close(): void },
): void {
  let turn = Promise.resolve();
  const answer = async (m: WriterThreadRequest) => {
    if (m.type === 'close') {
      own.close();
      port.close();
      return;
    }
    if (m.type === 'cpu') {
      port.postMessage({ type: 'cpu', seq: m.seq, micros: own.cpuMicros() ?? null, thread: own.threadId() ?? null });
      return;
    }
    const outcomes = m.type === 'probe' ? [await backend.probe()] : await backend.commit(decodeRowGroups(m.groups));
    port.postMessage({ type: 'committed', seq: m.seq, outcomes });
  };
  port.on('message', (m) => {
    turn = turn.then(() => answer(m));
  });
  port.postMessage({ type: 'ready' });
}
