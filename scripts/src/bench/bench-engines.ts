import { fork, type ChildProcess } from 'node:child_process';
import { startPostgres } from '@loupe/server/testing/postgres';
import { benchBody, EVENTS_PER_BATCH, type IdFormat } from './bench-events.js';
import { runHttp, type HttpResult } from './bench-http.js';
import { type BenchServerInfo, PG_URL_ENV, SITE_ENV, type ServerCpu } from './bench-server.js';
import { serverCpu } from './open-loop-steps.js';
import { postgresCpuOf, type PostgresCpu } from './postgres-cpu.js';

// `npm run bench:ingest -- --db postgres`: POST /v1/collect, closed loop, on SQLite, on PostgreSQL
// served by one instance, and on the same PostgreSQL served by two instances (the connections split
// between them, one site), each on a fresh database. Besides the rates, CPU time per stored event:
// each server's main thread (HTTP, validation, and on PostgreSQL the commit itself, which runs
// there), SQLite's writer thread, and PostgreSQL's own processes (postgres-cpu.ts). Not pinned: the
// PostgreSQL processes need a core too, and there are only two.

export interface EngineRun {
  name: string;
  http: HttpResult;
  /** CPU µs per stored event. */
  cpu: { main: number; writer: number; node: number; postgres: number; total: number };
}

export interface EnginesOptions {
  /** The file that serves (`<entry> --serve`, bench-server.ts). */
  entry: string;
  durationSec: number;
  warmupSec: number;
  connections: number;
  ids: IdFormat;
}

interface Server {
  child: ChildProcess;
  info: BenchServerInfo;
  stop(): Promise<void>;
}

async function startServer(entry: string, env: Record<string, string>): Promise<Server> {
  // stdout ignored: each fresh database prints its first-login link there.
  const child = fork(entry, ['--serve'], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  const info = await new Promise<BenchServerInfo>((resolve, reject) => {
    child.once('message', (m) => resolve(m as BenchServerInfo));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const stop = () =>
    new Promise<void>((r) => {
      child.once('exit', () => r());
      child.disconnect();
    });
  return { child, info, stop };
}

/** Loads /v1/collect on every server at once, the connections split between them; CPU charged per event. */
async function measure(
  name: string,
  servers: Server[],
  pgCpu: PostgresCpu | undefined,
  o: EnginesOptions,
): Promise<EngineRun> {
  const load = (durationSec: number) =>
    Promise.all(
      servers.map((s) =>
        runHttp({
          url: `${s.info.url}/v1/collect`,
          contentType: 'text/plain',
          body: () => benchBody(s.info.key, o.ids),
          expectStatus: 202,
          durationSec,
          connections: Math.max(1, Math.round(o.connections / servers.length)),
        }),
      ),
    );
  await load(o.warmupSec);
  const cpuBefore = await Promise.all(servers.map((s) => serverCpu(s.child)));
  const pgBefore = pgCpu?.() ?? 0;
  const results = await load(o.durationSec);
  const pgUsed = (pgCpu?.() ?? 0) - pgBefore;
  const cpuAfter = await Promise.all(servers.map((s) => serverCpu(s.child)));
  const used = (pick: (c: ServerCpu) => number | undefined) =>
    cpuAfter.reduce((sum, c, i) => sum + ((pick(c) ?? 0) - (pick(cpuBefore[i]!) ?? 0)), 0);
  const http: HttpResult = {
    reqPerSec: results.reduce((n, r) => n + r.reqPerSec, 0),
    // Of two servers, the slower one's percentiles: what a client of either may see.
    p50Ms: Math.max(...results.map((r) => r.p50Ms)),
    p99Ms: Math.max(...results.map((r) => r.p99Ms)),
    total: results.reduce((n, r) => n + r.total, 0),
    failures: results.reduce((n, r) => n + r.failures, 0),
  };
  const events = Math.max(1, (http.total - http.failures) * EVENTS_PER_BATCH);
  const node = used((c) => c.process);
  return {
    name,
    http,
    cpu: {
      main: used((c) => c.main) / events,
      writer: used((c) => c.writer) / events,
      node: node / events,
      postgres: pgUsed / events,
      total: (node + pgUsed) / events,
    },
  };
}

/** SQLite, then PostgreSQL with one and with two instances; see the file comment. */
export async function benchEngines(o: EnginesOptions): Promise<EngineRun[]> {
  const runs: EngineRun[] = [];
  const sqlite = await startServer(o.entry, {});
  runs.push(await measure('SQLite, 1 instance', [sqlite], undefined, o));
  await sqlite.stop();

  const pg = await startPostgres({ database: 'bench_one' });
  try {
    await pg.createDatabase('bench_two');
    const pgCpu = await postgresCpuOf(pg.url);
    const one = await startServer(o.entry, { [PG_URL_ENV]: pg.url });
    runs.push(await measure('PostgreSQL, 1 instance', [one], pgCpu, o));
    await one.stop();

    const first = await startServer(o.entry, { [PG_URL_ENV]: pg.urlOf('bench_two') });
    const second = await startServer(o.entry, {
      [PG_URL_ENV]: pg.urlOf('bench_two'),
      [SITE_ENV]: `${first.info.siteId}:${first.info.key}`,
    });
    runs.push(await measure('PostgreSQL, 2 instances', [first, second], pgCpu, o));
    await Promise.all([first.stop(), second.stop()]);
  } finally {
    await pg.stop();
  }
  return runs;
}
