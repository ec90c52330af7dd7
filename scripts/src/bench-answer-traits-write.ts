// `npx tsx scripts/src/bench-answer-traits-write.ts [answers] [perCommit] [repeats]`: what an
// answer that carries traits costs the writer, µs of CPU per answer on the process's CPU clock
// (least of the runs): each request an identify call with four traits (as the 10 M file's answers
// carry) and an answer, committed `perCommit` requests at a time on a fresh database; with a fourth
// argument `comment`, each answer's comment follows in a later event of the same request (the
// writer updates the stored answer, and its traits' rows with it). Run on two trees to compare
// (docs/ingest-cost.md, "An answer's traits, one row each").
import { randomUUID } from 'node:crypto';
import { createIngestStore, type DerivationProfile, type IngestRow, prepareEvents } from '@loupe/server/internal';
import type { LoupeEventInput } from '@loupe/shared';
import { freshDb } from './bench/bench-writer.js';

const [answers = 20_000, perCommit = 50, repeats = 3] = process.argv.slice(2, 5).map(Number);
const withComment = process.argv[5] === 'comment';
const client = { device: 'mobile' as const, browser: 'safari' };

function requests(n: number, siteId: string): IngestRow[][] {
  const t0 = Date.now() - 3_600_000;
  return Array.from({ length: n }, (_, i) => {
    const sessionId = randomUUID();
    const at = t0 + i;
    const base = { sessionId, visitorId: randomUUID(), url: 'https://shop.example/', path: '/' };
    const displayId = randomUUID();
    const answer = { ...base, type: 'response', promptId: 'p_bench', displayId, kind: 'nps', score: i % 11 };
    const events: LoupeEventInput[] = [
      {
        ...base,
        id: randomUUID(),
        ts: at,
        type: 'identify',
        customerId: `c-${i}`,
        traits: { plan: i % 3 ? 'pro' : 'free', customerType: 'business', country: 'DE', years: i % 7 },
      } as LoupeEventInput,
      { ...answer, id: randomUUID(), ts: at + 1 } as LoupeEventInput,
      ...(withComment
        ? [{ ...answer, id: randomUUID(), ts: at + 2, comment: 'slow checkout' } as LoupeEventInput]
        : []),
    ];
    return prepareEvents(events, undefined, { siteId, receivedAt: at + 3, client }).rows;
  });
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// The derivation profile reads `performance.now`: on the CPU clock here, as bench-derivations-cpu.ts.
Object.defineProperty(performance, 'now', { value: cpu });
const MERGED = 'per event: sums (rollups, sessions, visits) and answers merged';

let least = { all: Infinity, merged: Infinity };
for (let run = 0; run < repeats; run++) {
  const { db, dispose } = freshDb();
  try {
    createIngestStore(db).commit(requests(perCommit * 4, 'site_warm'));
    const profile: DerivationProfile = new Map();
    const store = createIngestStore(db, { profile });
    const groups = requests(answers, 'site_bench');
    const start = cpu();
    for (let i = 0; i < groups.length; i += perCommit) store.commit(groups.slice(i, i + perCommit));
    const all = ((cpu() - start) * 1000) / answers;
    const merged = ((profile.get(MERGED) ?? 0) * 1000) / answers;
    least = { all: Math.min(least.all, all), merged: Math.min(least.merged, merged) };
  } finally {
    dispose();
  }
}
console.log(
  `${answers} answers with four traits, each after its identify call${withComment ? ', its comment in a later event' : ''}, in commits of ${perCommit}, µs of CPU per answer (least of ${repeats}): ` +
    `the commit ${least.all.toFixed(1)}, "${MERGED}" ${least.merged.toFixed(1)}`,
);
