import { readFileSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing/index.js';

// Four clients send deeply nested 1 MiB JSON bodies with no credentials to the management routes
// while /healthz is timed. The server must refuse them with 401 without reading, let alone parsing,
// the bodies. Asserted: status codes, and that a 401 arrives while a body is still incomplete.
// Reported, never asserted: /healthz latency under the flood against quiet (a ratio), and the
// server's CPU time per refused request (from /proc, where there is one).

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.dispose();
  srv = undefined;
});

const BODY = Buffer.from('['.repeat(512 * 1024) + ']'.repeat(512 * 1024)); // 1 MiB, nested 512k deep
const ROUTES = [
  ['PUT', '/v1/prompts/pr_x'],
  ['POST', '/v1/prompts'],
  ['PATCH', '/v1/responses/r1'],
  ['POST', '/v1/sites'],
] as const;
const CLIENTS = ['127.0.0.21', '127.0.0.22', '127.0.0.23', '127.0.0.24'];
const PER_CLIENT = 25;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** One request with the whole body; resolves with the status (or the socket error after an early answer). */
function send(url: string, method: string, localAddress: string): Promise<number | string> {
  return new Promise((resolve) => {
    let status: number | undefined;
    const req = http.request(
      url,
      {
        method,
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(BODY.length) },
      },
      (res) => {
        status = res.statusCode;
        res.resume();
        res.on('end', () => resolve(status ?? 0));
      },
    );
    // A server may close the connection once it has answered; the answer is what counts.
    req.on('error', (err: NodeJS.ErrnoException) => resolve(status ?? err.code ?? 'error'));
    req.end(BODY);
  });
}

async function healthz(url: string): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/healthz`);
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t0 };
}

/** The server process's user+system CPU time in ms, or undefined without /proc. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return undefined;
  }
}

describe('chaos: unauthenticated bodies on management routes', () => {
  it('refuses 1 MiB nested bodies from four clients with 401, unread, while /healthz keeps answering', {
    timeout: 180_000,
  }, async () => {
    srv = await startTestServer();
    const { url, port } = srv;

    const quiet: number[] = [];
    for (let i = 0; i < 40; i++) quiet.push((await healthz(url)).ms);

    const cpuBefore = cpuMs(srv.child?.pid);
    const statuses: (number | string)[] = [];
    let flooding = true;
    const flood = Promise.all(
      CLIENTS.map(async (ip, c) => {
        for (let i = 0; i < PER_CLIENT; i++) {
          const [method, path] = ROUTES[(c + i) % ROUTES.length]!;
          statuses.push(await send(`${url}${path}`, method, ip));
        }
      }),
    ).finally(() => (flooding = false));
    const during: { status: number; ms: number }[] = [];
    while (flooding) during.push(await healthz(url));
    await flood;
    const cpuAfter = cpuMs(srv.child?.pid);

    // A body announced as 1 MiB, of which 1 KiB is sent: the 401 comes back before the rest.
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const early = await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('no answer while the body was incomplete'), 10_000);
      socket.on('data', (d) => {
        answer += d.toString();
        const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      socket.write(
        `PUT /v1/prompts/pr_x HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n`,
      );
      socket.write(BODY.subarray(0, 1024));
    });
    socket.destroy();

    const ratio = median(during.map((d) => d.ms)) / Math.max(0.05, median(quiet));
    const cpuPerRequest =
      cpuBefore !== undefined && cpuAfter !== undefined ? ((cpuAfter - cpuBefore) / statuses.length).toFixed(2) : 'n/a';
    console.log(
      `FIGURE unauthenticated-bodies: clients=${CLIENTS.length}, requests=${statuses.length} of 1 MiB, ` +
        `statuses=${JSON.stringify(Object.fromEntries([...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length])))}, ` +
        `healthz-p50-ms-quiet=${median(quiet).toFixed(2)}, healthz-p50-ms-during=${median(during.map((d) => d.ms)).toFixed(2)}, ` +
        `healthz-latency-ratio=${ratio.toFixed(2)} (${during.length} probes), server-cpu-ms-per-request=${cpuPerRequest}`,
    );

    expect(statuses).toHaveLength(CLIENTS.length * PER_CLIENT);
    // Every answer that arrived is a 401 (a connection closed after the answer counts as answered).
    expect(statuses.filter((s) => s !== 401)).toEqual([]);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((d) => d.status === 200)).toBe(true);
    expect(early).toBe('401');
  });
});
