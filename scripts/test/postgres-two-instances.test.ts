import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '@loupe/server';
import { startLoad } from './chaos-support/load-generator.js';
import {
  checkPostgres,
  sharedSessionsBatch,
  startTwoInstances,
  type TwoInstances,
} from './chaos-support/postgres-recompute.js';

// Two real server processes on one real PostgreSQL, writers sending to both at once (each attempt
// to either, so a resend may land on the other): every acknowledged id is stored once, and every
// derived table equals a recomputation from the stored events by one writer. The kill -9 version
// is chaos-postgres-instances.test.ts (`npm run test:chaos`).

/** The writers send until this many batches (of 10 events) were acknowledged. */
const ACKED_BATCHES = 150;

let cluster: TwoInstances | undefined;
beforeAll(async () => {
  cluster = await startTwoInstances();
}, 120_000);
afterAll(async () => cluster?.dispose());

describe('two instances writing to one PostgreSQL', () => {
  it('store every acknowledged event once, and derive what one writer derives from the same events', {
    timeout: 120_000,
  }, async () => {
    const { server, instances } = cluster as TwoInstances;
    const [a, b] = instances;
    const { siteId, publicKey } = await a.createSite({ name: 'Two instances' });
    const admin = openPostgres({ url: server.url, poolSize: 1, onIdleError: () => {} }).$client;
    const deadlocks = async () =>
      Number(
        (await admin.query('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()')).rows[0]
          .deadlocks,
      );
    const deadlocksBefore = await deadlocks();

    const hourStart = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const sent = [0, 0];
    const load = startLoad(
      () => {
        const i = Math.random() < 0.5 ? 0 : 1;
        sent[i]! += 1;
        return instances[i as 0 | 1].url;
      },
      publicKey,
      8,
      (key) => sharedSessionsBatch(key, hourStart),
    );
    while (load.acked.length < ACKED_BATCHES) await new Promise((r) => setTimeout(r, 50));
    await load.stop();
    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);

    // The instances' backends reported their counters as they exited.
    const deadlocksAfter = await deadlocks().finally(() => admin.end());
    const result = await checkPostgres(server, siteId, load.acked);
    console.log(
      `FIGURE pg-two-instances: acked=${result.acked}, lost=${result.lost}, duplicates=${result.duplicates}, ` +
        `stored-rows=${result.storedRows}, derived-tables=${result.tables}, derived-rows=${result.derivedRows}, ` +
        `requests=${sent.join('+')}, answers=${JSON.stringify(Object.fromEntries(load.answers))}`,
    );
    expect(result.lost).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.differences).toEqual([]);
    // Every answer was an acknowledgement: the instances' commits waited for each other, never failed.
    expect([...load.answers.keys()]).toEqual(['202']);
    // The sites' write locks are taken in one order: the instances never deadlocked.
    expect(deadlocksAfter).toBe(deadlocksBefore);
    // Meaningful only with real traffic to both and derivations to compare.
    expect(Math.min(...sent)).toBeGreaterThan(30);
    expect(result.acked).toBeGreaterThanOrEqual(ACKED_BATCHES * 10);
    expect(result.derivedRows).toBeGreaterThan(100);
  });
});
