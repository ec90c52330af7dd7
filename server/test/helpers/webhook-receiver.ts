import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  /** The request's path and query (which endpoint of this receiver was called). */
  url: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

/** What the receiver does with a request: answer it, leave it hanging, or drop the connection. */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/**
 * A local webhook receiver on 127.0.0.1 that records every request and answers as `reply` says
 * (changeable while running). `waitFor(n)` resolves once n requests arrived: tests wait for
 * markers, never for time.
 */
export async function startReceiver(
  reply: (r: Received, n: number) => Reply = () => ({ status: 200, body: 'ok' }),
  port = 0,
) {
  const received: Received[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const hanging: http.ServerResponse[] = [];
  let respond = reply;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      const r: Received = { url: req.url ?? '', headers: req.headers as Record<string, string>, body, at: Date.now() };
      received.push(r);
      const answer = respond(r, received.length);
      if (answer === 'hang') hanging.push(res);
      else res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
      for (const w of waiters.filter((x) => received.length >= x.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}/hook`,
    received,
    setReply(r: typeof reply) {
      respond = r;
    },
    waitFor(n: number): Promise<void> {
      if (received.length >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    /** Answers every hanging request (200 unless told). */
    release(status = 200) {
      for (const res of hanging.splice(0)) res.writeHead(status).end(status < 300 ? 'ok' : 'no');
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Verifies with the official Standard Webhooks library; throws as a receiver would reject. */
export function verify(secret: string, r: Pick<Received, 'headers' | 'body'>): unknown {
  return new Webhook(secret).verify(r.body, {
    'webhook-id': r.headers['webhook-id']!,
    'webhook-timestamp': r.headers['webhook-timestamp']!,
    'webhook-signature': r.headers['webhook-signature']!,
  });
}
