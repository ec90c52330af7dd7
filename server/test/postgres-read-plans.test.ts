import { describe, expect, it } from 'vitest';
import {
  audienceGoals,
  audienceSessions,
  audienceSessionTotals,
  audienceVisits,
} from '../src/analytics/audience-sessions.js';
import { resolveRange } from '../src/analytics/query-range.js';
import { readClicks } from '../src/features/clicks/clicks-store.js';
import { postgresTestApps } from './helpers/postgres-test-apps.js';

// Reads whose speed at 1 M events on PostgreSQL rests on being planned with their values
// (sql-dialect.ts, PLAN_EACH_RUN; docs/postgresql.md, "Reads"): what they answer is proved by the
// property and parity tests. A prepared statement that PostgreSQL runs a sixth time may be given
// a generic plan, which knows none of its values; these are never prepared, so they cannot be.

describe('reads planned at each run on PostgreSQL', () => {
  const {
    apps: [t],
  } = postgresTestApps();

  it("an audience's reads that name traits, however often they are made", () => {
    const db = t.app.db.$client;
    const range = resolveRange({ from: '2026-01-01', to: '2026-01-30', tz: 'UTC' });
    const audience = { traits: [{ key: 'plan', value: 'pro' }] };
    const [from, to] = [range.fromHour, range.toHour];
    for (let run = 0; run < 8; run++) {
      // The ordinary clicks (kind=click), and the frustration clicks (rage, dead, error).
      readClicks(db, 'site_plan', { kind: 'click', audience, limit: 10 }, range);
      readClicks(db, 'site_plan', { audience, limit: 10 }, range);
      audienceSessions(db, 'site_plan', audience, from, to);
      audienceGoals(db, 'site_plan', audience, from, to);
      audienceVisits(db, 'site_plan', audience, from, to);
      audienceSessionTotals(db, 'site_plan', audience, from, to, { device: 'mobile' }, { column: 'browser' });
    }
    // The server's connection's prepared statements: none of them names a trait.
    const prepared = db.prepare('SELECT statement FROM pg_prepared_statements').pluck().all() as string[];
    expect(prepared.length).toBeGreaterThan(0);
    expect(prepared.filter((s) => s.includes('session_traits'))).toEqual([]);
  });
});
