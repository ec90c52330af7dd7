import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRange } from '../src/analytics/query-range.js';
import { readClicks } from '../src/features/clicks/clicks-store.js';
import { type FreshDatabase, freshPostgresDatabase } from './helpers/postgres-database.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// A read whose speed at 1 M events on PostgreSQL rests on its shape, not on the planner's estimates
// (docs/postgresql.md, "Reads"): what it answers is proved by the property and parity tests; this
// proves the plan, from the statements the store really runs (recorded as they run). The shape
// must leave PostgreSQL one plan whatever it guesses of the sizes, so the plan is asked for with
// nested loops discouraged (enable_nestloop = off): the planner's choice when it misjudges the
// audience, which an empty database cannot make it do.

interface Ran {
  sql: string;
  args: unknown[];
}

/** The statements `read` runs (all()) on `db`, with their arguments. */
function statementsOf(db: Database.Database, read: () => unknown): Ran[] {
  const ran: Ran[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    const all = statement.all.bind(statement);
    statement.all = ((...args: unknown[]) => {
      ran.push({ sql, args });
      return all(...args);
    }) as typeof statement.all;
    return statement;
  }) as typeof db.prepare;
  try {
    read();
  } finally {
    db.prepare = prepare as typeof db.prepare;
  }
  return ran;
}

/** PostgreSQL's plan of `r` (no costs, no timings) with nested loops discouraged. */
function planWithoutNestedLoops(db: Database.Database, r: Ran): string {
  db.exec('SET enable_nestloop = off');
  try {
    return (
      db
        .prepare(`EXPLAIN (COSTS OFF) ${r.sql}`)
        .pluck()
        .all(...r.args) as string[]
    ).join('\n');
  } finally {
    db.exec('RESET enable_nestloop');
  }
}

describe('the plans of reads at 1 M events on PostgreSQL', () => {
  let database: FreshDatabase;
  let t: TestApp;
  beforeAll(async () => {
    database = await freshPostgresDatabase();
    t = await createTestApp({}, { postgresUrl: database.url });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it("an audience's clicks read session_clicks per session of the audience, through its key", () => {
    const db = t.app.db.$client;
    const range = resolveRange({ from: '2026-01-01', to: '2026-01-30', tz: 'UTC' });
    const audience = { traits: [{ key: 'plan', value: 'pro' }] };
    const ran = statementsOf(db, () => {
      // The ordinary clicks (kind=click), and the frustration clicks (rage, dead, error).
      readClicks(db, 'site_plan', { kind: 'click', audience, limit: 10 }, range);
      readClicks(db, 'site_plan', { audience, limit: 10 }, range);
    });
    const reads = ran.filter((r) => r.sql.includes('session_clicks'));
    expect(reads).toHaveLength(2);
    for (const r of reads) {
      // A probe of the session's key range per session, never a join of the site's whole click rows.
      expect(planWithoutNestedLoops(db, r)).toMatch(
        /Index Scan using \S+ on session_clicks c\n\s+Index Cond: \(\(site_id = s\.site_id\) AND \(session_id = s\.session_id\)/,
      );
    }
  });
});
