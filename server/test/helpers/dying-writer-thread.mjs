// A writer thread that answers `ready`, then dies on its first commit without answering: what the
// main thread sees when the real one crashes (threaded-commit-backend.ts must reject and restart).
import { parentPort, workerData } from 'node:worker_threads';

parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (m) => {
  if (m.type === 'close') return parentPort.close();
  if (workerData.dbPath.endsWith('die')) process.exit(7);
  parentPort.postMessage({ type: 'committed', seq: m.seq, outcomes: m.groups.map((g) => ({ ok: true, result: { accepted: g.length, duplicates: 0 } })) });
});
