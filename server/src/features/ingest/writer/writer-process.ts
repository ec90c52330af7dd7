import type { Db } from '../../../db/open-database.js';
import { connectPostgresDatabase } from '../../../db/postgres/open-postgres-database.js';
import { createIngestStore } from './ingest-store.js';
import { postgresCommitBackend } from './postgres-commit-backend.js';
import { serveBackend } from './serve-commits.js';
import { WRITER_POSTGRES_URL_ENV, type WriterThreadReply, type WriterThreadRequest } from './writer-thread-protocol.js';

// The ingest writer on PostgreSQL: a child process of the server with its own connection to the
// (already migrated) database, where postgresCommitBackend runs the commits, their retries and
// reconnects, so the derivations' round trips never block the event loop. A process, not a worker
// thread: the `libpq` addon registers itself once per process (NODE_MODULE, not context-aware), and
// the main thread has loaded it for the reads. Ends when the server asks, or when its channel to
// the server closes (the server died): a commit it was running ends first, and is never answered.
const url = process.env[WRITER_POSTGRES_URL_ENV];
if (url === undefined || process.send === undefined) {
  throw new Error(`writer-process: start it with child_process.fork and ${WRITER_POSTGRES_URL_ENV}`);
}
const db = connect(url);
if (db !== undefined) serve(db);

/**
 * The writer's connection, or undefined when it cannot be opened (the database refuses it, a bad
 * URL): the server is told why, for its log (its 'exit' would say only "code 1"), and this process
 * ends once that message is out. The server refuses commits meanwhile (503) and tries again.
 */
function connect(url: string): Db | undefined {
  try {
    return connectPostgresDatabase(url, 'loupe-writer');
  } catch (err) {
    const failed: WriterThreadReply = { type: 'failed', message: (err as Error).message };
    process.send?.(failed, () => process.exit(1));
    return undefined;
  }
}

function serve(db: Db): void {
  // Ctrl-C signals the whole process group, and systemd stops a service by signalling its whole
  // cgroup: the server then shuts down in order (main.ts: it commits what is queued, then closes this
  // process), which needs this process until it is asked to end, not ended by the same signal.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => {});
  process.on('disconnect', () => {
    db.$client.close();
    process.exit(0);
  });
  serveBackend(
    {
      on: (_event, listener: (m: WriterThreadRequest) => void) => process.on('message', listener),
      postMessage: (reply: WriterThreadReply) => process.send?.(reply),
      close: () => process.disconnect(),
    },
    postgresCommitBackend(createIngestStore(db)),
    {
      // The whole process: all of it is the writer's work (its V8 helper threads included).
      cpuMicros: () => {
        const { user, system } = process.cpuUsage();
        return user + system;
      },
      threadId: () => process.pid,
      close: () => db.$client.close(),
    },
  );
}
