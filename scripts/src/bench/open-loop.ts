import { Pool } from 'undici';

// An open-loop load generator: requests leave on a fixed schedule (request i at start + i / rate),
// whether or not the earlier ones were answered, as independent browsers send them. A closed loop
// (autocannon's N connections, each waiting for its answer) slows down with the server and hides
// its queueing; here a slow answer delays nothing, and each latency counts from the moment its
// request was due, so time spent waiting for a free connection is charged too.

export interface OpenLoopRun {
  /** One pool per route, reused across steps, its connections opened before the first (openPool). */
  pool: Pool;
  path: string;
  contentType: string;
  /** A fresh body per request; `events` is how many events it carries (0 for none). */
  body: () => { text: string; events: number };
  expectStatus: number;
  /** Requests per second. */
  rate: number;
  durationSec: number;
}

/**
 * A pool of `connections` sockets to `origin`, every one opened and used a few times before the
 * clock starts (`request` sends one request): a step must measure requests, not TCP handshakes,
 * and browsers keep their connections too. Failed warm-up requests are not counted.
 */
export async function openPool(origin: string, connections: number, request: (pool: Pool) => Promise<unknown>) {
  const pool = new Pool(origin, { connections, pipelining: 1, headersTimeout: 10_000, bodyTimeout: 10_000 });
  for (let i = 0; i < 3; i++) await Promise.allSettled(Array.from({ length: connections }, () => request(pool)));
  return pool;
}

export interface OpenLoopResult {
  rate: number;
  sent: number;
  events: number;
  /** Anything but the expected status, socket errors, timeouts. */
  failures: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Requests answered per second of the schedule. */
  answeredPerSec: number;
  /** How far behind its schedule the generator itself fell at worst (ms): large means it, not the server, was the limit. */
  generatorLagMs: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** Sends `rate × durationSec` requests on schedule through one pool, then waits for every answer. */
export async function runOpenLoop(run: OpenLoopRun): Promise<OpenLoopResult> {
  const { pool } = run;
  const total = Math.round(run.rate * run.durationSec);
  // Bodies are made before the clock starts: the generator's own work must not bend the schedule.
  const bodies = Array.from({ length: total }, run.body);
  const latencies: number[] = [];
  let failures = 0;
  let events = 0;
  let lag = 0;
  const answers: Promise<void>[] = [];
  const start = performance.now() + 20;

  const send = (i: number) => {
    const due = start + (i * 1000) / run.rate;
    const { text, events: n } = bodies[i]!;
    events += n;
    answers.push(
      pool
        .request({
          path: run.path,
          method: 'POST',
          headers: { 'content-type': run.contentType },
          body: text,
        })
        .then(async (res) => {
          await res.body.dump();
          latencies.push(performance.now() - due);
          if (res.statusCode !== run.expectStatus) {
            failures += 1;
            if (process.env.BENCH_DEBUG && failures < 3) console.error(`${run.path}: ${res.statusCode}`);
          }
        })
        .catch((err: unknown) => {
          failures += 1;
          if (process.env.BENCH_DEBUG && failures < 3) console.error(`${run.path}:`, err);
        }),
    );
  };

  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      // Everything due by now leaves now; a timer that fired late sends its backlog at once.
      while (next < total && start + (next * 1000) / run.rate <= now) {
        lag = Math.max(lag, now - (start + (next * 1000) / run.rate));
        send(next++);
      }
      if (next >= total) return resolve();
      const wait = start + (next * 1000) / run.rate - performance.now();
      setTimeout(tick, Math.max(0, Math.floor(wait)));
    };
    setTimeout(tick, 20);
  });
  await Promise.all(answers);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    rate: run.rate,
    sent: total,
    events,
    failures,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? 0,
    answeredPerSec: latencies.length / run.durationSec,
    generatorLagMs: lag,
  };
}
