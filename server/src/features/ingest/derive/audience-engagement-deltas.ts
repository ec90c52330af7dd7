import type Database from 'better-sqlite3';
import { engagementBucket } from '../../../lib/engagement-histogram.js';
import { perDatabase } from '../../../lib/per-database.js';
import type { Contribution, SessionFacts } from './audience-session-contributions.js';
import { prepareTieredRollupTables, TieredRollupDeltas } from './tiered-rollup-deltas.js';

// The engagement histogram by who the session is (db/schema/audience-engagement-counts.ts), and the
// same split by the session's browser and language (db/schema/audience-dimension-engagement-counts.ts),
// from the same contributions as audience_session_rates (audience-session-rate-deltas.ts calls
// `change` with each touched session's before and after), so they cannot disagree: a session is
// one session and its engaged time in the bucket of that time, under each of its keys (and each
// dimension's value of it). Its engaged time grows as its events arrive, so a commit usually moves
// it from one bucket to the next.

const COUNTERS = ['sessions', 'engaged_ms'] as const;
type Counter = (typeof COUNTERS)[number];
/** SessionFacts.counts' engaged_ms (AUDIENCE_SESSION_COUNTERS). */
const ENGAGED_MS = 4;

/** The dimensions audience_dimension_engagement_counts splits by, with the session's value of each. */
const DIMENSIONS: readonly [string, (s: SessionFacts) => string][] = [
  ['browser', (s) => s.browser],
  ['language', (s) => s.language],
];

const plain = perDatabase((db: Database.Database) =>
  prepareTieredRollupTables(
    db,
    'audience_engagement_counts',
    ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'device', 'bucket'],
    COUNTERS,
  ),
);
const byDimension = perDatabase((db: Database.Database) =>
  prepareTieredRollupTables(
    db,
    'audience_dimension_engagement_counts',
    ['site_id', 'trait_key', 'trait_value', 'dim', 'hour', '"returning"', 'device', 'value', 'bucket'],
    COUNTERS,
  ),
);

type Rows = Map<string, [(string | number)[], number]>;

/** The rows a contribution counts in, by key, with its engaged time: without a dimension, and by each. */
function rowsOf(siteId: string, x: Contribution | undefined): [Rows, Rows] {
  const out: [Rows, Rows] = [new Map(), new Map()];
  if (x === undefined) return out;
  const s = x.session;
  const ms = s.counts[ENGAGED_MS]!;
  const bucket = engagementBucket(ms);
  const put = (rows: Rows, key: (string | number)[]) => rows.set(key.join('\u0001'), [key, ms]);
  for (const [trait, value] of x.keys) {
    put(out[0], [siteId, trait, value, s.hour, x.returning, s.device, bucket]);
    for (const [dim, of] of DIMENSIONS)
      put(out[1], [siteId, trait, value, dim, s.hour, x.returning, s.device, of(s), bucket]);
  }
  return out;
}

/** One commit's changes to audience_engagement_counts and audience_dimension_engagement_counts: `change` per touched session, then `apply`. */
export class AudienceEngagementDeltas {
  /** Without a dimension (hour at 3 in its keys), and by browser or language (hour at 4). */
  private readonly deltas: [TieredRollupDeltas<Counter>, TieredRollupDeltas<Counter>];

  constructor(db: Database.Database) {
    this.deltas = [new TieredRollupDeltas(plain(db), 3), new TieredRollupDeltas(byDimension(db), 4)];
  }

  /** A touched session as it counted before the commit's writes (`was`) and after (`now`). */
  change(siteId: string, was: Contribution | undefined, now: Contribution | undefined): void {
    const befores = rowsOf(siteId, was);
    const nows = rowsOf(siteId, now);
    for (let t = 0; t < 2; t++) {
      const before = befores[t]!;
      const deltas = this.deltas[t]!;
      for (const [id, [key, ms]] of nows[t]!) {
        const old = before.get(id);
        before.delete(id);
        add(deltas, key, old === undefined ? 1 : 0, ms - (old?.[1] ?? 0));
      }
      for (const [key, ms] of before.values()) add(deltas, key, -1, -ms);
    }
  }

  apply(): void {
    for (const d of this.deltas) d.apply();
  }
}

function add(deltas: TieredRollupDeltas<Counter>, key: (string | number)[], sessions: number, ms: number): void {
  deltas.add(key, 'sessions', sessions);
  deltas.add(key, 'engaged_ms', ms);
}
