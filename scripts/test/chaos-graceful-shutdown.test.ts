import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing/index.js';
import { startLoad } from './chaos-support/load-generator.js';
import { checkStored } from './chaos-support/stored-ids.js';

// SIGTERM in the middle of a flood. In-flight requests complete (202 means
// stored, or 503 so the widget retries), every acknowledged event is on disk, and the process
// exits 0 within 10 s. ingest-durability.test.ts covers one burst of 10 requests in `npm test`;
// this is the sustained-flood version, repeated over several rounds on the same database.

const ROUNDS = 3;
// A long group-commit window keeps many batches queued in the writer when the signal arrives.
const ENV = { LOUPE_RATE_LIMIT_MAX: '1000000', LOUPE_WRITER_MAX_DELAY_MS: '100' };
let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.dispose();
  srv = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('chaos: graceful shutdown under load', () => {
  it('drains the flood on SIGTERM, keeps every acknowledged event and exits 0 within 10 s', {
    timeout: 180_000,
  }, async () => {
    srv = await startTestServer({ env: ENV });
    const server = srv;
    const { publicKey: key } = await server.createSite({ name: 'Shutdown flood' });
    const load = startLoad(() => server.url, key, 16);
    const exitMs: number[] = [];
    const codes: (number | null)[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const before = load.acked.length;
      while (load.acked.length < before + 100) await sleep(20);
      const t0 = performance.now();
      codes.push(await server.stop());
      exitMs.push(performance.now() - t0);
      await server.start();
    }
    await load.stop();
    expect(await server.stop()).toBe(0);
    const result = checkStored(server.dbPath, load.acked);
    console.log(
      `FIGURE graceful-shutdown: rounds=${ROUNDS}, acked=${result.acked}, lost=${result.lost}, duplicates=${result.duplicates}, ` +
        `exit-codes=${codes.join('/')}, exit-ms-max=${Math.round(Math.max(...exitMs))}, retried-attempts=${load.retries}, integrity=${result.integrity}`,
    );
    expect(codes).toEqual(Array(ROUNDS).fill(0));
    expect(Math.max(...exitMs)).toBeLessThan(10_000);
    expect(result.integrity).toBe('ok');
    expect(result.lost).toBe(0);
    expect(result.duplicates).toBe(0);
  });
});
