import type { ChildProcess } from 'node:child_process';
import type { ServerCpu } from './bench-server.js';
import { type OpenLoopResult, openPool, runOpenLoop } from './open-loop.js';

// Steps one route's arrival rate up, open loop, until it no longer holds: p99 ≤ 100 ms and not one
// failed request. Rates grow by half until a step fails, then the gap is bisected twice, so the
// highest rate held is known within about 12 % in at most a dozen steps. A step that fails is run
// once more before it counts: on a shared machine one pause of another process (a p99 of 500 ms
// at a rate whose neighbours show 5 ms) would otherwise decide the ratio between two routes. Each step also reads the
// server's CPU time per thread before and after, less what the idle server spends in the same time.

export const HELD_P99_MS = 100;

export interface CpuPerStep {
  /** Main thread (the event loop) µs per request and per event, idle subtracted. */
  mainPerRequest: number;
  mainPerEvent: number;
  /** Writer thread µs per event (0 for routes that store nothing). */
  writerPerEvent: number;
  /** Every thread of the server µs per event (process.cpuUsage). */
  processPerEvent: number;
}

export interface OpenLoopStep extends OpenLoopResult {
  held: boolean;
  cpu: CpuPerStep | undefined;
}

export interface RouteLadder {
  route: string;
  steps: OpenLoopStep[];
  /** The highest step held, or undefined when not even the first was. */
  held: OpenLoopStep | undefined;
  /**
   * A step failed (twice): the rate held is the route's ceiling. False when the ladder ran out of
   * steps first: the rate held is then only a lower bound, and a ratio over it is not a finding.
   */
  ceilingFound: boolean;
}

export interface LadderOptions {
  server: ChildProcess;
  origin: string;
  path: string;
  contentType: string;
  expectStatus: number;
  body: () => { text: string; events: number };
  connections: number;
  startRate: number;
  stepSec: number;
  maxSteps: number;
}

/** The server's per-thread CPU so far (bench-server.ts answers over IPC). */
export function serverCpu(server: ChildProcess): Promise<ServerCpu> {
  return new Promise((resolve) => {
    const onMessage = (m: ServerCpu) => {
      if (m?.type !== 'cpu') return;
      server.off('message', onMessage);
      resolve(m);
    };
    server.on('message', onMessage);
    server.send({ type: 'cpu' });
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Idle {
  main: number;
  writer: number;
  process: number;
}

/** CPU µs per second of wall time the server spends with no requests (timers, the site directory). */
async function idleRates(server: ChildProcess): Promise<Idle> {
  const a = await serverCpu(server);
  const t = performance.now();
  await pause(1000);
  const b = await serverCpu(server);
  const sec = (performance.now() - t) / 1000;
  return {
    main: ((b.main ?? 0) - (a.main ?? 0)) / sec,
    writer: ((b.writer ?? 0) - (a.writer ?? 0)) / sec,
    process: (b.process - a.process) / sec,
  };
}

export async function runLadder(route: string, o: LadderOptions): Promise<RouteLadder> {
  const pool = await openPool(o.origin, o.connections, (p) =>
    p
      .request({ path: o.path, method: 'POST', headers: { 'content-type': o.contentType }, body: o.body().text })
      .then((r) => r.body.dump()),
  );
  const idle = await idleRates(o.server);
  const steps: OpenLoopStep[] = [];
  const step = async (rate: number) => {
    const before = await serverCpu(o.server);
    const t = performance.now();
    const r = await runOpenLoop({ ...o, pool, rate: Math.round(rate), durationSec: o.stepSec });
    const after = await serverCpu(o.server);
    const sec = (performance.now() - t) / 1000;
    const net = (a: number | undefined, b: number | undefined, idlePerSec: number) =>
      a === undefined || b === undefined ? undefined : Math.max(0, b - a - idlePerSec * sec);
    const main = net(before.main, after.main, idle.main);
    const writer = net(before.writer, after.writer, idle.writer) ?? 0;
    const all = net(before.process, after.process, idle.process)!;
    const events = Math.max(1, r.events);
    const s: OpenLoopStep = {
      ...r,
      held: r.failures === 0 && r.p99Ms <= HELD_P99_MS,
      cpu:
        main === undefined
          ? undefined
          : {
              mainPerRequest: main / r.sent,
              mainPerEvent: main / events,
              writerPerEvent: writer / events,
              processPerEvent: all / events,
            },
    };
    steps.push(s);
    const cpu = s.cpu ? `main ${s.cpu.mainPerRequest.toFixed(0)} µs/req` : '';
    console.log(
      `    ${route.padEnd(12)} ${String(s.rate).padStart(6)} req/s: p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, ${r.failures} failed, ${cpu} ${s.held ? 'held' : 'NOT held'}`,
    );
    // Let the queue drain and the WAL settle before the next step.
    await pause(500);
    return s.held;
  };
  let low = 0;
  let high = 0;
  let rate = o.startRate;
  // A failed step is confirmed by a second run at the same rate before it counts as the ceiling.
  const heldRates = new Set<number>();
  const holds = async (r: number) => {
    const ok = (await step(r)) || (steps.length < o.maxSteps && (await step(r)));
    if (ok) heldRates.add(Math.round(r));
    return ok;
  };
  while (steps.length < o.maxSteps) {
    if (await holds(rate)) {
      low = rate;
      rate *= 1.5;
    } else {
      high = rate;
      break;
    }
  }
  for (let i = 0; i < 2 && high > 0 && low > 0 && steps.length < o.maxSteps; i++) {
    const mid = Math.sqrt(low * high);
    if (await holds(mid)) low = mid;
    else high = mid;
  }
  await pool.close();
  // The highest rate held (by its run that held, when the first run at that rate failed).
  const held = steps.filter((s) => s.held && heldRates.has(s.rate)).sort((a, b) => b.rate - a.rate)[0];
  return { route, steps, held, ceilingFound: high > 0 };
}
