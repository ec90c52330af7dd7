import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRange } from '../src/analytics/query-range.js';
import { migrateDatabase } from '../src/db/migrate-database.js';
import { type Db, openDatabase } from '../src/db/open-database.js';
import { readTasks } from '../src/features/tasks/tasks-store.js';
import { sessionSampleLevel } from '../src/lib/session-sample-level.js';
import { statementsOf } from './helpers/statements-of.js';

// The score after an outcome from its read model (db/schema/tasks.ts, docs/query-speed.md "The
// tasks route at 10 M events"): what it answers is proved by read-tasks-properties.test.ts; this
// proves the route no longer reads the answers or the ended runs for it, only the kept counts by
// tier and the few chained links through their partial index, from the statements it really runs.

describe('the score after an outcome on GET /v1/metrics/tasks', () => {
  let db: Db;
  const range = resolveRange({ from: '2026-01-10', to: '2026-06-20', tz: 'America/New_York' });
  beforeAll(() => {
    db = openDatabase(':memory:');
    migrateDatabase(db);
    // One run counted in range, so the read goes on to the score (an empty range stops before it).
    db.$client
      .prepare(
        "INSERT INTO task_rollups (site_id, hour, task, path, device, browser, language, started) VALUES ('site_plan', ?, 'checkout', '/', 'mobile', 'safari', 'en', 1)",
      )
      .run(range.fromHour + 3_600_000);
  });
  afterAll(() => db.$client.close());

  it('under an audience, looks up the answers after a run by its session, never every later answer of the site', () => {
    // One ended run of a session with the trait in range, so the read goes on to the score after it.
    const at = range.fromHour + 3_600_000;
    db.$client
      .prepare(
        "INSERT INTO task_runs (site_id, run_id, session_id, task, hour, started_at, path, device, browser, language, outcome, ended_at) VALUES ('site_plan', 'run1', 'sess1', 'checkout', ?, ?, '/', 'mobile', 'safari', 'en', 'success', ?)",
      )
      .run(at, at, at + 60_000);
    // With its session's start hour and sample level, and marked as its session has a run, as identify
    // stores it after the run: the audience's walk reads them.
    db.$client
      .prepare(
        "INSERT INTO session_traits (site_id, session_id, key, value, hour, sample_level, tasks) VALUES ('site_plan', 'sess1', 'plan', 'pro', ?, ?, 1)",
      )
      .run(at, sessionSampleLevel('sess1'));
    const audience = { traits: [{ key: 'plan', value: 'pro' }], returning: undefined };
    // Grouped: an audience the counts by who the session is do not hold (audience-task-counts.ts), so the runs' read.
    const ran = statementsOf(db.$client, () =>
      readTasks(
        db.$client,
        'site_plan',
        { interval: undefined, task: undefined, groupBy: 'device', filters: {}, audience },
        range,
      ),
    );
    const after = ran.filter((r) => /\bFROM responses\b/.test(r.sql));
    expect(after).toHaveLength(1);
    const plan = (
      db.$client.prepare(`EXPLAIN QUERY PLAN ${after[0]!.sql}`).all(...after[0]!.args) as { detail: string }[]
    )
      .map((p) => p.detail)
      .join('\n');
    // responses_site_created (site, created_at > a run's end) walked every later answer of the site per run.
    expect(plan).toMatch(/SEARCH responses USING INDEX responses_site_session \(site_id=\? AND session_id=\?\)/);
    expect(plan).not.toMatch(/responses_site_created/);
  });

  for (const [name, q] of [
    ['all tasks', { task: undefined, groupBy: undefined, filters: {} }],
    ['one task on mobile, by browser', { task: 'checkout', groupBy: 'browser', filters: { device: 'mobile' } }],
  ] as const) {
    it(`reads no answer and no ended run, only the counts and the chained links (${name})`, () => {
      const ran = statementsOf(db.$client, () =>
        readTasks(db.$client, 'site_plan', { interval: undefined, ...q }, range),
      );
      expect(ran.filter((r) => /\bresponses\b/.test(r.sql))).toEqual([]);
      // The only runs read are those still open (in progress), through the open-runs index.
      for (const r of ran.filter((x) => /\btask_runs\b/.test(x.sql))) expect(r.sql).toContain('r.outcome IS NULL');
      for (const grain of ['', '_daily', '_monthly'])
        expect(ran.some((r) => r.sql.includes(`FROM task_score_rollups${grain} `))).toBe(true);
      const links = ran.filter((r) => r.sql.includes('FROM task_answer_links'));
      expect(links).toHaveLength(1);
      const plan = db.$client.prepare(`EXPLAIN QUERY PLAN ${links[0]!.sql}`).all(...links[0]!.args) as {
        detail: string;
      }[];
      expect(plan.map((p) => p.detail).join('\n')).toMatch(
        /USING INDEX task_answer_links_chained_hour \(site_id=\? AND hour>\? AND hour<\?\)/,
      );
    });
  }
});
