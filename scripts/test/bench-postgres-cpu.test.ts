import { openPostgres } from '@loupe/server';
import { startPostgres, type PostgresServer } from '@loupe/server/testing/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresCpuOf } from '../src/bench/postgres-cpu.js';

// The PostgreSQL benchmarks charge PostgreSQL's own processes with the CPU a query costs them:
// a query that makes the server work must show up in their count, and nothing in this process's.
// A server of its own, not the run's shared one: the count is of every process of the server, so
// the other files' queries on a shared one would show up in it.

describe('postgresCpuOf', { timeout: 60_000 }, () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("counts the CPU of a query in PostgreSQL's processes", async () => {
    const cpu = await postgresCpuOf(server.url);
    const pool = openPostgres({ url: server.url, poolSize: 1, onIdleError: () => {} }).$client;
    try {
      await pool.query('SELECT 1');
      const before = cpu();
      expect(before).toBeGreaterThan(0);
      const ownBefore = process.cpuUsage();
      // Tens of milliseconds of work in the backend at least, well past /proc's 10 ms ticks.
      await pool.query('SELECT count(DISTINCT md5(i::text)) FROM generate_series(1, 400000) i');
      const own = process.cpuUsage(ownBefore);
      const used = cpu()! - before!;
      expect(used).toBeGreaterThan(own.user + own.system);
      expect(used).toBeGreaterThanOrEqual(20_000);
    } finally {
      await pool.end();
    }
  });
});
