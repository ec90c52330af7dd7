import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Slow clients cannot hold the server's sockets: a trickled body or trickled headers are cut off
// with 408 problem+json, idle keep-alive connections close, one connection serves a bounded
// number of requests, and connections past the cap are closed at once. Assertions are on what
// happened (the answer, how many bytes got in, who closed), never on how long it took.

const LIMITS = {
  LOUPE_REQUEST_TIMEOUT_MS: '1500',
  LOUPE_HEADERS_TIMEOUT_MS: '800',
  LOUPE_KEEP_ALIVE_TIMEOUT_MS: '300',
  LOUPE_MAX_REQUESTS_PER_SOCKET: '3',
  LOUPE_MAX_CONNECTIONS: '4',
};

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await createTestApp(LIMITS);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as net.AddressInfo).port;
});
afterAll(() => t.close());

interface Trickle {
  answer: string;
  /** Bytes of `data` written before the server closed the connection. */
  written: number;
}

/**
 * Writes `head` at once, then `data` one byte every `everyMs`, until all is written or the server
 * closes the connection; resolves with what the server answered.
 */
function trickle(head: string, data: string, everyMs: number): Promise<Trickle> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let written = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, written });
    });
    socket.write(head);
    timer = setInterval(() => {
      if (written >= data.length) {
        clearInterval(timer);
        return;
      }
      if (!socket.destroyed && socket.writable) socket.write(data[written++]!);
    }, everyMs);
  });
}

function expect408(answer: string) {
  const [head, body] = answer.split('\r\n\r\n');
  expect(head, answer).toMatch(/^HTTP\/1\.1 408 /);
  expect(head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
  expect(JSON.parse(body!)).toMatchObject({ status: 408, code: 'request_timeout' });
}

describe('slow clients', () => {
  it('a body trickled a byte at a time is cut off with 408 problem+json before it is complete', async () => {
    const body = JSON.stringify({ key: 'pk_x', events: [] }).padEnd(200, ' ');
    const head = `POST /v1/collect HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`;
    const { answer, written } = await trickle(head, body, 50);
    expect408(answer);
    expect(written).toBeLessThan(body.length);
  }, 20_000);

  it('headers trickled a byte at a time are cut off with 408 problem+json before they end', async () => {
    const headers = `Host: x\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`;
    const { answer, written } = await trickle('GET /healthz HTTP/1.1\r\n', headers, 50);
    expect408(answer);
    expect(written).toBeLessThan(headers.length);
  }, 20_000);

  it('closes an idle keep-alive connection', async () => {
    const socket = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await closed; // the server closes it: the test never does
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).not.toMatch(/\r\nconnection: close\r\n/i); // kept alive, then closed for idling
  }, 20_000);

  it('serves at most LOUPE_MAX_REQUESTS_PER_SOCKET requests on one connection', async () => {
    const socket = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', () => {});
    // Five pipelined requests: three answers, the last with Connection: close.
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(5));
    await closed;
    const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
    expect(statuses.slice(0, 3)).toEqual(['200', '200', '200']);
    expect(statuses.filter((s) => s === '200')).toHaveLength(3);
    expect(answer.split('HTTP/1.1 200 ')[3]).toMatch(/\r\nconnection: close\r\n/i);
  }, 20_000);

  it('closes the connection after its last request, also for a client that sends one more', async () => {
    // One request at a time, each sent once the one before is answered, as keep-alive pools do;
    // the fourth leaves as soon as the third answer is in, as a client that ignores its
    // `Connection: close` would send it. Node alone answers it 503 on the still open socket.
    const socket = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    let answer = '';
    let sent = 0;
    const send = () => {
      sent += 1;
      if (!socket.destroyed && socket.writable) socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    };
    socket.on('data', (d) => {
      answer += d.toString();
      const answered = answer.match(/HTTP\/1\.1 \d{3} /g)?.length ?? 0;
      // Each answer is complete once its JSON body ends.
      if (answered === sent && answer.endsWith('}') && sent < 4) send();
    });
    socket.on('error', () => {});
    send();
    await closed;
    const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
    expect(sent).toBe(4);
    expect(statuses).toEqual(['200', '200', '200']);
    expect(answer.split('HTTP/1.1 200 ')[3]).toMatch(/\r\nconnection: close\r\n/i);
  }, 20_000);

  it('closes connections past LOUPE_MAX_CONNECTIONS at once, and takes new ones when some close', async () => {
    const open = async () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', () => {});
      await new Promise<void>((r) => socket.once('connect', () => r()));
      return socket;
    };
    const dropped = new Promise<void>((r) => t.app.server.once('drop', () => r()));
    const held = [];
    for (let i = 0; i < 4; i++) held.push(await open());
    const extra = await open();
    let got = '';
    extra.on('data', (d) => (got += d.toString()));
    extra.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise<void>((r) => extra.on('close', () => r()));
    await dropped;
    expect(got).toBe('');

    held.pop()!.destroy();
    // The server has seen that close once it counts three connections.
    while ((await new Promise<number>((r) => t.app.server.getConnections((_e, n) => r(n)))) > 3) {
      await new Promise((r) => setImmediate(r));
    }
    const again = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(again.status).toBe(200);
    for (const s of held) s.destroy();
  }, 20_000);
});
