import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchBatchBody, benchBody, EVENTS_PER_BATCH, ID_FORMATS, type IdFormat } from './bench/bench-events.js';
import { runHttp, type HttpResult } from './bench/bench-http.js';
import { EMPTY_ROUTE, NO_STORAGE_ROUTE, serveForBench, type BenchServerInfo } from './bench/bench-server.js';
import { benchCodec, type CodecResult } from './bench/bench-codec.js';
import { benchWriter, type WriterResult } from './bench/bench-writer.js';
import { benchDerivations, type DerivationsResult } from './bench/bench-derivations.js';
import { benchEngines, type EngineRun } from './bench/bench-engines.js';
import { jsonFlag, writeBenchJson } from './bench/bench-report.js';
import { ingestSections, type HttpPair, type OpenLoopFigures } from './bench/ingest-sections.js';
import { runLadder } from './bench/open-loop-steps.js';
import { pinApart, type Pinning } from './bench/pin-cpus.js';
import { benchPrepare } from './bench/bench-prepare.js';
import { drawBatchSize, WIDGET_BATCH_SIZES } from './bench/widget-batch-sizes.js';

// `npm run bench:ingest`: durable ingestion against an empty route on the same server, closed loop
// (autocannon's connections, each waiting for its answer) and open loop (requests on a fixed
// schedule from hundreds of connections, the widget's measured batch sizes, the rate stepped up
// until p99 passes 100 ms or a request fails), with each server thread's CPU time per event; the
// cost of each step before the writer (validation, scrubbing, User-Agent) per event; then the
// group-commit writer against raw better-sqlite3, each with v4 event ids (what the widget sends
// today) and with time-ordered v7 ids, then the writer thread's codec against cloning the rows.
// Ratios matter, not absolute numbers (they depend on the machine and its load); loopback only,
// bounded in time. The generator and the server are pinned to different CPUs (pin-cpus.ts;
// BENCH_PIN=split puts the server's writer thread beside the generator, BENCH_PIN=0 pins nothing).
// BENCH_DURATION (s), BENCH_CONNECTIONS and BENCH_IDS (v4, v7 or v4,v7) tune the closed loop;
// BENCH_OPEN_CONNECTIONS, BENCH_OPEN_STEP_SEC, BENCH_OPEN_START (req/s) and BENCH_OPEN_STEPS the
// open loop (BENCH_OPEN_LOOP=0 skips it); BENCH_DEBUG=1 prints the first unexpected answers.
// `--db postgres` measures /v1/collect on SQLite and on PostgreSQL (one and two instances, writer
// process and commit in the main thread) instead (bench-engines.ts), with the closed loop's settings.

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARMUP = 2;
const IDS = (process.env.BENCH_IDS?.split(',') ?? ID_FORMATS).filter((f): f is IdFormat =>
  ID_FORMATS.includes(f as IdFormat),
);
const OPEN_LOOP = process.env.BENCH_OPEN_LOOP !== '0';
const OPEN_CONNECTIONS = Number(process.env.BENCH_OPEN_CONNECTIONS ?? 256);
const OPEN_STEP_SEC = Number(process.env.BENCH_OPEN_STEP_SEC ?? 4);
const OPEN_START = Number(process.env.BENCH_OPEN_START ?? 50);
const OPEN_STEPS = Number(process.env.BENCH_OPEN_STEPS ?? 16);
/** `--json <file>`: also write the figures for `npm run bench`. */
const JSON_FILE = jsonFlag();
const DB_FLAG = process.argv.indexOf('--db');
const ON_POSTGRES = DB_FLAG > 0 && process.argv[DB_FLAG + 1] === 'postgres';

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
    child,
    stop: () =>
      new Promise<void>((r) => {
        child.once('exit', () => r());
        child.disconnect();
      }),
  };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

let pinning: Pinning = { pinned: false, description: 'not pinned' };

/** One fresh server (empty database) per id format, so neither run inherits the other's rows. */
async function benchHttp(ids: IdFormat): Promise<HttpPair> {
  const server = await startServer();
  pinning = pinApart(server.child.pid!, server.info.writerThread);
  const { url, key } = server.info;
  const run = (route: string, contentType: string, expectStatus: number) => (durationSec: number) =>
    runHttp({
      url: `${url}${route}`,
      contentType,
      body: () => benchBody(key, ids),
      expectStatus,
      durationSec,
      connections: CONNECTIONS,
    });
  const ingest = run('/v1/collect', 'text/plain', 202);
  // Same body, parsed as JSON by Fastify's default parser, then ignored.
  const empty = run(EMPTY_ROUTE, 'application/json', 200);
  const noStorage = run(NO_STORAGE_ROUTE, 'application/json', 202);
  await empty(WARMUP);
  await noStorage(WARMUP);
  await ingest(WARMUP);
  const base = await empty(DURATION);
  const validateOnly = await noStorage(DURATION);
  const durable = await ingest(DURATION);
  await server.stop();
  return { ids, base, validateOnly, durable };
}

