// `npx tsx scripts/src/bench-identify-writes.ts`: what identify calls and the customers' retention
// cohorts cost the write path, per event, by the store's own derivation profile. Requests of 10
// events (five sessions that each get a page view and an identify naming one of a few thousand
// customers, so most calls find their customer's cohort row, and the previous request's five
// sessions reach a goal, which finds their customers) in group commits of 50 requests on a fresh
// file database; the realistic widget batches of bench:ingest are committed the same way as the
// baseline, in the same run. Prints µs per event: the customers' derivation (identify, returning,
// customer cohorts, trait score rollups), the sessions' (which counts the goals of identified
// sessions), the retention cohorts under a trait (every session here has traits), and each whole
// commit.
import { randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';
import { createIngestStore, type DerivationProfile, type IngestRow, prepareEvents } from '@loupe/server/internal';
import { freshDb, makeGroups } from './bench/bench-writer.js';

const REQUESTS = 2000;
const PER_COMMIT = 50;
const CUSTOMERS = 3000;
const CUSTOMER_PART = 'customers: identify, returning, customer cohorts (+ trait_score_rollups)';
const SESSION_PART = 'sessions (+ session rollups)';
const AUDIENCE_COHORT_PART = 'retention cohorts under a trait';

function identifyGroups(requests: number): IngestRow[][] {
  const client = { device: 'mobile' as const, browser: 'safari' };
  let session = 0;
  return Array.from({ length: requests }, (_, r) => {
    const now = Date.now();
    const events: LoupeEventInput[] = [];
    for (let i = 0; i < 5; i++) {
      const fresh = `s-${session + i}`;
      const visitorId = `v-${(session + i) % (CUSTOMERS * 2)}`;
      const common = { url: 'https://shop.example/account', path: '/account', ts: now, language: 'en-US', visitorId };
      events.push({ ...common, id: randomUUID(), sessionId: fresh, type: 'pageview' });
      events.push({
        ...common,
        id: randomUUID(),
        sessionId: fresh,
        type: 'identify',
        customerId: `cus_${(session + i) % CUSTOMERS}`,
        traits: { plan: i % 2 ? 'pro' : 'free', seats: i },
      });
      if (r > 0) {
        const old = `s-${session + i - 5}`;
        events.push({ ...common, id: randomUUID(), sessionId: old, type: 'track', name: 'purchase' });
      }
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
const calls = identifyGroups(REQUESTS);
const widget = makeGroups(REQUESTS, 'v4');
const best = (f: () => Map<string, number>) => {
  const runs = [f(), f(), f()];
  return (name: string) => Math.min(...runs.map((p) => p.get(name) ?? 0));
};
const c = best(() => run(calls));
const w = best(() => run(widget));
const [callRows, widgetRows] = [rowsOf(calls), rowsOf(widget)];
const us = (ms: number, rows: number) => ((ms * 1000) / rows).toFixed(2);
console.log(`page views, identify calls and goals: ${callRows} events in commits of ${PER_COMMIT} requests; best of 3`);
console.log(`  customers' derivation:  ${us(c(CUSTOMER_PART), callRows)} µs per event`);
console.log(`  sessions' derivation:   ${us(c(SESSION_PART), callRows)} µs per event`);
console.log(`  cohorts under a trait:  ${us(c(AUDIENCE_COHORT_PART), callRows)} µs per event`);
console.log(`  whole commit:           ${us(c('total'), callRows)} µs per event`);
console.log(`widget batches (bench:ingest's): ${us(w('total'), widgetRows)} µs per event (baseline)`);
console.log(`  ratio ÷ widget event:   ${(c('total') / callRows / (w('total') / widgetRows)).toFixed(2)}×`);
console.log(`  customers' share of these commits: ${((100 * c(CUSTOMER_PART)) / c('total')).toFixed(1)} %`);
