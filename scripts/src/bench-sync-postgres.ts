// CPU per query of the server's synchronous PostgreSQL connection (SyncPostgres, libpq in this
// thread) against better-sqlite3 on the same statements, on a throwaway PostgreSQL server:
// `npx tsx scripts/src/bench-sync-postgres.ts [calls]`. Reports process CPU (user + system) per
// call, this process only: PostgreSQL's own work is in its server processes. Short by design.
import Database from 'better-sqlite3';
import { SyncPostgres } from '@loupe/server/internal';
import { startPostgres } from '@loupe/server/testing/postgres';

interface Connection {
  exec(sql: string): unknown;
  prepare(sql: string): { get(...args: unknown[]): unknown; run(...args: unknown[]): unknown };
}

const calls = Number(process.argv[2] ?? 5000);
const ROWS = 1000;

function cpuMicrosPerCall(fn: (i: number) => void): number {
  for (let i = 0; i < 200; i++) fn(i);
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) fn(i);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

function measure(label: string, db: Connection): void {
  db.exec('CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT NOT NULL, n BIGINT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (id, name, n) VALUES (?, ?, ?)');
  for (let i = 0; i < ROWS; i++) insert.run(i, `name${i}`, i * 3);
  const select = db.prepare('SELECT id, name, n FROM t WHERE id = ?');
  const update = db.prepare('UPDATE t SET n = n + 1 WHERE id = ?');
  const get = cpuMicrosPerCall((i) => select.get(i % ROWS));
  const run = cpuMicrosPerCall((i) => update.run(i % ROWS));
  console.log(
    `${label.padEnd(16)} SELECT by key ${get.toFixed(1)} µs CPU/call   UPDATE by key ${run.toFixed(1)} µs CPU/call`,
  );
}

const server = await startPostgres();
try {
  measure('better-sqlite3', new Database(':memory:'));
  const pg = new SyncPostgres(server.url);
  try {
    measure('SyncPostgres', pg);
  } finally {
    pg.close();
  }
} finally {
  await server.stop();
}
