import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { collectBodySchema, type CollectBody } from '@loupe/shared';
import { buildApp, createSite, loadConfig } from '@loupe/server';
import {
  classifyUserAgent,
  collectBodyValidatorCompiler,
  prepareEvents,
  threadCpuMicros,
} from '@loupe/server/internal';
import { addPartRoutes } from './part-routes.js';

/** The server's CPU time so far, per thread, in µs (asked over IPC: `{ type: 'cpu' }`). */
export interface ServerCpu {
  type: 'cpu';
  /** The event loop's thread: HTTP, parsing, validation, scrubbing, the writer's queue. */
  main: number | undefined;
  /** The writer thread (on PostgreSQL, process): encoding aside, every commit's work and derivations. */
  writer: number | undefined;
  /** Every thread of the process (process.cpuUsage: user + system), and the writer process's when there is one. */
  process: number;
}

/**
 * Asks the server to start its CPU profiler (`{ type: 'profile-start', intervalUs }`) or to stop it
 * and answer with the profile (`{ type: 'profile', profile }`), so a profile covers exactly the
 * requests a benchmark measured (bench-ingest-cpu.ts).
 */
export type ProfileRequest = { type: 'profile-start'; intervalUs: number } | { type: 'profile-stop' };

/** What the server process tells the benchmark once it listens. */
export interface BenchServerInfo {
  url: string;
  key: string;
  siteId: string;
  /** The writer thread's id in the kernel (pin-cpus.ts places it), when commits run on a thread of their own. */
  writerThread?: number;
}

/**
 * Environment of a bench server on PostgreSQL (bench-engines.ts): BENCH_PG_URL, the database to
 * serve from; BENCH_SITE, `siteId:publicKey` of a site another instance already created there.
 */
export const PG_URL_ENV = 'BENCH_PG_URL';
export const SITE_ENV = 'BENCH_SITE';

export const EMPTY_ROUTE = '/bench/empty';
/**
 * A diagnostic, not a baseline: the same body validation (the envelope's fast path, else the shared
 * zod schema), per-event validation, scrubbing and User-Agent parsing as /v1/collect, then a 202
 * without storing anything. Its distance to the empty route is what validation costs. It sits
 * outside the ingest scope, so its distance to /v1/collect is storage plus that scope's checks
 * (CORS, rate limit, site lookup and origin, the response schema).
 */
export const NO_STORAGE_ROUTE = '/bench/no-storage';

/**
 * The real app (same config parsing, plugins and durable writer as production) plus an empty
 * POST route, the baseline: it pays Fastify's routing, JSON body parsing and reply, nothing else.
 */
export async function serveForBench(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-'));
  const loaded = loadConfig({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    LOUPE_DB: path.join(dir, 'bench.db'),
    LOUPE_LOG_LEVEL: 'silent',
    // One client IP and one key send everything: the limiter must count, never refuse.
    LOUPE_RATE_LIMIT_MAX: '1000000',
  });
  // As the tests do (createTestApp): the file's config, served from PostgreSQL instead.
  const pgUrl = process.env[PG_URL_ENV];
  const config = pgUrl ? { ...loaded, database: { kind: 'postgres' as const, url: pgUrl, poolSize: 1 } } : loaded;
  const app = await buildApp({ config, logger: false });
  app.post(EMPTY_ROUTE, async () => ({ ok: true }));
  const shared = process.env[SITE_ENV]?.split(':');
  const { publicKey, siteId } = shared
    ? { siteId: shared[0]!, publicKey: shared[1]! }
    : createSite(app.db, { name: 'Bench', origins: [] });
  app.post(
    NO_STORAGE_ROUTE,
    { schema: { body: collectBodySchema }, validatorCompiler: collectBodyValidatorCompiler },
    async (req, reply) => {
      const { events, sentAt } = req.body as CollectBody;
      const { rows, rejected } = prepareEvents(events, sentAt, {
        siteId,
        receivedAt: Date.now(),
        client: classifyUserAgent(req.headers['user-agent']),
      });
      return reply.code(202).send({ accepted: rows.length, duplicates: 0, rejected });
    },
  );
  addPartRoutes(app, siteId);
  await app.ready();
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const writerThread = config.database.kind === 'sqlite' ? await app.ingestWriter.writerThreadId() : undefined;
  const info: BenchServerInfo = {
    url,
    key: publicKey,
    siteId,
    ...(writerThread === undefined ? {} : { writerThread }),
  };
  process.send!(info);
  let profiler: Session | undefined;
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'profile-start' || m.type === 'profile-stop') {
      void profile(m as ProfileRequest);
      return;
    }
    if (m.type !== 'cpu') return;
    void app.ingestWriter.writerCpuMicros().then((writer) => {
      const { user, system } = process.cpuUsage();
      // On PostgreSQL the writer is a process of its own (process-commit-backend.ts), not a thread of this one.
      const writerProcess = config.database.kind === 'postgres' && config.writer.thread ? (writer ?? 0) : 0;
      const cpu: ServerCpu = { type: 'cpu', main: threadCpuMicros(), writer, process: user + system + writerProcess };
      process.send!(cpu);
    });
  });
  async function profile(m: ProfileRequest) {
    if (m.type === 'profile-start') {
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: m.intervalUs });
      await profiler.post('Profiler.start');
      process.send!({ type: 'profile-started' });
    } else {
      const { profile } = await profiler!.post('Profiler.stop');
      profiler!.disconnect();
      profiler = undefined;
      process.send!({ type: 'profile', profile });
    }
  }
  process.on('disconnect', () => {
    void app.close().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}
