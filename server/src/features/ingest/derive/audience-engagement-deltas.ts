import type Database from 'better-sqlite3';
import { engagementBucket } from '../../../lib/engagement-histogram.js';
import { perDatabase } from '../../../lib/per-database.js';
import type { Contribution } from './audience-session-contributions.js';
import { prepareTieredRollupTables, TieredRollupDeltas } from './tiered-rollup-deltas.js';

// The engagement histogram by who the session is (db/schema/audience-engagement-counts.ts), from
// the same contributions as audience_session_rates (audience-session-rate-deltas.ts calls `change`
// with each touched session's before and after), so the two cannot disagree: a session is one
// session and its engaged time in the bucket of that time, under each of its keys. Its engaged
// time grows as its events arrive, so a commit usually moves it from one bucket to the next.

const COUNTERS = ['sessions', 'engaged_ms'] as const;
type Counter = (typeof COUNTERS)[number];
/** SessionFacts.counts' engaged_ms (AUDIENCE_SESSION_COUNTERS). */
const ENGAGED_MS = 4;

const statements = perDatabase((db: Database.Database) =>
  prepareTieredRollupTables(
    db,
    'audience_engagement_counts',
    ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'device', 'bucket'],
    COUNTERS,
  ),
);

/** The rows a contribution counts in, by key, with its engaged time. */
function rowsOf(siteId: string, x: Contribution | undefined): Map<string, [(string | number)[], number]> {
  const out = new Map<string, [(string | number)[], number]>();
  if (x === undefined) return out;
  const s = x.session;
  const ms = s.counts[ENGAGED_MS]!;
  const bucket = engagementBucket(ms);
  for (const [trait, value] of x.keys) {
    const key = [siteId, trait, value, s.hour, x.returning, s.device, bucket];
    out.set(key.join('\u0001'), [key, ms]);
  }
  return out;
}

/** One commit's changes to audience_engagement_counts: `change` per touched session, then `apply`. */
export class AudienceEngagementDeltas {
  private readonly deltas: TieredRollupDeltas<Counter>;

  constructor(db: Database.Database) {
    this.deltas = new TieredRollupDeltas(statements(db), 3);
  }

  /** A touched session as it counted before the commit's writes (`was`) and after (`now`). */
  change(siteId: string, was: Contribution | undefined, now: Contribution | undefined): void {
    const before = rowsOf(siteId, was);
    for (const [id, [key, ms]] of rowsOf(siteId, now)) {
      const old = before.get(id);
      before.delete(id);
      this.add(key, old === undefined ? 1 : 0, ms - (old?.[1] ?? 0));
    }
    for (const [key, ms] of before.values()) this.add(key, -1, -ms);
  }

  apply(): void {
    this.deltas.apply();
  }

  private add(key: (string | number)[], sessions: number, ms: number): void {
    this.deltas.add(key, 'sessions', sessions);
    this.deltas.add(key, 'engaged_ms', ms);
  }
}
