import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pool } from 'undici';
import { benchBatchBody } from './bench/bench-events.js';
import { EMPTY_ROUTE, NO_STORAGE_ROUTE, type BenchServerInfo, type ProfileRequest } from './bench/bench-server.js';
import { serverCpu } from './bench/open-loop-steps.js';
import { openPool, runOpenLoop } from './bench/open-loop.js';
import { pinApart } from './bench/pin-cpus.js';
import { PART_ROUTES } from './bench/part-routes.js';
import { type CpuProfile, INGEST_STAGES, stageShares } from './bench/request-stages.js';
import { drawBatchSize } from './bench/widget-batch-sizes.js';

// `npx tsx scripts/src/bench-ingest-cpu.ts`: the server's main-thread CPU per request on the three
// routes of `npm run bench:ingest` (empty, validation only, /v1/collect; the same server process,
// bodies of the widget's batch sizes, generator pinned apart), at one fixed open-loop rate below
// every route's ceiling, so the figure is CPU spent, not queueing, and holds on a machine shared
// with other work where wall time would not. Rounds alternate the routes, so a busy neighbour
// weighs on all three alike; each route's median round is reported. Then one more run per route
// under the CPU profiler splits its CPU per request into the stages of the request path
// (bench/request-stages.ts). Prints; writes nothing.
//
//   BENCH_CPU_RATE      requests per second (default 300)
//   BENCH_CPU_SEC       seconds per route per round (default 5)
//   BENCH_CPU_ROUNDS    rounds (default 5)
//   BENCH_CPU_STAGES    0 skips the profiled runs; else the profiler's interval in µs (default 200)
//   BENCH_CPU_ONLY      one route (empty, validation or collect)
//   BENCH_CPU_PARTS     1 adds two routes between validation and collect, each validation plus one
//                       part of /v1/collect: zod's response serializer, the writer (part-routes.ts)
//   BENCH_CPU_PROFILES  a directory: each route's profile is also written there (<route>.cpuprofile,
//                       for DevTools)

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a number ≥ 0, not "${process.env[name]}"`);
  return v;
};
const RATE = num('BENCH_CPU_RATE', 300);
const SEC = num('BENCH_CPU_SEC', 5);
const ROUNDS = Math.max(1, Math.round(num('BENCH_CPU_ROUNDS', 5)));
const PROFILE_INTERVAL_US = Math.round(num('BENCH_CPU_STAGES', 200));
const CONNECTIONS = 64;

const ALL_ROUTES = [
  { name: 'empty', path: EMPTY_ROUTE, type: 'application/json', status: 200 },
  { name: 'validation', path: NO_STORAGE_ROUTE, type: 'application/json', status: 202 },
  { name: 'collect', path: '/v1/collect', type: 'text/plain', status: 202 },
] as const;
const PARTS = [
  { name: '+zod-serializer', path: PART_ROUTES.zodSerializer, type: 'application/json', status: 202 },
  { name: '+write', path: PART_ROUTES.write, type: 'application/json', status: 202 },
] as const;
type Route = (typeof ALL_ROUTES)[number] | (typeof PARTS)[number];
const only = process.env.BENCH_CPU_ONLY;
if (only !== undefined && !ALL_ROUTES.some((r) => r.name === only))
  throw new Error(`BENCH_CPU_ONLY must be empty, validation or collect, not "${only}"`);
const withParts: readonly Route[] =
  process.env.BENCH_CPU_PARTS === '1' ? [...ALL_ROUTES.slice(0, 2), ...PARTS, ALL_ROUTES[2]] : ALL_ROUTES;
const routes = withParts.filter((r) => only === undefined || r.name === only);

// bench-ingest.ts's server: the real app plus the empty and validation-only routes.
const child = fork(fileURLToPath(new URL('./bench-ingest.ts', import.meta.url)), ['--serve'], { stdio: 'inherit' });
const info = await new Promise<BenchServerInfo>((resolve, reject) => {
  child.once('message', (m) => resolve(m as BenchServerInfo));
  child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
});
console.log(pinApart(child.pid!, info.writerThread).description);

const body = () => {
  const size = drawBatchSize(Math.random());
  return { text: benchBatchBody(info.key, size), events: size };
};
const pools = new Map<Route, Pool>();
for (const r of routes)
  pools.set(
    r,
    await openPool(info.url, CONNECTIONS, (p) =>
      p
        .request({ path: r.path, method: 'POST', headers: { 'content-type': r.type }, body: body().text })
        .then((res) => res.body.dump()),
    ),
  );

/** The server's main-thread CPU µs per request of one run of `route` at RATE for SEC seconds. */
async function cpuPerRequest(r: Route): Promise<number> {
  const before = await serverCpu(child);
  const run = await runOpenLoop({
    pool: pools.get(r)!,
    path: r.path,
    contentType: r.type,
    body,
    expectStatus: r.status,
    rate: RATE,
    durationSec: SEC,
  });
  const after = await serverCpu(child);
  // A failed request (a timeout while a neighbour hogs the core) still cost CPU: said, not fatal.
  if (run.failures > 0) console.error(`  ${r.name}: ${run.failures} of ${run.sent} requests failed`);
  if (before.main === undefined || after.main === undefined) throw new Error('no per-thread CPU clock here');
  return (after.main - before.main) / run.sent;
}

function ask<T>(request: ProfileRequest, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (m: { type?: string }) => {
      if (m?.type !== answer) return;
      child.off('message', onMessage);
      resolve(m as T);
    };
    child.on('message', onMessage);
    child.send(request);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const perRequest = new Map<Route, number[]>(routes.map((r) => [r, []]));
for (let round = 1; round <= ROUNDS; round++) {
  const line: string[] = [];
  for (const r of routes) {
    const us = await cpuPerRequest(r);
    perRequest.get(r)!.push(us);
    line.push(`${r.name} ${us.toFixed(0)}`);
  }
  console.log(`  round ${round}: ${line.join(', ')} µs/request`);
}
const figures = new Map(routes.map((r) => [r.name, median(perRequest.get(r)!)] as const));
console.log(`\nMain-thread CPU per request, ${RATE} req/s, ${SEC} s per route, median of ${ROUNDS} rounds:`);
for (const r of routes) {
  const rounds = perRequest.get(r)!;
  const range = `(${Math.min(...rounds).toFixed(0)}–${Math.max(...rounds).toFixed(0)})`;
  console.log(`  ${r.name.padEnd(16)} ${figures.get(r.name)!.toFixed(0).padStart(5)} µs ${range}`);
}
const empty = figures.get('empty');
for (const name of ['validation', 'collect'] as const) {
  const us = figures.get(name);
  if (empty !== undefined && us !== undefined) console.log(`  empty ÷ ${name}: ${(empty / us).toFixed(2)}`);
}

if (PROFILE_INTERVAL_US > 0) {
  for (const r of routes) {
    await ask({ type: 'profile-start', intervalUs: PROFILE_INTERVAL_US }, 'profile-started');
    const us = await cpuPerRequest(r);
    const { profile } = await ask<{ profile: CpuProfile }>({ type: 'profile-stop' }, 'profile');
    const dir = process.env.BENCH_CPU_PROFILES;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${r.name}.cpuprofile`), JSON.stringify(profile));
    }
    // The profiler costs CPU too: its run's shares are applied to the unprofiled median.
    const total = figures.get(r.name)!;
    console.log(`\n${r.name}: stages of ${total.toFixed(0)} µs/request (profiled run: ${us.toFixed(0)} µs/request)`);
    for (const [stage, share] of stageShares(profile, INGEST_STAGES))
      console.log(
        `  ${(share * total).toFixed(1).padStart(6)} µs  ${(share * 100).toFixed(1).padStart(5)} %  ${stage}`,
      );
  }
}

for (const p of pools.values()) await p.close();
child.disconnect();
