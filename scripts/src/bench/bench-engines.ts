import { fork, type ChildProcess } from 'node:child_process';
import { startPostgres } from '@loupe/server/testing/postgres';
import { benchBody, EVENTS_PER_BATCH, type IdFormat } from './bench-events.js';
import { runHttp, type HttpResult } from './bench-http.js';
import { type BenchServerInfo, PG_URL_ENV, SITE_ENV, type ServerCpu } from './bench-server.js';
import { serverCpu } from './open-loop-steps.js';
import { postgresCpuOf, type PostgresCpu } from './postgres-cpu.js';

// `npm run bench:ingest -- --db postgres`: POST /v1/collect, closed loop, on SQLite, on PostgreSQL
// served by one instance, and on the same PostgreSQL served by two instances (the connections split
// between them, one site), each on a fresh database; on PostgreSQL with the writer in its process
// (the default) and with LOUPE_WRITER_THREAD=false (the commit in the main thread). Besides the
// rates, CPU time per stored event: each server's main thread (HTTP, validation, and the commit
// when it runs there), its writer thread or process, and PostgreSQL's own processes
// (postgres-cpu.ts). Not pinned: the PostgreSQL processes need a core too, and there are only two.

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
    ...(results.some((r) => r.failedWith) ? { failedWith: results.flatMap((r) => r.failedWith ?? []).join('; ') } : {}),
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

/**
 * SQLite, then PostgreSQL with one and with two instances, with the writer process and with the
 * commit in the main thread; see the file comment.
 */
export async function benchEngines(o: EnginesOptions): Promise<EngineRun[]> {
  const runs: EngineRun[] = [];
  const sqlite = await startServer(o.entry, {});
  runs.push(await measure('SQLite, 1 instance', [sqlite], undefined, o));
  await sqlite.stop();

  const pg = await startPostgres({ database: 'bench' });
  try {
    const pgCpu = await postgresCpuOf(pg.url);
    for (const [writer, thread] of [
      ['writer process', 'true'],
      ['commit in the main thread', 'false'],
    ] as const) {
      const env = { LOUPE_WRITER_THREAD: thread };
      // A fresh database for each configuration.
      const url = async (instances: string) => {
        const name = `${writer} ${instances}`.replaceAll(' ', '_');
        await pg.createDatabase(name);
        return pg.urlOf(name);
      };
      const single = await startServer(o.entry, { ...env, [PG_URL_ENV]: await url('one') });
      runs.push(await measure(`PostgreSQL, 1 instance, ${writer}`, [single], pgCpu, o));
      await single.stop();

      const shared = await url('two');
      const first = await startServer(o.entry, { ...env, [PG_URL_ENV]: shared });
      const second = await startServer(o.entry, {
        ...env,
        [PG_URL_ENV]: shared,
        [SITE_ENV]: `${first.info.siteId}:${first.info.key}`,
      });
      runs.push(await measure(`PostgreSQL, 2 instances, ${writer}`, [first, second], pgCpu, o));
      await Promise.all([first.stop(), second.stop()]);
    }
  } finally {
    await pg.stop();
  }
  return runs;
}
