import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing/index.js';
import { type Answer, postFrom } from './chaos-support/http-from.js';
import { makeBatch } from './chaos-support/load-generator.js';

// One IP floods the collector at 10× its limit, forging a new X-Forwarded-For on
// every request, while other clients (other source IPs) send normal traffic. The abuser is capped
// with 429 + Retry-After; the others are never limited and their latency barely moves (reported
// as a ratio; asserted only loosely, timings on a shared CI box are noise).

const LIMIT = 100;
let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.dispose();
  srv = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const randomIp = () => `198.51.100.${Math.floor(Math.random() * 254) + 1}`;

/** A normal widget: one batch every 50 ms from its own IP. */
async function normalClient(url: string, ip: string, key: string, n: number): Promise<Answer[]> {
  const out: Answer[] = [];
  for (let i = 0; i < n; i++) {
    out.push(await postFrom(url, ip, makeBatch(key, 5)));
    await sleep(50);
  }
  return out;
}

describe('chaos: abuse', () => {
  it('caps a flooding IP with 429 + Retry-After, forged X-Forwarded-For or not, and spares the others', {
    timeout: 120_000,
  }, async () => {
    srv = await startTestServer({ env: { LOUPE_RATE_LIMIT_MAX: String(LIMIT), LOUPE_RATE_LIMIT_WINDOW_MS: '60000' } });
    const url = `${srv.url}/v1/collect`;
    const { publicKey: key } = await srv.createSite({ name: 'Abuse' });
    const normalIps = ['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'];

    const quiet = (await Promise.all(normalIps.map((ip) => normalClient(url, ip, key, 10)))).flat();

    // The flood: 10× the limit, 16 requests at a time, each claiming another client IP.
    const flood: Answer[] = [];
    let next = 0;
    const flooding = Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < LIMIT * 10) {
          next++;
          flood.push(await postFrom(url, '127.0.0.2', makeBatch(key, 5), { 'x-forwarded-for': randomIp() }));
        }
      }),
    );
    const during = (await Promise.all(normalIps.map((ip) => normalClient(url, ip, key, 15)))).flat();
    await flooding;

    const abuserOk = flood.filter((a) => a.status === 202).length;
    const limited = flood.filter((a) => a.status === 429);
    const ratio = median(during.map((a) => a.ms)) / Math.max(0.1, median(quiet.map((a) => a.ms)));
    console.log(
      `FIGURE abuse: limit=${LIMIT}/min, abuser-requests=${flood.length}, abuser-accepted=${abuserOk}, abuser-429=${limited.length}, ` +
        `normal-requests=${quiet.length + during.length}, normal-429=${[...quiet, ...during].filter((a) => a.status === 429).length}, ` +
        `normal-p50-ms-quiet=${median(quiet.map((a) => a.ms)).toFixed(1)}, normal-p50-ms-during-flood=${median(during.map((a) => a.ms)).toFixed(1)}, ` +
        `latency-ratio=${ratio.toFixed(2)}`,
    );
    expect(flood.length).toBe(LIMIT * 10);
    // Forged X-Forwarded-For did not buy a fresh budget: the abuser got at most its limit through.
    expect(abuserOk).toBeLessThanOrEqual(LIMIT);
    expect(limited.length).toBeGreaterThanOrEqual(LIMIT * 9 - 1);
    for (const a of limited) expect(Number(a.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited[0]?.headers['content-type']).toMatch(/^application\/problem\+json/);
    // Everyone else: never limited, every batch accepted.
    expect([...quiet, ...during].map((a) => a.status).filter((s) => s !== 202)).toEqual([]);
    // Loose: the flood must not starve the others (the figure tracks "barely moves").
    expect(ratio).toBeLessThan(20);
  });
});
