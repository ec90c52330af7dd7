import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchBody, EVENTS_PER_BATCH } from './bench/bench-events.js';
import { runHttp, type HttpResult } from './bench/bench-http.js';
import { EMPTY_ROUTE, serveForBench, type BenchServerInfo } from './bench/bench-server.js';
import { benchWriter } from './bench/bench-writer.js';
import { jsonFlag, writeBenchJson } from './bench/bench-report.js';
import { ingestSections } from './bench/ingest-sections.js';

// `npm run bench:ingest`: durable ingestion against an empty route on the same server, then the
// group-commit writer against raw better-sqlite3. Ratios matter, not absolute numbers (they depend
// on the machine); loopback only, bounded in time. BENCH_DURATION (s) and BENCH_CONNECTIONS tune it;
// BENCH_DEBUG=1 prints the first unexpected answers.

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARMUP = 2;
/** `--json <file>`: also write the figures for `npm run bench`. */
const JSON_FILE = jsonFlag();

async function startServer() {
  // The server gets its own process (its own core): autocannon in this one must not steal its CPU.
  // BENCH_PROFILE=<dir> writes a CPU profile of the server process there (open it in DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    stdio: 'inherit',
    execArgv: [...process.execArgv, ...profile],
  });
  const info = await new Promise<BenchServerInfo>((resolve, reject) => {
    child.once('message', (m) => resolve(m as BenchServerInfo));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    info,
    stop: () => new Promise<void>((r) => (child.once('exit', () => r()), child.disconnect())),
  };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  const server = await startServer();
  const { url, key } = server.info;
  const ingest = (durationSec: number) =>
    runHttp({ url: `${url}/v1/collect`, contentType: 'text/plain', body: () => benchBody(key), expectStatus: 202, durationSec, connections: CONNECTIONS });
  // Same body, parsed as JSON by Fastify's default parser, then ignored.
  const empty = (durationSec: number) =>
    runHttp({ url: `${url}${EMPTY_ROUTE}`, contentType: 'application/json', body: () => benchBody(key), expectStatus: 200, durationSec, connections: CONNECTIONS });

  console.log(`HTTP: ${CONNECTIONS} connections, ${DURATION} s per route after ${WARMUP} s warm-up, ${EVENTS_PER_BATCH} events per request`);
  await empty(WARMUP);
  await ingest(WARMUP);
  const base: HttpResult = await empty(DURATION);
  const durable: HttpResult = await ingest(DURATION);
  await server.stop();

  const row = (name: string, r: HttpResult, events: boolean) =>
    console.log(
      `  ${name.padEnd(22)} ${fmt(r.reqPerSec).padStart(8)} req/s ${(events ? fmt(r.reqPerSec * EVENTS_PER_BATCH) + ' events/s' : '').padStart(18)}` +
        `   p50 ${fmt(r.p50Ms, 1)} ms  p99 ${fmt(r.p99Ms, 1)} ms  (${r.total} requests, ${r.failures} failed)`,
    );
  row('empty POST route', base, false);
  row('POST /v1/collect', durable, true);
  const httpRatio = durable.reqPerSec / base.reqPerSec;
  console.log(`  ingest ÷ empty route:  ${fmt(httpRatio, 2)}   (target ≥ 0.70, acknowledgements fsynced)`);

  console.log('\nWriter: the same rows; raw inserts in one transaction vs the group-commit writer');
  const w = await benchWriter();
  const line = (name: string, v: number, note = '') => console.log(`  ${name.padEnd(40)} ${fmt(v).padStart(9)} rows/s${note}`);
  line('raw better-sqlite3, events only, 1 tx', w.raw, `  (${w.rows} rows, median of ${w.repeats})`);
  line('store: + sessions, responses, rollups, 1 tx', w.store);
  line('group-commit writer (the route\'s path)', w.writer);
  console.log(`  writer ÷ raw:          ${fmt(w.writer / w.raw, 2)}   (target ≥ 0.85)`);
  if (JSON_FILE) {
    const figures = { base, durable, writer: w, connections: CONNECTIONS, durationSec: DURATION, warmupSec: WARMUP, eventsPerBatch: EVENTS_PER_BATCH };
    writeBenchJson(JSON_FILE, ingestSections(figures));
  }
  if (base.failures + durable.failures > 0) {
    console.error('\nSome requests failed; the ratios above are not trustworthy.');
    process.exitCode = 1;
  }
}

if (process.argv.includes('--serve')) await serveForBench();
else await main();
