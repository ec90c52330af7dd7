import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing/index.js';

// The webhook outbox across a crash, against the real built server as a child process: a response
// committed (202) whose delivery was in flight when the server was killed with SIGKILL is
// delivered after the restart, with the same webhook-id, verified by the official library.

let srv: TestServer | undefined;
let receiver: http.Server | undefined;
afterEach(async () => {
  await srv?.dispose();
  srv = undefined;
  receiver?.closeAllConnections();
  receiver?.close();
  receiver = undefined;
});

interface Got {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** The first request is left hanging (the delivery is in flight when the crash comes); later ones get 200. */
async function hangingOnceReceiver() {
  const got: Got[] = [];
  const waiters: (() => void)[] = [];
  receiver = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      if (got.length > 1) res.writeHead(200).end('ok');
      for (const w of waiters.splice(0)) w();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const waitFor = async (n: number) => {
    while (got.length < n) await new Promise<void>((r) => waiters.push(r));
  };
  return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, got, waitFor };
}

describe('webhook outbox durability', () => {
  it('delivers after kill -9 a response committed before the crash', { timeout: 60_000 }, async () => {
    srv = await startTestServer({ env: { LOUPE_WEBHOOK_ALLOW_PRIVATE: 'true' } });
    const site = await srv.createSite({ name: 'Webhook crash' });
    const rx = await hangingOnceReceiver();
    const auth = { authorization: `Bearer ${site.secretKey}`, 'content-type': 'application/json' };
    const created = await fetch(`${srv.url}/v1/webhooks`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ url: rx.url, events: ['response.created'] }),
    });
    expect(created.status).toBe(201);
    const hook = (await created.json()) as { id: string; secret: string };

    const displayId = randomUUID();
    const event = {
      id: randomUUID(),
      ts: Date.now(),
      type: 'response',
      sessionId: 's-1',
      url: 'https://shop.example/cart',
      path: '/cart',
      promptId: 'p-1',
      displayId,
      kind: 'nps',
      score: 4,
      comment: 'Too slow',
    };
    const res = await fetch(`${srv.url}/v1/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ key: site.publicKey, events: [event] }),
    });
    expect(res.status).toBe(202);
    await rx.waitFor(1);
    // Committed, and its delivery in flight with no answer yet: crash.
    await srv.kill();
    await srv.start();
    await rx.waitFor(2);
    const [first, second] = rx.got as [Got, Got];
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    const wh = new Webhook(hook.secret);
    const verified = wh.verify(second.body, {
      'webhook-id': String(second.headers['webhook-id']),
      'webhook-timestamp': String(second.headers['webhook-timestamp']),
      'webhook-signature': String(second.headers['webhook-signature']),
    }) as { type: string; data: { id: string; comment: string } };
    expect(verified).toMatchObject({ type: 'response.created', data: { id: displayId, comment: 'Too slow' } });
    // The log says delivered (polled: the receiver answers before the row is written).
    let log: { deliveries: { status: string; attempts: number }[] } = { deliveries: [] };
    while (log.deliveries[0]?.status !== 'delivered') {
      log = (await (
        await fetch(`${srv.url}/v1/webhooks/${hook.id}/deliveries`, { headers: auth })
      ).json()) as typeof log;
      if (log.deliveries[0]?.status !== 'delivered') await new Promise((r) => setTimeout(r, 20));
    }
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]!.attempts).toBe(1);
    expect(await srv.stop()).toBe(0);
  });
});
