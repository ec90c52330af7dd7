// A writer thread that answers `ready` and then dies on its first commit without answering,
// unless the marker file `<dbPath>.died` exists (a previous thread of the same backend died):
// what the main thread sees when the real one crashes once. threaded-commit-backend.ts must
// reject that commit and hand the next ones to a new thread.
import { existsSync, writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { decodeRowGroups } = await tsImport('../../src/features/ingest/ingest-row-codec.ts', import.meta.url);

const marker = `${workerData.dbPath}.died`;
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (m) => {
  if (m.type === 'close') return parentPort.close();
  if (!existsSync(marker)) {
    writeFileSync(marker, '');
    process.exit(7);
  }
  parentPort.postMessage({ type: 'committed', seq: m.seq, outcomes: decodeRowGroups(m.groups).map((g) => ({ ok: true, result: { accepted: g.length, duplicates: 0 } })) });
});
