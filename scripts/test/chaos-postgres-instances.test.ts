import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoad } from './chaos-support/load-generator.js';
import {
  checkPostgres,
  sharedSessionsBatch,
  startTwoInstances,
  type TwoInstances,
} from './chaos-support/postgres-recompute.js';

// Two instances on one PostgreSQL, writers sending to both (each attempt to either), while one of
// them, picked at random, is SIGKILLed every 1–3 s and restarted, for 60 s. An acknowledged event
// is never lost or stored twice, and every derived table equals a recomputation from the stored
// events by one writer: a commit cut by a kill left nothing half-done, and none lost another's
// update. postgres-two-instances.test.ts is the version without kills, in `npm test`.

const DURATION_MS = Number(process.env.CHAOS_POSTGRES_INSTANCES_MS ?? 60_000);

let cluster: TwoInstances | undefined;
beforeAll(async () => {
  cluster = await startTwoInstances();
});
afterAll(async () => cluster?.dispose());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('chaos: two instances on PostgreSQL, killed in turn', () => {
  it('keeps every acknowledged event exactly once and the rollups exact through 60 s of kill -9 every 1–3 s', {
    timeout: DURATION_MS + 180_000,
  }, async () => {
    const { server, instances } = cluster as TwoInstances;
    const [a] = instances;
    const { siteId, publicKey } = await a.createSite({ name: 'Two instances, killed' });
    const hourStart = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const pick = () => instances[Math.random() < 0.5 ? 0 : 1];
    const load = startLoad(
      () => pick().url,
      publicKey,
      8,
      (key) => sharedSessionsBatch(key, hourStart),
    );

    const kills = [0, 0];
    const end = Date.now() + DURATION_MS;
    while (Date.now() < end) {
      await sleep(1000 + Math.random() * 2000);
      const i = Math.random() < 0.5 ? 0 : 1;
      const victim = instances[i as 0 | 1];
      // With requests in flight and, as often as not, a commit holding its sites' locks.
      await victim.kill();
      kills[i]! += 1;
      await victim.start();
    }
    await sleep(500);
    await load.stop();
    for (const s of instances) expect(await s.stop()).toBe(0);

    const result = await checkPostgres(server, siteId, load.acked);
    console.log(
      `FIGURE chaos-postgres-instances: acked=${result.acked}, lost=${result.lost}, duplicates=${result.duplicates}, ` +
        `stored-rows=${result.storedRows}, derived-rows=${result.derivedRows}, kills=${kills.join('+')}, ` +
        `retried-attempts=${load.retries}, answers=${JSON.stringify(Object.fromEntries(load.answers))}`,
    );
    expect(result.lost).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.differences).toEqual([]);
    // Meaningful only if both instances were killed under load many times.
    expect(kills[0]! + kills[1]!).toBeGreaterThanOrEqual(Math.floor(DURATION_MS / 10_000));
    expect(Math.min(...kills)).toBeGreaterThan(0);
    expect(result.acked).toBeGreaterThan(1000);
  });
});
