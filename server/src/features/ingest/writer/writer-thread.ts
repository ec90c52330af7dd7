import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../../db/open-database.js';
import { commitIsolated } from './commit-isolated.js';
import { decodeRowGroups } from './ingest-row-codec.js';
import { createIngestStore } from './ingest-store.js';
import type { WriterThreadData, WriterThreadReply, WriterThreadRequest } from './writer-thread-protocol.js';

// The ingest writer's own thread and its own connection to the (already migrated) database. The
// commits' SQLite work, the WAL fsync and the automatic checkpoints run here, so they never block
// the event loop that parses, validates and answers requests, and the two share the 2 cores.
const port = parentPort!;
const { dbPath } = workerData as WriterThreadData;
const db = openDatabase(dbPath);
const store = createIngestStore(db);

port.on('message', (m: WriterThreadRequest) => {
  if (m.type === 'close') {
    // Messages are handled in order, so every commit sent before this one is done.
    db.$client.close();
    port.close();
    return;
  }
  const reply: WriterThreadReply = { type: 'committed', seq: m.seq, outcomes: commitIsolated(store, decodeRowGroups(m.groups)) };
  port.postMessage(reply);
});

const ready: WriterThreadReply = { type: 'ready' };
port.postMessage(ready);