const httpRow = (name: string, r: HttpResult, events: boolean) =>
  console.log(
    `  ${name.padEnd(26)} ${fmt(r.reqPerSec).padStart(8)} req/s ${(events ? `${fmt(r.reqPerSec * EVENTS_PER_BATCH)} events/s` : '').padStart(18)}` +
      `   p50 ${fmt(r.p50Ms, 1)} ms  p99 ${fmt(r.p99Ms, 1)} ms  (${r.total} requests, ${r.failures} failed${r.failedWith ? `: ${r.failedWith}` : ''})`,
  );

/**
 * The open loop on one fresh server: the empty route, validation only, then /v1/collect, each
 * stepped up from the same start with bodies of the widget's measured sizes (v4 ids).
 */
async function benchOpenLoop(): Promise<Omit<OpenLoopFigures, 'prepare'>> {
  const server = await startServer();
  pinning = pinApart(server.child.pid!, server.info.writerThread);
  const { url, key } = server.info;
  const body = () => {
    const size = drawBatchSize(Math.random());
    return { text: benchBatchBody(key, size), events: size };
  };
  const ladder = (route: string, path: string, contentType: string, expectStatus: number) =>
    runLadder(route, {
      server: server.child,
      origin: url,
      path,
      contentType,
      expectStatus,
      body,
      connections: OPEN_CONNECTIONS,
      startRate: OPEN_START,
      stepSec: OPEN_STEP_SEC,
      maxSteps: OPEN_STEPS,
    });
  // Warm every route's code first, as the closed loop does.
  for (const [p, t, s] of [
    [EMPTY_ROUTE, 'application/json', 200],
    [NO_STORAGE_ROUTE, 'application/json', 202],
    ['/v1/collect', 'text/plain', 202],
  ] as const)
    await runHttp({
      url: `${url}${p}`,
      contentType: t,
      body: () => body().text,
      expectStatus: s,
      durationSec: WARMUP,
      connections: 16,
    });
  const empty = await ladder('empty', EMPTY_ROUTE, 'application/json', 200);
  const validateOnly = await ladder('validation', NO_STORAGE_ROUTE, 'application/json', 202);
  const collect = await ladder('collect', '/v1/collect', 'text/plain', 202);
  await server.stop();
  return {
    empty,
    validateOnly,
    collect,
    connections: OPEN_CONNECTIONS,
    stepSec: OPEN_STEP_SEC,
    pinning: pinning.description,
    batchSizes: WIDGET_BATCH_SIZES,
  };
}

function printOpenLoop(f: OpenLoopFigures) {
  const held = (name: string, l: OpenLoopFigures['empty']) => {
    const h = l.held;
    const cpu = (h ?? l.steps[0])?.cpu;
    console.log(
      `  ${name.padEnd(26)} ${h ? `${fmt(h.rate).padStart(6)} req/s held (${fmt(h.events / OPEN_STEP_SEC)} events/s), p99 ${fmt(h.p99Ms, 1)} ms` : 'not even the first step held'}` +
        (l.ceilingFound ? '' : ' (ran out of steps before a rate failed: a lower bound)') +
        (cpu
          ? `;  CPU µs/event: main ${fmt(cpu.mainPerEvent, 1)}, writer ${fmt(cpu.writerPerEvent, 1)}, all threads ${fmt(cpu.processPerEvent, 1)}; main µs/request ${fmt(cpu.mainPerRequest, 0)}`
          : ''),
    );
  };
  held('empty POST route', f.empty);
  held('validation, no storage', f.validateOnly);
  held('POST /v1/collect', f.collect);
  const rate = (l: OpenLoopFigures['empty']) => l.held?.rate ?? 0;
  console.log(
    `    collect ÷ empty (highest rate held):      ${fmt(rate(f.collect) / rate(f.empty), 2)}   (target ≥ 0.5)`,
  );
  console.log(
    `    validation ÷ empty (highest rate held):   ${fmt(rate(f.validateOnly) / rate(f.empty), 2)}   (target ≥ 0.85)`,
  );
  const p = f.prepare;
  console.log(
    `  before the writer, CPU µs per event (in process, ${p.events} events): validate ${fmt(p.validate, 2)} (zod alone ${fmt(p.validateZod, 2)}), validate + scrub ${fmt(p.validateScrub, 2)}, the walk over a parsed event ${fmt(p.scrub, 2)} (the shared walk: ${fmt(p.scrubShared, 2)}), User-Agent ${fmt(p.userAgent, 2)}, row ${fmt(p.row, 2)}; all (prepareEvents) ${fmt(p.prepare, 2)}`,
  );
  const emptyReq = (f.empty.held ?? f.empty.steps[0])?.cpu?.mainPerRequest;
  if (emptyReq)
    console.log(
      `    prepareEvents per event ÷ an empty request's main-thread CPU: ${fmt(p.prepare / emptyReq, 3)}   (target ≤ 0.33)`,
    );
}

