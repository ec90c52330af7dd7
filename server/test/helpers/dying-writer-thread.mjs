// A writer thread that answers `ready` and then dies on its first commit without answering,
// unless the marker file `<dbPath>.died` exists (a previous thread of the same backend died):
// what the main thread sees when the real one crashes once. threaded-commit-backend.ts must
// reject that commit and hand the next ones to a new thread.
import { existsSync, writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { decodeRowGroups } = await tsImport('../../src/features/ingest/writer/ingest-row-codec.ts', import.meta.url);

const marker = `${workerData.dbPath}.died`;
// A database named *unopenable* stands for one that can no longer be opened (disk gone, permissions
// changed): the thread that replaces the dead one fails before it is ready.
if (existsSync(marker) && workerData.dbPath.includes('unopenable'))
  throw new Error('SQLITE_CANTOPEN: unable to open database file');
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (m) => {
  if (m.type === 'close') return parentPort.close();
  if (!existsSync(marker)) {
    writeFileSync(marker, '');
    process.exit(7);
  }
  parentPort.postMessage({
    type: 'committed',
    seq: m.seq,
    outcomes: decodeRowGroups(m.groups).map((g) => ({ ok: true, result: { accepted: g.length, duplicates: 0 } })),
  });
});
