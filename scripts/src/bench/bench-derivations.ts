import { createIngestStore, type DerivationProfile } from '@loupe/server/internal';
import type { IdFormat } from './bench-events.js';
import { type BatchSizes, freshDb, makeGroups } from './bench-writer.js';

// The writer's time by derivation: the store, on a fresh database already holding another site's
// rows, commits bench-events' requests in group commits of `perCommit` requests (what the writer
// makes of a busy second), with a profile that times each part of each commit (events, sessions,
// page visits, each rollup table, the cube tiers, sketches, goals, friction, error
// groups). What the parts leave of the whole is the transaction's own: BEGIN, COMMIT and its fsync.

export interface DerivationCost {
  name: string;
  /** Microseconds per stored event. */
  perEvent: number;
  /** Share of the whole commit time. */
  share: number;
}

export interface DerivationsResult {
  ids: IdFormat;
  rows: number;
  commits: number;
  /** Whole commits, µs per event. */
  totalPerEvent: number;
  parts: DerivationCost[];
}

/**
 * `repeats` runs on fresh databases; each part's least time over them (a shared machine only ever
 * adds time, never takes it away), so parts may not sum exactly to the least total.
 */
export function benchDerivations(
  ids: IdFormat,
  requests = 2000,
  perCommit = 50,
  repeats = 3,
  savedFunnels = 0,
  sizes: BatchSizes = 'mix',
): DerivationsResult {
  const runs = Array.from({ length: repeats }, () => profileOnce(ids, requests, perCommit, savedFunnels, sizes));
  const least = new Map<string, number>();
  for (const run of runs) for (const [name, ms] of run.profile) least.set(name, Math.min(least.get(name) ?? ms, ms));
  const { rows, commits } = runs[0]!;
  const total = least.get('total') ?? 0;
  const named = [...least].filter(([name]) => name !== 'total');
  const rest = Math.max(0, total - named.reduce((n, [, ms]) => n + ms, 0));
  const parts = [...named, ['transaction: BEGIN, COMMIT (fsync)', rest] as [string, number]]
    .map(([name, ms]) => ({ name, perEvent: (ms * 1000) / rows, share: ms / total }))
    .sort((a, b) => b.perEvent - a.perEvent);
  return { ids, rows, commits, totalPerEvent: (total * 1000) / rows, parts };
}

/** Funnels over bench-events' pages and goal, saved for the benched site: each changed session is walked through each. */
const SAVED_FUNNEL_STEPS = [
  ['/products/*', 'track:add_to_cart'],
  ['/products/item-1', '/products/item-2', 'track:add_to_cart'],
  ['/products/*', '/products/*', '/products/*', 'track:add_to_cart'],
];

function profileOnce(ids: IdFormat, requests: number, perCommit: number, savedFunnels: number, sizes: BatchSizes) {
  const { db, dispose } = freshDb();
  try {
    const save = db.$client.prepare(
      "INSERT INTO saved_funnels (id, site_id, name, steps, generation, backfill_cursor, created_at, updated_at) VALUES (?, 'site_bench', ?, ?, 1, NULL, 0, 0)",
    );
    for (let i = 0; i < savedFunnels; i++)
      save.run(`fn_bench_${i}`, `bench ${i}`, JSON.stringify(SAVED_FUNNEL_STEPS[i % SAVED_FUNNEL_STEPS.length]));
    createIngestStore(db).commit(makeGroups(300, ids, 'site_warm'));
    const profile: DerivationProfile = new Map();
    const store = createIngestStore(db, { profile });
    // Warm the JIT on this store's statements, then forget what that cost.
    store.commit(makeGroups(perCommit, ids, 'site_bench', sizes));
    profile.clear();
    const groups = makeGroups(requests, ids, 'site_bench', sizes);
    let commits = 0;
    for (let i = 0; i < groups.length; i += perCommit) {
      store.commit(groups.slice(i, i + perCommit));
      commits += 1;
    }
    return { profile, commits, rows: groups.reduce((n, g) => n + g.length, 0) };
  } finally {
    dispose();
  }
}