function printWriter(w: WriterResult) {
  const line = (name: string, v: number, note = '') =>
    console.log(`  ${name.padEnd(62)} ${fmt(v).padStart(9)} rows/s${note}`);
  console.log(`  ${w.ids} ids, ${w.rows} event rows, median of ${w.repeats} runs:`);
  line('raw better-sqlite3: events only, 1 tx', w.raw);
  line('raw better-sqlite3: events + the same derived rows, 1 tx', w.rawSameWork);
  line('store: events + derivations computed, 1 tx', w.store);
  line("group-commit writer (the route's path, all requests at once)", w.writer);
  console.log(`    writer ÷ raw events only:  ${fmt(w.writer / w.raw, 2)}   (target ≥ 0.85)`);
  console.log(`    writer ÷ raw same work:    ${fmt(w.writer / w.rawSameWork, 2)}   (like for like)`);
}

function printDerivations(d: DerivationsResult) {
  console.log(
    `  ${d.ids} ids, ${d.rows} event rows in ${d.commits} commits: ${fmt(d.totalPerEvent, 1)} µs per event in all`,
  );
  for (const p of d.parts)
    console.log(`  ${fmt(p.perEvent, 2).padStart(8)} µs/event ${fmt(p.share * 100, 1).padStart(5)} %  ${p.name}`);
}

function printCodec(c: CodecResult) {
  const line = (name: string, ms: number) => console.log(`  ${name.padEnd(40)} ${fmt(ms, 3).padStart(8)} ms`);
  console.log(`  ${c.rows} rows, median of ${c.repeats} runs:`);
  line('structured clone of the rows', c.cloneRows);
  line('encode', c.encode);
  line('structured clone of the encoding', c.cloneEncoded);
  line('decode', c.decode);
  const crossing = (c.encode + c.cloneEncoded + c.decode) / c.cloneRows;
  console.log(`    encode + clone + decode ÷ clone of the rows:  ${fmt(crossing, 2)}   (target ≤ 0.5)`);
  console.log(
    `    encode ÷ clone: ${fmt(c.encode / c.cloneRows, 3)}   decode ÷ clone: ${fmt(c.decode / c.cloneRows, 3)}`,
  );
  console.log(`    serialized bytes, encoding ÷ rows:            ${fmt(c.encodedBytes / c.rowBytes, 2)}`);
}

function printEngines(runs: EngineRun[]) {
  console.log(
    `  ${'POST /v1/collect'.padEnd(52)} ${'req/s'.padStart(7)} ${'events/s'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}   CPU µs per event: ${['main', 'writer', 'node', 'postgres', 'all'].map((h) => h.padStart(8)).join('')}`,
  );
  for (const r of runs) {
    const c = r.cpu;
    console.log(
      `  ${r.name.padEnd(52)} ${fmt(r.http.reqPerSec).padStart(7)} ${fmt(r.http.reqPerSec * EVENTS_PER_BATCH).padStart(9)} ${fmt(r.http.p50Ms, 1).padStart(7)} ${fmt(r.http.p99Ms, 1).padStart(7)}   ${''.padStart(18)}${[c.main, c.writer, c.node, c.postgres, c.total].map((v) => fmt(v, 1).padStart(8)).join('')}` +
        (r.http.failures ? `  (${r.http.failures} failed${r.http.failedWith ? `: ${r.http.failedWith}` : ''})` : ''),
    );
  }
  const [sqlite, one, two, oneInMain] = runs;
  if (sqlite && one && two)
    console.log(
      `    PostgreSQL ÷ SQLite, events/s: ${fmt(one.http.reqPerSec / sqlite.http.reqPerSec, 2)}; all CPU per event: ${fmt(one.cpu.total / sqlite.cpu.total, 2)}; two instances ÷ one, events/s: ${fmt(two.http.reqPerSec / one.http.reqPerSec, 2)}`,
    );
  if (one && oneInMain)
    console.log(
      `    PostgreSQL, 1 instance, main thread CPU per event, commit in the main thread ÷ writer process: ${fmt(oneInMain.cpu.main / one.cpu.main, 2)}`,
    );
}

