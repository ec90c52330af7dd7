import { parentPort, workerData } from 'node:worker_threads';
import { watchDatabaseFiles } from '../../../db/database-files.js';
import { openDatabase } from '../../../db/open-database.js';
import type { WriterThreadData } from './writer-thread-protocol.js';
import { serveCommits } from './serve-commits.js';

// The ingest writer's own thread and its own connection to the (already migrated) database. The
// commits' SQLite work, the WAL fsync and the automatic checkpoints run here, so they never block
// the event loop that parses, validates and answers requests, and the two share the 2 cores.
const { dbPath } = workerData as WriterThreadData;
const db = openDatabase(dbPath);
serveCommits(parentPort!, db, watchDatabaseFiles(dbPath));
