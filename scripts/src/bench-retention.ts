import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, createSite, loadConfig } from '@loupe/server';
import { prepareEvents } from '@loupe/server/internal';
import { benchBody, benchEvents, EVENTS_PER_BATCH } from './bench/bench-events.js';
import { runHttp, type HttpResult } from './bench/bench-http.js';

// `npx tsx scripts/src/bench-retention.ts`: what the retention job costs ingestion. One server
// (its own process) holds a backlog of expired events on one site; /v1/collect of another site is
// loaded at a steady, bounded rate on 127.0.0.1, first alone, then while the job deletes the
// backlog, then alone again. It reports the p50 and p99 latency of each phase and their ratio to
// the mean of the two quiet phases, and how fast the backlog went meanwhile; never pass/fail.
// BENCH_BACKLOG_EVENTS (default 100,000), BENCH_RATE (requests/s, default 40, 10 events each: well under what the server takes, so latency is not queueing),
// BENCH_DURATION (s per phase, default 10), BENCH_CONNECTIONS (default 8) tune it.

const BACKLOG = Number(process.env.BENCH_BACKLOG_EVENTS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 40);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const DAY = 86_400_000;

interface ServerInfo {
  url: string;
  key: string;
  backlogRows: number;
}
interface RetentionDone {
  rows: number;
  ms: number;
}

/** The server process: the real app, a backlog 400+ days old on one site, a live site, and the job on demand. */
async function serve(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-retention-'));
  const config = loadConfig({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    LOUPE_DB: path.join(dir, 'bench.db'),
    LOUPE_LOG_LEVEL: 'silent',
    LOUPE_RATE_LIMIT_MAX: '1000000',
    // An owner exists, so no first-login link is printed into the report.
    LOUPE_OWNER_EMAIL: 'bench@example.com',
    LOUPE_OWNER_PASSWORD: 'bench-retention-password',
  });
  const app = await buildApp({ config, logger: false });
  const live = createSite(app.db, { name: 'Live', origins: [] });
  const old = createSite(app.db, { name: 'Backlog', origins: [] });
  // Sessions of ten events each, spread over a month that ended 400 days ago, stored through the
  // ingest writer so sessions, page visits, answers and rollups are what ingestion makes.
  const start = Date.now() - 430 * DAY;
  const batches = Math.ceil(BACKLOG / EVENTS_PER_BATCH);
  let pending: Promise<unknown>[] = [];
  for (let i = 0; i < batches; i++) {
    const ts = start + Math.floor((i / batches) * 30 * DAY);
    const events = benchEvents(ts).map((e) => ({ ...e, sessionId: `old-${i}`, visitorId: `old-visitor-${i % 5000}` }));
    const { rows } = prepareEvents(events, undefined, {
      siteId: old.siteId,
      receivedAt: ts + 1000,
      client: { device: 'mobile', browser: 'safari' },
    });
    pending.push(app.ingestWriter.write(rows));
    if (pending.length >= 200) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  const backlogRows = (
    app.db.$client.prepare('SELECT count(*) AS n FROM events WHERE site_id = ?').get(old.siteId) as { n: number }
  ).n;
  await app.ready();
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.on('message', (m) => {
    if (m !== 'retention') return;
    const t0 = performance.now();
    void app.retention.runOnce().then((runs) => {
      const rows = runs.reduce((sum, r) => sum + Object.values(r.deleted).reduce((a, b) => a + b, 0), 0);
      process.send!({ rows, ms: performance.now() - t0 } satisfies RetentionDone);
    });
  });
  process.send!({ url, key: live.publicKey, backlogRows } satisfies ServerInfo);
  process.on('disconnect', () => {
    void app.close().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

const fmt = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  console.log(
    `Retention vs ingestion: ${fmt(BACKLOG, 0)} expired events on one site; /v1/collect of another at ${RATE} req/s ` +
      `(${RATE * EVENTS_PER_BATCH} events/s) over ${CONNECTIONS} connections, ${DURATION} s per phase`,
  );
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: 'inherit' });
  const seeded = Date.now();
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    child.once('message', (m) => resolve(m as ServerInfo));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  console.log(`  backlog stored: ${fmt(info.backlogRows, 0)} events in ${fmt((Date.now() - seeded) / 1000)} s`);
  const phase = (durationSec: number) =>
    runHttp({
      url: `${info.url}/v1/collect`,
      contentType: 'text/plain',
      body: () => benchBody(info.key),
      expectStatus: 202,
      durationSec,
      connections: CONNECTIONS,
      overallRate: RATE,
    });
  await phase(2); // warm-up
  const quietBefore = await phase(DURATION);
  const done = new Promise<RetentionDone>((resolve) => child.once('message', (m) => resolve(m as RetentionDone)));
  const retentionStarted = Date.now();
  child.send('retention');
  const busy = await phase(DURATION);
  const busyEnded = Date.now();
  await done.then((d) => {
    const overlap = Math.min(1, (busyEnded - retentionStarted) / d.ms);
    console.log(
      `  retention run: ${fmt(d.rows, 0)} rows in ${fmt(d.ms / 1000)} s (${fmt(d.rows / (d.ms / 1000), 0)} rows/s); ` +
        `${fmt(overlap * 100, 0)} % of it under the load phase`,
    );
  });
  const quietAfter = await phase(DURATION);
  const row = (name: string, r: HttpResult) =>
    console.log(
      `  ${name.padEnd(34)} p50 ${fmt(r.p50Ms).padStart(6)} ms   p99 ${fmt(r.p99Ms).padStart(6)} ms   ` +
        `${fmt(r.reqPerSec, 0).padStart(5)} req/s   (${r.total} requests, ${r.failures} failed)`,
    );
  row('quiet (before)', quietBefore);
  row('while the job deletes the backlog', busy);
  row('quiet (after)', quietAfter);
  const quietP50 = (quietBefore.p50Ms + quietAfter.p50Ms) / 2;
  const quietP99 = (quietBefore.p99Ms + quietAfter.p99Ms) / 2;
  console.log(
    `    with the job ÷ quiet:  p50 ${fmt(busy.p50Ms / quietP50, 2)}   p99 ${fmt(busy.p99Ms / quietP99, 2)}   ` +
      '(quiet = mean of the phases before and after)',
  );
  await new Promise<void>((r) => {
    child.once('exit', () => r());
    child.disconnect();
  });
  if ([quietBefore, busy, quietAfter].some((r) => r.failures > 0)) {
    console.error('\nSome requests failed; the ratios above are not trustworthy.');
    process.exitCode = 1;
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