async function mainOnEngines() {
  console.log(`Load average (1, 5, 15 min) at start: ${loadAverage()}`);
  console.log(
    `SQLite and PostgreSQL: ${CONNECTIONS} connections (split between instances), ${DURATION} s after ${WARMUP} s warm-up, ${EVENTS_PER_BATCH} events per request, v4 ids, a fresh database each, not pinned`,
  );
  const runs = await benchEngines({
    entry: fileURLToPath(import.meta.url),
    durationSec: DURATION,
    warmupSec: WARMUP,
    connections: CONNECTIONS,
    ids: 'v4',
  });
  printEngines(runs);
  console.log(`\nLoad average (1, 5, 15 min) at the end: ${loadAverage()}`);
  if (runs.some((r) => r.http.failures > 0)) {
    console.error('\nSome requests failed; the figures above are not trustworthy.');
    process.exitCode = 1;
  }
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

async function main() {
  const loadAtStart = loadAverage();
  console.log(`Load average (1, 5, 15 min) at start: ${loadAtStart}`);
  let open: OpenLoopFigures | undefined;
  if (OPEN_LOOP) {
    console.log(
      `Open loop: ${OPEN_CONNECTIONS} connections, ${OPEN_STEP_SEC} s per step from ${OPEN_START} req/s, the widget's batch sizes; held = p99 ≤ 100 ms, no failure`,
    );
    const loops = await benchOpenLoop();
    console.log(`  ${pinning.description}`);
    open = { ...loops, prepare: benchPrepare() };
    printOpenLoop(open);
    console.log('');
  }
  console.log(
    `HTTP: ${CONNECTIONS} connections, ${DURATION} s per route after ${WARMUP} s warm-up, ${EVENTS_PER_BATCH} events per request`,
  );
  const http: HttpPair[] = [];
  for (const ids of IDS) {
    const pair = await benchHttp(ids);
    http.push(pair);
    console.log(`  ${ids} event ids (fresh server and database):`);
    httpRow('empty POST route', pair.base, false);
    httpRow('validation, no storage', pair.validateOnly, true);
    httpRow('POST /v1/collect', pair.durable, true);
    console.log(
      `    ingest ÷ empty route:  ${fmt(pair.durable.reqPerSec / pair.base.reqPerSec, 2)}   (target ≥ 0.70, acknowledgements fsynced)`,
    );
    console.log(
      `    no storage ÷ empty:    ${fmt(pair.validateOnly.reqPerSec / pair.base.reqPerSec, 2)}   (diagnostic: the same validation and scrubbing, nothing stored)`,
    );
  }

  console.log('\nWriter: the same rows; raw inserts in one transaction vs the group-commit writer');
  const writers: WriterResult[] = [];
  for (const ids of IDS) {
    const w = await benchWriter(ids);
    writers.push(w);
    printWriter(w);
  }
  console.log('\nWriter by derivation: where a commit goes (50 requests per commit, least of 3 runs)');
  const derivations = benchDerivations('v4');
  printDerivations(derivations);
  console.log("\nCodec: one commit's rows crossing to the writer thread, flat vs as objects");
  const codec = benchCodec();
  printCodec(codec);
  if (JSON_FILE) {
    const figures = {
      http,
      writers,
      codec,
      derivations,
      open,
      pinning: pinning.description,
      connections: CONNECTIONS,
      durationSec: DURATION,
      warmupSec: WARMUP,
      eventsPerBatch: EVENTS_PER_BATCH,
    };
    writeBenchJson(
      JSON_FILE,
      ingestSections({ ...figures, load: `${loadAtStart} at start, ${loadAverage()} at the end` }),
    );
  }
  console.log(`\nLoad average (1, 5, 15 min) at the end: ${loadAverage()}`);
  // Reported (rate held 0), not fatal: on a loaded machine that is the finding, and the CPU figures stand.
  if (open && !(open.empty.held && open.validateOnly.held && open.collect.held))
    console.error('\nAn open-loop route held not even its first step: the machine is busy, or lower BENCH_OPEN_START.');
  if (http.some((p) => p.base.failures + p.validateOnly.failures + p.durable.failures > 0)) {
    console.error('\nSome requests failed; the ratios above are not trustworthy.');
    process.exitCode = 1;
  }
}

if (process.argv.includes('--serve')) await serveForBench();
else if (ON_POSTGRES) await mainOnEngines();
else await main();
