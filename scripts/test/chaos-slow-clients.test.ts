import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing/index.js';
import { type Answer, postFrom } from './chaos-support/http-from.js';
import { makeBatch } from './chaos-support/load-generator.js';

// Slowloris against the built server: more connections than its cap, trickling bodies and
// headers a byte at a time, while widgets from other addresses keep sending. Every slow
// connection is ended by the server before its request is complete (408 problem+json, or closed
// at once past the cap), every widget batch is acknowledged (retrying a refused connection, as
// the widget does), and the server stays healthy. Latency is reported as a ratio, never asserted.

const CAP = 100;
const SLOW_BODIES = 90;
const SLOW_HEADERS = 40;
const ENV = {
  LOUPE_RATE_LIMIT_MAX: '1000000',
  LOUPE_REQUEST_TIMEOUT_MS: '4000',
  LOUPE_HEADERS_TIMEOUT_MS: '2000',
  LOUPE_MAX_CONNECTIONS: String(CAP),
};
let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.dispose();
  srv = undefined;
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

interface SlowEnd {
  /** What the server wrote before closing (empty when it closed the connection at once). */
  answer: string;
  /** Bytes of the trickle sent before the server closed the connection. */
  sent: number;
  total: number;
}

/** Opens a connection from 127.0.0.9 that sends `head`, then `trickle` one byte every 250 ms. */
function slowClient(port: number, head: string, trickle: string): Promise<SlowEnd> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress: '127.0.0.9' });
    let answer = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, sent, total: trickle.length });
    });
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (sent < trickle.length && socket.writable) socket.write(trickle[sent++]!);
      }, 250);
    });
  });
}

/** A widget: `n` batches from its own address; a refused or reset connection is retried. */
async function widget(
  url: string,
  ip: string,
  key: string,
  n: number,
): Promise<{ answers: Answer[]; retries: number }> {
  const answers: Answer[] = [];
  let retries = 0;
  for (let i = 0; i < n; i++) {
    const body = makeBatch(key, 5);
    for (;;) {
      const a = await postFrom(url, ip, body).catch(() => undefined);
      if (a?.status === 202) {
        answers.push(a);
        break;
      }
      retries++;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { answers, retries };
}

describe('chaos: slow clients', () => {
  it('cuts off trickled bodies and headers past the cap and the timeouts, and keeps serving widgets', {
    timeout: 120_000,
  }, async () => {
    srv = await startTestServer({ env: ENV });
    const { port, url } = srv;
    const collect = `${url}/v1/collect`;
    const { publicKey: key } = await srv.createSite({ name: 'Slow clients' });
    const widgets = ['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'];

    const quiet = await Promise.all(widgets.map((ip) => widget(collect, ip, key, 10)));

    const body = JSON.stringify(makeBatch(key, 5));
    const slow = [
      ...Array.from({ length: SLOW_BODIES }, () =>
        slowClient(
          port,
          `POST /v1/collect HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`,
          body,
        ),
      ),
      ...Array.from({ length: SLOW_HEADERS }, () =>
        slowClient(port, 'GET /healthz HTTP/1.1\r\n', `Host: x\r\nX-Slow: ${'a'.repeat(400)}\r\n\r\n`),
      ),
    ];
    const during = await Promise.all(widgets.map((ip) => widget(collect, ip, key, 15)));
    const ended = await Promise.all(slow);
    const healthy = await fetch(`${url}/healthz`);

    const timedOut = ended.filter((e) => /^HTTP\/1\.1 408 /.test(e.answer));
    const dropped = ended.filter((e) => e.answer === '');
    const quietMs = quiet.flatMap((w) => w.answers.map((a) => a.ms));
    const duringMs = during.flatMap((w) => w.answers.map((a) => a.ms));
    const ratio = median(duringMs) / Math.max(0.1, median(quietMs));
    console.log(
      `FIGURE slow-clients: cap=${CAP}, slow=${ended.length} (bodies ${SLOW_BODIES}, headers ${SLOW_HEADERS}), 408=${timedOut.length}, ` +
        `closed-at-once=${dropped.length}, other=${ended.length - timedOut.length - dropped.length}, ` +
        `widget-batches=${duringMs.length}, widget-retries=${during.reduce((n, w) => n + w.retries, 0)}, ` +
        `widget-p50-ms-quiet=${median(quietMs).toFixed(1)}, widget-p50-ms-during=${median(duringMs).toFixed(1)}, latency-ratio=${ratio.toFixed(2)}`,
    );
    // No slow request was ever completed: each connection was ended by the server first.
    expect(ended.filter((e) => e.sent >= e.total)).toEqual([]);
    // Each was either cut off with a 408 problem+json or closed at once (past the cap).
    expect(timedOut.length + dropped.length).toBe(ended.length);
    for (const e of timedOut) expect(e.answer).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    // More slow connections than the cap: some were refused outright.
    expect(dropped.length).toBeGreaterThan(0);
    // Every widget batch was acknowledged, and the server is healthy.
    expect(during.flatMap((w) => w.answers)).toHaveLength(widgets.length * 15);
    expect(healthy.status).toBe(200);
  });
});
