import type { MessagePort } from 'node:worker_threads';
import type { DatabaseFiles } from '../../../db/database-files.js';
import type { Db } from '../../../db/open-database.js';
import { threadCpuMicros } from '../../../lib/thread-cpu.js';
import { commitInPlace, probeInPlace } from './commit-isolated.js';
import { decodeRowGroups } from './ingest-row-codec.js';
import { createIngestStore } from './ingest-store.js';
import type { WriterThreadReply, WriterThreadRequest } from './writer-thread-protocol.js';

/**
 * The writer thread's work on its connection: answers the main thread's requests in order, then
 * says it is ready. Apart from writer-thread.ts (which opens the database) so a test thread can
 * serve commits on a connection it set up itself (a size limit standing for a full disk).
 */
export function serveCommits(port: MessagePort, db: Db, files: DatabaseFiles): void {
  const store = createIngestStore(db);
  port.on('message', (m: WriterThreadRequest) => {
    if (m.type === 'close') {
      // Messages are handled in order, so every commit sent before this one is done.
      db.$client.close();
      port.close();
      return;
    }
    if (m.type === 'cpu') {
      const reply: WriterThreadReply = { type: 'cpu', seq: m.seq, micros: threadCpuMicros() ?? null };
      port.postMessage(reply);
      return;
    }
    const outcomes =
      m.type === 'probe' ? [probeInPlace(store, files)] : commitInPlace(store, files, decodeRowGroups(m.groups));
    const reply: WriterThreadReply = { type: 'committed', seq: m.seq, outcomes };
    port.postMessage(reply);
  });
  const ready: WriterThreadReply = { type: 'ready' };
  port.postMessage(ready);
}
