import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing/index.js';
import { type Answer, postFrom } from './chaos-support/http-from.js';
import { makeBatch } from './chaos-support/load-generator.js';

// Rate-limit buckets under a flood of new clients: thousands of source addresses (127.1.x.y on
// the loopback), each trying a random unknown key and the real one, against a table of 500
// buckets. A client that was limited before the flood stays limited through it, and a client
// that had a bucket keeps exactly its budget: no request stream resets or takes another's
// bucket. Facts are asserted; latency is only reported, as a ratio.

const LIMIT = 20;
const BUCKETS = 500;
const FLOOD_ADDRESSES = 3000;
let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.dispose();
  srv = undefined;
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const unknownKey = () => `pk_${randomUUID().replaceAll('-', '')}`;

describe('chaos: rate-limit buckets', () => {
  it('a flood of new addresses and unknown keys neither resets nor takes an existing bucket', {
    timeout: 150_000,
  }, async () => {
    srv = await startTestServer({
      env: {
        LOUPE_RATE_LIMIT_MAX: String(LIMIT),
        LOUPE_RATE_LIMIT_WINDOW_MS: '300000',
        LOUPE_RATE_LIMIT_BUCKETS: String(BUCKETS),
      },
    });
    const url = `${srv.url}/v1/collect`;
    const { publicKey: key } = await srv.createSite({ name: 'Buckets' });
    const send = (ip: string, k = key) => postFrom(url, ip, makeBatch(k, 2));

    // One client spends its whole budget; another spends a quarter of it.
    const limited: Answer[] = [];
    for (let i = 0; i <= LIMIT; i++) limited.push(await send('127.0.0.3'));
    expect(limited.map((a) => a.status)).toEqual([...Array(LIMIT).fill(202), 429]);
    const steady: Answer[] = [];
    for (let i = 0; i < LIMIT / 4; i++) steady.push(await send('127.0.0.4'));
    const quietMs = steady.map((a) => a.ms);

    // The flood: from each new address, a random unknown key, then the real key, 16 at a time.
    const flood: Answer[] = [];
    let next = 0;
    let flooding = true;
    const floodDone = Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < FLOOD_ADDRESSES) {
          const i = next++;
          const ip = `127.1.${i >> 8}.${i & 255}`;
          flood.push(await send(ip, unknownKey()));
          flood.push(await send(ip));
        }
      }),
    ).finally(() => (flooding = false));
    // Meanwhile both clients keep sending.
    const limitedDuring: Answer[] = [];
    const steadyDuring: Answer[] = [];
    while (flooding) {
      limitedDuring.push(await send('127.0.0.3'));
      if (steady.length + steadyDuring.length < LIMIT - 2) steadyDuring.push(await send('127.0.0.4'));
      await new Promise((r) => setTimeout(r, 20));
    }
    await floodDone;
    // After it, the steady client spends the rest of its budget, and one more.
    const steadyAfter: Answer[] = [];
    for (let a = await send('127.0.0.4'); ; a = await send('127.0.0.4')) {
      steadyAfter.push(a);
      if (a.status !== 202 || steadyAfter.length > LIMIT) break;
    }

    const statuses = (xs: Answer[]) =>
      Object.fromEntries(
        [...new Set(xs.map((a) => a.status))].map((s) => [s, xs.filter((a) => a.status === s).length]),
      );
    const steadyAccepted = [...steady, ...steadyDuring, ...steadyAfter].filter((a) => a.status === 202).length;
    const ratio = median(steadyDuring.map((a) => a.ms)) / Math.max(0.1, median(quietMs));
    console.log(
      `FIGURE rate-limit-buckets: limit=${LIMIT}, buckets=${BUCKETS}, flood-addresses=${FLOOD_ADDRESSES}, flood=${JSON.stringify(statuses(flood))}, ` +
        `limited-during=${JSON.stringify(statuses(limitedDuring))}, steady-accepted=${steadyAccepted}, ` +
        `steady-p50-ms-quiet=${median(quietMs).toFixed(1)}, steady-p50-ms-during=${median(steadyDuring.map((a) => a.ms)).toFixed(1)}, latency-ratio=${ratio.toFixed(2)}`,
    );
    expect(flood).toHaveLength(FLOOD_ADDRESSES * 2);
    expect(limitedDuring.length).toBeGreaterThan(0);
    // Limited before the flood, limited all through it: its bucket was neither reset nor dropped.
    expect(limitedDuring.filter((a) => a.status !== 429)).toEqual([]);
    // The steady client got exactly its budget, the flood taking none of it and giving none back.
    expect(steadyAccepted).toBe(LIMIT);
    expect(steadyAfter.at(-1)!.status).toBe(429);
    // The flood itself: accepted, refused or limited, never a server error.
    expect(flood.filter((a) => ![202, 401, 429].includes(a.status))).toEqual([]);
    // Past the table's size the newcomers share one budget: far less than a budget per address got through.
    expect(flood.filter((a) => a.status === 202).length).toBeLessThanOrEqual(BUCKETS * LIMIT);
    for (const a of [...flood, ...limitedDuring].filter((x) => x.status === 429))
      expect(Number(a.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });
});
