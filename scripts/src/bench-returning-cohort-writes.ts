// `npx tsx scripts/src/bench-returning-cohort-writes.ts [--requests N] [--visitors N] [--rounds N]`:
// what the returning visitors' cohort table (returning_cohort_rollups) costs the ingest writer,
// per event, by the store's own derivation profile. A stream of requests of five new sessions
// (a page view each, every other one with a goal) from a pool of known visitors, spread over 120
// days so they fall in many weeks and months: most sessions after the pool's first pass are
// returning. Committed in groups of 50 requests on a fresh file database, with the table kept and
// with no visitor ever put in (ReturningCohortCounts.visitorMayHaveReturned a no-op: no flag, so
// cohort-deltas.ts counts nothing twice either), alternating round by round in one process.
// Timed on the process's CPU clock (the profile reads performance.now, replaced for the run), as
// the machine this runs on is shared.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { LoupeEventInput } from '@loupe/shared';
import {
  createIngestStore,
  type DerivationProfile,
  type IngestRow,
  prepareEvents,
  ReturningCohortCounts,
} from '@loupe/server/internal';
import { freshDb } from './bench/bench-writer.js';

const { values: args } = parseArgs({
  options: { requests: { type: 'string' }, visitors: { type: 'string' }, rounds: { type: 'string' } },
});
const REQUESTS = Number(args.requests ?? 2000);
const VISITORS = Number(args.visitors ?? 3000);
const ROUNDS = Number(args.rounds ?? 3);
const PER_COMMIT = 50;
const SPAN_MS = 120 * 86_400_000;
const PARTS = ['sessions (+ session rollups)', 'returning visitors (visitor_cohorts.returned_ts)'];

function sessionGroups(): IngestRow[][] {
  const client = { device: 'mobile' as const, browser: 'safari' };
  const start = Date.now() - SPAN_MS;
  let session = 0;
  return Array.from({ length: REQUESTS }, (_, r) => {
    const ts = start + Math.floor((r * SPAN_MS) / REQUESTS);
    const events: LoupeEventInput[] = [];
    for (let i = 0; i < 5; i++, session++) {
      const common = {
        url: 'https://shop.example/',
        path: '/',
        ts: ts + i,
        language: 'en-US',
        sessionId: `s-${session}`,
        // A stride coprime with the pool: a visitor's sessions are spread over the whole span.
        visitorId: `v-${(session * 7919) % VISITORS}`,
      };
      events.push({ ...common, id: randomUUID(), type: 'pageview' });
      if (session % 2 === 0) events.push({ ...common, id: randomUUID(), type: 'track', name: 'purchase' });
    }
    // Received just after they happened, so the oldest pass the age check.
    return prepareEvents(events, undefined, { siteId: 'site_bench', receivedAt: ts + 1000, client }).rows;
  });
}

function run(groups: IngestRow[][]): Map<string, number> {
  const { db, dispose } = freshDb();
  try {
    const profile: DerivationProfile = new Map();
    const store = createIngestStore(db, { profile });
    for (let i = 0; i < groups.length; i += PER_COMMIT) store.commit(groups.slice(i, i + PER_COMMIT));
    const counted = db.$client.prepare('SELECT count(*) FROM visitor_cohorts WHERE counted_returning = 1').pluck();
    profile.set('returning visitors counted', Number(counted.get()));
    return profile;
  } finally {
    dispose();
  }
}

Object.defineProperty(performance, 'now', {
  value: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
});
const groups = sessionGroups();
const rows = groups.reduce((n, g) => n + g.length, 0);
const proto = ReturningCohortCounts.prototype as unknown as Record<string, unknown>;
const kept = proto.visitorMayHaveReturned;
const us = (ms: number | undefined) => (((ms ?? 0) * 1000) / rows).toFixed(1).padStart(8);
console.log(`${rows} events, ${REQUESTS * 5} sessions of ${VISITORS} visitors, commits of ${PER_COMMIT} requests`);
console.log(
  `variant   returning counted   whole commit CPU µs/event   ${PARTS.map((p) => p.slice(0, 28)).join(' | ')}`,
);
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, impl] of [
    ['kept', kept],
    ['dropped', () => {}],
  ] as const) {
    proto.visitorMayHaveReturned = impl;
    const p = run(groups);
    const counted = String(p.get('returning visitors counted')).padStart(17);
    console.log(
      `${name.padEnd(8)}  ${counted}   ${us(p.get('total')).padStart(21)}   ${PARTS.map((x) => us(p.get(x))).join(' | ')}`,
    );
  }
}
proto.visitorMayHaveReturned = kept;
