// `npx tsx scripts/src/bench-task-writes.ts`: what task events cost the write path, per event, by
// the store's own derivation profile. Requests of 10 task events and 5 answers (each session starts a task and,
// usually in a later request, succeeds or fails it: half the outcomes find their run in the
// database, as across pages) in group commits of 50 requests, on a fresh file database; each
// session answers a prompt just after its outcome (the score after an outcome links it to the run);
// the
// realistic widget batches of bench:ingest (bench-events.ts) are committed the same way as the
// baseline, in the same run. Prints µs per event: the task derivation alone, the score after an
// outcome alone, and each whole commit.
import { randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';
import { createIngestStore, type DerivationProfile, type IngestRow, prepareEvents } from '@loupe/server/internal';
import { freshDb, makeGroups } from './bench/bench-writer.js';

const REQUESTS = 2000;
const PER_COMMIT = 50;
const TASK_PART = 'tasks (runs + rollups)';
const SCORE_PART = 'tasks: score after an outcome';

function taskGroups(requests: number): IngestRow[][] {
  const client = { device: 'mobile' as const, browser: 'safari' };
  let session = 0;
  return Array.from({ length: requests }, (_, r) => {
    const now = Date.now();
    const events: LoupeEventInput[] = [];
    for (let i = 0; i < 5; i++) {
      // This request's five starts, and the outcomes of the previous request's five sessions.
      const fresh = `s-${session + i}`;
      const old = `s-${session + i - 5}`;
      const common = { url: 'https://shop.example/checkout', path: '/checkout', ts: now, language: 'en-US' };
      events.push({ ...common, id: randomUUID(), sessionId: fresh, type: 'task', name: 'checkout', action: 'start' });
      events.push({
        ...common,
        id: randomUUID(),
        sessionId: r === 0 ? fresh : old,
        type: 'task',
        name: 'checkout',
        action: i % 4 === 0 ? 'fail' : 'success',
      });
      events.push({
        ...common,
        ts: now + 1,
        id: randomUUID(),
        sessionId: r === 0 ? fresh : old,
        type: 'response',
        promptId: 'nps-main',
        displayId: randomUUID(),
        kind: 'nps',
        score: i * 2,
      });
    }
    session += 5;
    return prepareEvents(events, undefined, { siteId: 'site_bench', receivedAt: now, client }).rows;
  });
}

function run(groups: IngestRow[][]): DerivationProfile & Map<string, number> {
  const { db, dispose } = freshDb();
  try {
    const profile: DerivationProfile = new Map();
    const store = createIngestStore(db, { profile });
    store.commit(groups.slice(0, PER_COMMIT)); // warm the statements and the JIT
    profile.clear();
    for (let i = PER_COMMIT; i < groups.length; i += PER_COMMIT) store.commit(groups.slice(i, i + PER_COMMIT));
    return profile;
  } finally {
    dispose();
  }
}

const rowsOf = (groups: IngestRow[][]) => groups.slice(PER_COMMIT).reduce((n, g) => n + g.length, 0);
const tasks = taskGroups(REQUESTS);
const widget = makeGroups(REQUESTS, 'v4');
const best = (f: () => Map<string, number>) => {
  const runs = [f(), f(), f()];
  return (name: string) => Math.min(...runs.map((p) => p.get(name) ?? 0));
};
const t = best(() => run(tasks));
const w = best(() => run(widget));
const [taskRows, widgetRows] = [rowsOf(tasks), rowsOf(widget)];
const us = (ms: number, rows: number) => ((ms * 1000) / rows).toFixed(2);
console.log(`task events and answers: ${taskRows} in commits of ${PER_COMMIT} requests of 15; best of 3 runs`);
console.log(`  task derivation (runs + rollups): ${us(t(TASK_PART), taskRows)} µs per event`);
console.log(`  score after an outcome (relink):  ${us(t(SCORE_PART), taskRows)} µs per event`);
console.log(`  whole commit:                     ${us(t('total'), taskRows)} µs per event`);
console.log(`widget batches (bench:ingest's):    ${us(w('total'), widgetRows)} µs per event (baseline)`);
console.log(`  ratio task/answer ÷ widget event: ${(t('total') / taskRows / (w('total') / widgetRows)).toFixed(2)}×`);
