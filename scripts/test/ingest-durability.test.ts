import { randomUUID } from 'node:crypto';
import { openDatabase } from '@loupe/server';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing/index.js';

// Durability of acknowledged events across crashes and shutdowns, against the real built server
// as a child process: a 202 must mean "on disk", whatever happens to the process next.

// A group-commit window wider than the default 2 ms keeps batches queued (unacknowledged) for longer,
// so an acknowledgement sent before its commit could not escape the crash below unnoticed.
const ENV = { LOUPE_RATE_LIMIT_MAX: '1000000', LOUPE_WRITER_MAX_DELAY_MS: '20' };
let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.dispose();
  srv = undefined;
});

function batch(key: string, n = 10) {
  const ts = Date.now();
  const events = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    ts,
    type: 'pageview',
    sessionId: `s-${i % 3}`,
    url: 'https://shop.example/p',
    path: '/p',
  }));
  return { key, events };
}

type Body = ReturnType<typeof batch>;

async function post(url: string, body: Body): Promise<number> {
  const res = await fetch(`${url}/v1/collect`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

/**
 * `workers` loops, each sending batches back to back until `stop()`; collects every body that was
 * acknowledged with 202. Failures (the process died mid-request) are expected and ignored.
 */
function load(server: TestServer, key: string, workers = 8) {
  const acked: Body[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const body = batch(key);
      try {
        if ((await post(server.url, body)) === 202) acked.push(body);
      } catch {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  });
  return {
    acked,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

const waitFor = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
};

/** Checks the database file with the server stopped: every acknowledged id exactly once. */
function assertStored(dbPath: string, acked: Body[]) {
  const db = openDatabase(dbPath);
  try {
    expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    const ids = acked.flatMap((b) => b.events.map((e) => e.id));
    const count = db.$client.prepare('SELECT count(*) AS n FROM events WHERE id = ?');
    const missing = ids.filter((id) => (count.get(id) as { n: number }).n !== 1);
    expect(missing).toEqual([]);
    expect(ids.length).toBe(new Set(ids).size);
  } finally {
    db.$client.close();
  }
}

describe('ingestion durability', () => {
  it('keeps every acknowledged event exactly once across kill -9 and restart', { timeout: 120_000 }, async () => {
    srv = await startTestServer({ env: ENV });
    const { publicKey: key } = await srv.createSite({ name: 'Crash test' });
    const acked: Body[] = [];
    for (let round = 0; round < 3; round++) {
      const l = load(srv, key);
      await waitFor(() => l.acked.length >= 50);
      // Crash with requests in flight: no flush, no close, no goodbye.
      await srv.kill();
      await l.stop();
      acked.push(...l.acked);
      await srv.start();
    }
    // Retrying acknowledged batches after the crash stores nothing twice.
    for (const body of acked.slice(0, 20)) {
      const res = await fetch(`${srv.url}/v1/collect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(await res.json()).toEqual({ accepted: 0, duplicates: body.events.length, rejected: [] });
    }
    expect(await srv.stop()).toBe(0);
    assertStored(srv.dbPath, acked);
  });

  it('drains on SIGTERM: batches in the writer when the signal arrives are committed', {
    timeout: 60_000,
  }, async () => {
    // A long group-commit delay keeps batches queued in the writer when the signal arrives.
    srv = await startTestServer({ env: { ...ENV, LOUPE_WRITER_MAX_DELAY_MS: '200' } });
    const { publicKey: key } = await srv.createSite({ name: 'Shutdown test' });
    const inFlight = Array.from({ length: 10 }, () => batch(key));
    // 0: refused outright, had the connection not been accepted before the signal (slow CI).
    const pending = inFlight.map((b) => post(srv!.url, b).catch(() => 0));
    await new Promise((r) => setTimeout(r, 50));
    const code = srv.stop();
    const statuses = await Promise.all(pending);
    expect(await code).toBe(0);
    // Each was committed before exit (202) or refused so the client retries: never silently dropped.
    expect(statuses.every((s) => s === 202 || s === 503 || s === 0)).toBe(true);
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThan(0);
    assertStored(
      srv.dbPath,
      inFlight.filter((_, i) => statuses[i] === 202),
    );
  });
});
