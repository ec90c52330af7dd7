// The real writer thread's work (serveCommits) on a connection that may not grow the database,
// SQLite's own page limit standing for a full disk: every write that needs a new page fails with
// SQLITE_FULL, as on a disk with no space left. Once the file `<dbPath>.space` exists, the limit
// is lifted before the next message is handled: space is back.
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { openDatabase } = await tsImport('../../src/db/open-database.ts', import.meta.url);
const { watchDatabaseFiles } = await tsImport('../../src/db/database-files.ts', import.meta.url);
const { serveCommits } = await tsImport('../../src/features/ingest/writer/serve-commits.ts', import.meta.url);

const { dbPath } = workerData;
const db = openDatabase(dbPath);
db.$client.pragma(`max_page_count = ${db.$client.pragma('page_count', { simple: true })}`);
// Registered before serveCommits' listener, so it runs first for every message.
parentPort.on('message', () => {
  if (existsSync(`${dbPath}.space`)) db.$client.pragma('max_page_count = 1073741823');
});
serveCommits(parentPort, db, watchDatabaseFiles(dbPath));
