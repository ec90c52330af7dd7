import { describe, expect, it } from 'vitest';
import { audienceSessions, audienceSessionTotals, audienceVisits } from '../src/analytics/audience-sessions.js';
import type { AudienceFilters, SegmentFilters } from '@loupe/shared';
import { audienceWalk, unsampledWalk } from '../src/analytics/audience-sample.js';
import { audiencePageTotals } from '../src/analytics/audience-page-totals.js';
import { audiencePathTotals } from '../src/analytics/audience-path-totals.js';
import { audienceTotalsAndGoals } from '../src/analytics/audience-totals-and-goals.js';
import { resolveRange } from '../src/analytics/query-range.js';
import { widenOverEmptyHours } from '../src/analytics/widen-over-empty-hours.js';
import { PLAN_EACH_RUN } from '../src/db/sql-dialect.js';
import { readClicks } from '../src/features/clicks/clicks-store.js';
import { readFrictionInsight } from '../src/features/insights/friction-insight-store.js';
import { readJourneys } from '../src/features/journeys/journeys-store.js';
import { readTouchpoints } from '../src/features/journeys/touchpoints-store.js';
import { readScores } from '../src/features/metrics/scores-store.js';
import { readBreakdown } from '../src/features/metrics/breakdown-store.js';
import { readTimeseries } from '../src/features/metrics/timeseries-store.js';
import { audiencePageErrors } from '../src/features/rates/audience-page-errors.js';
import { audiencePeopleSql } from '../src/features/cohorts/audience-people.js';
import { readEngagement } from '../src/features/rates/engagement-store.js';
import { readTasks } from '../src/features/tasks/tasks-store.js';
import { postgresTestApps } from './helpers/postgres-test-apps.js';
import { sampledAnswerReads } from './helpers/sampled-answer-reads.js';
import { type Ran, statementsOf } from './helpers/statements-of.js';

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
      audiencePathTotals(db, 'site_plan', audience, CART_MOBILE, from, to, undefined, unsampledWalk(audience), true);
      audienceVisits(db, 'site_plan', audience, from, to);
      audienceSessionTotals(db, 'site_plan', audience, from, to, { device: 'mobile' }, { column: 'browser' });
    }
    // The server's connection's prepared statements: none of them names a trait.
    const prepared = db.prepare('SELECT statement FROM pg_prepared_statements').pluck().all() as string[];
    expect(prepared.length).toBeGreaterThan(0);
    expect(prepared.filter((s) => s.includes('session_traits'))).toEqual([]);
  });
});

// The PostgreSQL twin of read-index-plans.test.ts for the audience's series and the visitor
// widening: the statements the stores run, explained with their values. The tables are empty, so
// sequential scans are turned off for the explaining: what is proved is that each read can be
// one index range per run or seek, as at 10 M events, not the planner's choice on no rows.
/** A path read's page and segment (audience-path-totals.ts). */
const CART_MOBILE = { path: '/cart', device: 'mobile' as const };

/** Two traits of the larger tables' rows (addTraits' values `v0`–`v3`). */
const V1_TRAITS = {
  traits: [
    { key: 'plan', value: 'v1' },
    { key: 'type', value: 'v1' },
  ],
};

describe('the indexes audience reads rest on, on PostgreSQL', () => {
  const {
    apps: [t],
  } = postgresTestApps();

  const planOf = (r: Ran) => {
    const db = t.app.db.$client;
    db.exec('SET enable_seqscan = off');
    try {
      return (db.prepare(`${PLAN_EACH_RUN}EXPLAIN ${r.sql}`).all(...r.args) as Record<string, string>[])
        .map((x) => x['QUERY PLAN'])
        .join('\n');
    } finally {
      db.exec('RESET enable_seqscan');
    }
  };

  /**
   * Sessions `<prefix>1`…`<prefix>n` of `siteId`, one a day over a year from 2025-07-01, returning
   * every other one, at sample level i % 11.
   */
  const addSessions = (siteId: string, prefix: string, n: number) =>
    t.app.db.$client
      .prepare(
        'INSERT INTO sessions (site_id, session_id, hour, first_ts, last_ts, entry_path, exit_path, device, browser, ' +
          `language, "returning", sample_level) SELECT ?, ? || i, h, h, h, '/', '/', 'mobile', 'chrome', 'en', i % 2, ` +
          'i % 11 FROM (SELECT i, ?::bigint + (i % 365) * 86400000::bigint AS h FROM generate_series(1, ?::int) AS i) AS x',
      )
      .run(siteId, prefix, Date.UTC(2025, 6, 1), n);
  /** Their traits: plan and type, each one of `values` values, with the session's hour and level, and a person level (a visitor per three sessions). */
  const addTraits = (siteId: string, prefix: string, n: number, values: number) =>
    t.app.db.$client
      .prepare(
        'INSERT INTO session_traits (site_id, session_id, key, value, hour, sample_level, person_level) SELECT ?, ? || i, ' +
          "k, 'v' || (i % ?::int), ?::bigint + (i % 365) * 86400000::bigint, i % 11, (i / 3) % 11 FROM generate_series(1, ?::int) AS i " +
          "CROSS JOIN (VALUES ('plan'), ('type')) AS keys(k)",
      )
      .run(siteId, prefix, values, Date.UTC(2025, 6, 1), n);

  /** Each read of `table` is an index scan whose condition matches `cond`, never a sequential one. */
  const expectKeyRanges = (ran: Ran[], table: string, cond: string) => {
    const reads = ran.filter((r) => new RegExp(`\\b${table}\\b`).test(r.sql));
    expect(reads.length, table).toBeGreaterThan(0);
    for (const r of reads) {
      const plan = planOf(r);
      expect(plan, table).toMatch(new RegExp(`Index (Only )?Scan using \\S+ on ${table}\\b`));
      expect(plan, table).toMatch(new RegExp(`Index Cond: .*${cond}`));
      expect(plan, table).not.toMatch(new RegExp(`Seq Scan on ${table}\\b`));
    }
  };

  it('an audience the counts do not key walks its rarest trait’s sessions of the range through the traits’ index', () => {
    const db = t.app.db.$client;
    const audience = {
      traits: [
        { key: 'plan', value: 'pro' },
        { key: 'type', value: 'b2b' },
      ],
    };
    const [from, to] = [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 31)];
    // Sessions with traits of many values over a year, analysed: on empty tables PostgreSQL finds
    // no index or join order better than another, where at 10 M events it has statistics to go by.
    addTraits('site_plan', 's', 8000, 40);
    addSessions('site_plan', 's', 8000);
    db.exec('ANALYZE session_traits');
    db.exec('ANALYZE sessions');
    const walk = { lead: audience.traits[1], level: 3 };
    const ran = statementsOf(db, () => {
      audienceWalk(db, 'site_plan', audience, from, to, { exact: false, threshold: 5000 });
      audienceSessions(db, 'site_plan', audience, from, to, 'plan', walk);
      audienceVisits(db, 'site_plan', audience, from, to, undefined, walk);
      audienceSessionTotals(db, 'site_plan', audience, from, to, { device: 'mobile' }, { trait: 'type' }, walk);
      // The other trait read from its own index range, each walk materialised once.
      const ranged = { ...walk, ranged: [audience.traits[0]!] };
      audienceTotalsAndGoals(db, 'site_plan', audience, from, to, { device: 'mobile' }, ranged);
      audiencePageTotals(db, 'site_plan', audience, { browser: 'chrome' }, from, to, ranged);
      audiencePathTotals(db, 'site_plan', audience, CART_MOBILE, from, to, { trait: 'type' }, ranged, true);
      audiencePageErrors(db, 'site_plan', audience, { device: 'mobile' }, from, to, ranged);
    });
    const walks = ran.filter((r) => /FROM session_traits d CROSS JOIN sessions s/.test(r.sql));
    expect(walks).toHaveLength(7);
    const counts = ran.filter((r) => /count\(\*\) FROM session_traits WHERE/.test(r.sql));
    expect(counts.length).toBeGreaterThan(0);
    // The walk: the trait's index range, bounded by the hour, then each session by its key. On a
    // table this small PostgreSQL may test the sample levels within the range (a larger one: the
    // next test), through either index of the trait's rows: the person index (site, key, value,
    // person_level, hour) holds the same range, the levels one more column away; which one is a coin
    // toss on a few thousand rows, as here.
    for (const r of [...walks, ...counts]) {
      const plan = planOf(r);
      expect(plan).toMatch(/Index (Only )?Scan using session_traits_key_(sample|person) on session_traits( d)?\b/);
      expect(plan).toMatch(/Index Cond: \(\(site_id = .*key = .*value = .*hour >= .*hour < [^\n]*\)\)(\n|$)/);
      expect(plan).not.toMatch(/Seq Scan/);
    }
    for (const r of walks) {
      expect(planOf(r)).toMatch(
        /Index (Only )?Scan using sessions_site_id_session_id_pk on sessions s\s+\(.*\)\n\s+Index Cond: \(\(site_id = .*session_id = d\.session_id\)\)/,
      );
    }
    // The counts seek one level each: on this table, in either index (the next test: on a larger one,
    // every condition in the sample index's).
    for (const r of counts) expect(planOf(r)).toMatch(/Index Cond: .*hour >= /);
  });

  it('a sampled walk seeks each sample level’s hour range of the trait, on a table the planner weighs', () => {
    const db = t.app.db.$client;
    // 400 000 rows of one site, two keys, four values, levels 0–10, over a year: enough that the
    // levels' condition is worth a seek each (on a few thousand rows PostgreSQL 15 may rather
    // test it within the trait's range, as the test above allows).
    addTraits('site_big', 'b', 200000, 4);
    addSessions('site_big', 'b', 200000);
    db.exec('VACUUM ANALYZE session_traits');
    db.exec('VACUUM ANALYZE sessions');
    const audience = V1_TRAITS;
    const [from, to] = [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 31)];
    const ran = statementsOf(db, () => {
      audienceSessions(db, 'site_big', audience, from, to, undefined, { lead: audience.traits[1], level: 8 });
    });
    // The walk's count of one sample level (audience-sample.ts's, prepared once per connection, so
    // not recorded here): every condition is in the sample index's, not the person index's.
    const count = {
      sql:
        'SELECT count(*) FROM session_traits WHERE site_id = ? AND key = ? AND value = ? AND sample_level = ? ' +
        'AND hour >= ? AND hour < ?',
      args: ['site_big', 'type', 'v1', 8, from, to],
    };
    expect(planOf(count)).toMatch(
      /Index Only Scan using session_traits_key_sample on session_traits\s+\(.*\)\n\s+Index Cond: .*sample_level = .*hour >= /,
    );
    const walks = ran.filter((r) => /FROM session_traits d CROSS JOIN sessions s/.test(r.sql));
    expect(walks).toHaveLength(1);
    // The levels are in the index's condition (one descent per level, bounded by the hour), not a
    // filter of the trait's whole range.
    expect(planOf(walks[0]!)).toMatch(
      /Index Only Scan using session_traits_key_sample on session_traits d\s+\(.*\)\n\s+Index Cond: \(\(site_id = .*key = .*value = .*sample_level = ANY \('\{8,9,10\}'::bigint\[\]\)\) AND \(hour >= .*hour < [^\n]*\)\)\n/,
    );
    expect(planOf(walks[0]!)).not.toMatch(/Filter: .*sample_level/);
  });

  it('an audience without a trait walks the sessions’ sample index, one range per level and returning', () => {
    const db = t.app.db.$client;
    // Sessions of a site of their own, new and returning at every level over a year, analysed. The
    // reads that join goals or visits are left to SQLite's plan test: on their empty tables here
    // PostgreSQL would rightly start from them.
    addSessions('site_ret', 'r', 100000);
    db.exec('VACUUM ANALYZE sessions');
    const audience = { traits: [], returning: true };
    const [from, to] = [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 31)];
    const ran = statementsOf(db, () => {
      audienceWalk(db, 'site_ret', audience, from, to, { exact: false, threshold: 500 });
      const walk = { lead: undefined, level: 3 };
      audienceSessions(db, 'site_ret', audience, from, to, undefined, walk);
      audienceSessionTotals(db, 'site_ret', audience, from, to, { device: 'mobile' }, { column: 'browser' }, walk);
    });
    const counts = ran.filter((r) => /count\(\*\) FROM sessions WHERE/.test(r.sql));
    expect(counts.length).toBeGreaterThan(0);
    for (const r of counts)
      expect(planOf(r)).toMatch(
        /Index Only Scan using sessions_site_sample on sessions\s+\(.*\)\n\s+Index Cond: \(\(site_id = .*sample_level = .*returning"? = .*hour >= .*hour < /,
      );
    const walks = ran.filter((r) => /FROM sessions s WHERE/.test(r.sql));
    expect(walks).toHaveLength(2);
    for (const r of walks) {
      const plan = planOf(r);
      expect(plan).toMatch(
        /Index Scan using sessions_site_sample on sessions s\s+\(.*\)\n\s+Index Cond: \(\(site_id = .*sample_level = ANY .*returning"? = .*hour >= .*hour < /,
      );
      expect(plan).not.toMatch(/Seq Scan on sessions/);
    }
  });

  it('widening a visitor range over empty hours seeks the hourly sketches', () => {
    const db = t.app.db.$client;
    for (const table of ['visitor_sketches', 'visitor_segment_sketches'] as const) {
      const range = { start: Date.UTC(2026, 0, 10, 5), end: Date.UTC(2026, 3, 20, 4) };
      const ran = statementsOf(db, () => widenOverEmptyHours(db, table, 'site_plan', range, true));
      expect(ran).toHaveLength(2);
      for (const r of ran) {
        const plan = planOf(r);
        expect(plan).toMatch(new RegExp(`Index (Only )?Scan (Backward )?using \\S+ on ${table}\\b`));
        expect(plan).toMatch(/Index Cond: .*start [<>]/);
        expect(plan).not.toMatch(/Sort/);
      }
    }
  });

  it('the answers of an audience the counts do not key are found through response_traits’ key, then by id (the score figures from the key alone)', () => {
    const db = t.app.db.$client;
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    const two = {
      traits: [
        { key: 'plan', value: 'pro' },
        { key: 'customerType', value: 'business' },
      ],
    };
    const ran = statementsOf(db, () => {
      readScores(db, 'site_plan', { kind: 'nps', interval: 'week', filters: {}, audience: two }, range);
      readFrictionInsight(db, 'site_plan', { kind: 'nps', minResponses: 1 }, two, range);
      readJourneys(db, 'site_plan', { kind: 'nps', segment: 'detractor', depth: 2, limit: 5 }, {}, two, range);
      readTouchpoints(db, 'site_plan', { kind: 'nps', limit: 5 }, {}, two, [], range);
    });
    // On an empty table either index of (site_id, …key) costs about nothing: planned instead over
    // the site's answers' traits spread as a site's are (many answers, a few names, more values),
    // with their statistics, after the reads ran.
    db.exec(
      'INSERT INTO response_traits (site_id, display_id, key, value, sample_level, created_at) ' +
        "SELECT 'site_plan', 'stat' || i, 'k' || (i % 6), 'v' || (i % 40), 0, 1767225600000 + i * 60000::bigint " +
        'FROM generate_series(1, 20000) AS i',
    );
    db.exec('ANALYZE response_traits');
    // The scores' figures: kept on the trait rows, so no answer is looked up.
    const figures = ran.filter((r) => /\bFROM response_traits AS d\b/.test(r.sql) && !r.sql.includes('responses AS r'));
    expect(figures.length).toBeGreaterThanOrEqual(1);
    for (const r of figures) {
      const plan = planOf(r);
      expect(plan).toMatch(/Index (Only )?Scan using response_traits_(pkey|figures) on response_traits d\b/);
      expect(plan).toMatch(/Index Cond: .*key = .*value = .*created_at >= /);
      expect(plan).not.toMatch(/Seq Scan|\bresponses\b/);
    }
    // Friction, journeys and touchpoints read more of each answer than its figures.
    const reads = ran.filter((r) => /\bJOIN responses AS r\b/.test(r.sql));
    expect(reads.length).toBeGreaterThanOrEqual(3);
    for (const r of reads) {
      const plan = planOf(r);
      expect(plan).toMatch(/Index (Only )?Scan using response_traits_(pkey|figures) on response_traits d\b/);
      // The levels (sample_level = ANY) may be a condition of the index or a filter in it: both read the key alone.
      expect(plan).toMatch(/Index Cond: .*key = .*value = .*created_at >= /);
      expect(plan).toMatch(/Index Scan using responses_site_display on responses r\b/);
      expect(plan).not.toMatch(/Seq Scan|responses_site_created|json_each/);
    }
  });

  it('a sample of the answers of an audience without a trait is read through the answers’ sample index', () => {
    const db = t.app.db.$client;
    try {
      const { reads, counts } = sampledAnswerReads(db, 'site_nt');
      expect(reads.length).toBeGreaterThanOrEqual(2);
      // On an empty table any index range costs about nothing, and the planner may test the levels
      // in every answer of the range: planned instead over answers spread as the hash spreads them
      // (answer i at the level of i's trailing zero bits), with their statistics.
      db.exec(
        'INSERT INTO responses (site_id, display_id, prompt_id, kind, score, session_id, path, device, browser, ' +
          "language, created_at, updated_at, sample_level) SELECT 'site_nt', 'g' || i, 'p', 'nps', 9, 's' || i, " +
          "'/cart', 'desktop', 'chrome', 'en', 1767225600000 + i * 1800000::bigint, 1767225600000 + i * 1800000::bigint, " +
          'least(10, floor(log(2, (i & -i)::numeric))) FROM generate_series(1, 8000) AS i',
      );
      db.exec('ANALYZE responses');
      // A count of level 0 (half the answers) comes last, once the deeper levels held at most the
      // threshold: the planner may read it by time, a range of at most about twice the threshold.
      for (const r of [...reads, ...counts.filter((c) => Number(c.args[1]) > 0)]) {
        const plan = planOf(r);
        // One range per level, bounded by the time (a bitmap of them, or the index scanned level by level).
        expect(plan).toMatch(/(Bitmap Index Scan on|Index (Only )?Scan using) responses_site_sample\b/);
        expect(plan).toMatch(/Index Cond: .*sample_level = .*created_at >= .*created_at < /);
        expect(plan).not.toMatch(/Seq Scan|responses_site_created/);
      }
      // `returning` is tested on the answer's own row: no session is looked up.
      for (const r of reads) {
        expect(r.sql).toContain('r."returning" = ?');
        expect(planOf(r)).not.toMatch(/sessions/);
      }
    } finally {
      db.prepare("DELETE FROM responses WHERE site_id = 'site_nt'").run();
    }
  });

  it('the series under an audience reads its counts and sketches through their keys', () => {
    const db = t.app.db.$client;
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    const ran = statementsOf(db, () => {
      for (const interval of ['day', 'week', 'month'] as const)
        for (const [filters, audience] of [
          [{}, { traits: [], returning: false }],
          [{ device: 'mobile' }, { traits: [{ key: 'plan', value: 'pro' }] }],
        ] satisfies [SegmentFilters, AudienceFilters][])
          readTimeseries(db, 'site_plan', { interval, filters, audience }, range);
    });
    for (const table of [
      ...['', '_daily', '_monthly'].flatMap((g) => [`audience_session_rates${g}`, `audience_score_counts${g}`]),
      'audience_visitor_sketches',
    ]) {
      expectKeyRanges(ran, table, `trait_key = .*${table === 'audience_visitor_sketches' ? 'start' : 'hour'} >= `);
    }
  });

  it('a breakdown by browser, language or entry page under an audience reads its counts and sketches through their keys', () => {
    const db = t.app.db.$client;
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    const ran = statementsOf(db, () => {
      for (const by of ['browser', 'language', 'entryPage'] as const)
        for (const [filters, audience] of [
          [{}, { traits: [], returning: true }],
          [{ device: 'mobile' }, { traits: [{ key: 'plan', value: 'pro' }] }],
        ] satisfies [SegmentFilters, AudienceFilters][])
          readBreakdown(db, 'site_plan', { by, filters, audience, sort: 'sessions', order: 'desc', limit: 10 }, range);
    });
    for (const table of [
      ...['', '_daily', '_monthly'].map((g) => `audience_dimension_rates${g}`),
      'audience_dimension_sketches',
    ]) {
      expectKeyRanges(ran, table, `dim = .*${table === 'audience_dimension_sketches' ? 'start' : 'hour'} >= `);
    }
  });
  it('tasks under an audience read their counts through their keys', () => {
    const db = t.app.db.$client;
    // A counted run in range (each tier): without one the read ends before the scores after an outcome.
    for (const [grain, hour] of [
      ['', Date.UTC(2026, 1, 3, 5)],
      ['_daily', Date.UTC(2026, 1, 3)],
      ['_monthly', Date.UTC(2026, 1, 1)],
    ] as const)
      db.prepare(
        `INSERT INTO audience_task_counts${grain} (site_id, trait_key, trait_value, hour, "returning", task, bucket, started) ` +
          "VALUES ('site_plan', '', '', ?, 1, 'checkout', -1, 1) ON CONFLICT DO NOTHING",
      ).run(hour);
    const ran = statementsOf(db, () => {
      for (const tz of ['UTC', 'America/New_York'])
        for (const interval of ['week', 'month'] as const)
          for (const audience of [
            { traits: [], returning: true },
            { traits: [{ key: 'plan', value: 'pro' }] },
          ] satisfies AudienceFilters[])
            readTasks(
              db,
              'site_plan',
              { interval, task: undefined, groupBy: undefined, filters: {}, audience },
              resolveRange({ from: '2026-01-10', to: '2026-04-20', tz }),
              Date.UTC(2026, 3, 20),
            );
    });
    for (const table of ['audience_task_counts', 'audience_task_score_counts'])
      for (const g of ['', '_daily', '_monthly']) expectKeyRanges(ran, `${table}${g}`, 'trait_key = .*hour >= ');
  });

  it('engagement under an audience reads its counts through their keys', () => {
    const db = t.app.db.$client;
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    const ran = statementsOf(db, () => {
      for (const interval of ['week', 'month'] as const)
        for (const [device, audience] of [
          [undefined, { traits: [], returning: true }],
          ['mobile', { traits: [{ key: 'plan', value: 'pro' }] }],
        ] satisfies [string | undefined, AudienceFilters][])
          readEngagement(db, 'site_plan', { interval, device }, range, audience);
    });
    for (const g of ['', '_daily', '_monthly'])
      expectKeyRanges(ran, `audience_engagement_counts${g}`, 'trait_key = .*hour >= ');
    // With a browser or language filter, the same split by that dimension.
    const byDimension = statementsOf(db, () => {
      for (const interval of ['week', 'month'] as const)
        readEngagement(db, 'site_plan', { interval, browser: 'chrome' }, range, { traits: [], returning: true });
    });
    for (const g of ['', '_daily', '_monthly'])
      expectKeyRanges(byDimension, `audience_dimension_engagement_counts${g}`, 'trait_key = .*dim = .*hour >= ');
  });
  // Last: its rows change the tables' statistics the tests above plan with.
  it('a sampled retention table walks its people through the person index, the other trait as its own range of it', () => {
    const db = t.app.db.$client;
    addTraits('site_ppl', 'p', 100000, 4);
    addSessions('site_ppl', 'p', 100000);
    // A visitor per three sessions (a retention table counts visitors), and it and its level on the trait rows.
    db.prepare("UPDATE sessions SET visitor_id = 'v' || (substr(session_id, 2)::int % 33333) WHERE site_id = ?").run(
      'site_ppl',
    );
    db.prepare(
      "UPDATE session_traits SET visitor_id = 'v' || (substr(session_id, 2)::int % 33333), " +
        'person_level = (substr(session_id, 2)::int % 33333) % 11 WHERE site_id = ?',
    ).run('site_ppl');
    db.exec('VACUUM ANALYZE session_traits');
    db.exec('VACUUM ANALYZE sessions');
    const audience = V1_TRAITS;
    // The people of the retention table's default range on 2026-02-01 (12 weeks), sampled.
    const fromMs = Date.UTC(2025, 10, 10);
    const people = audiencePeopleSql(db, 'site_ppl', audience, 'visitor', fromMs, { exact: false, threshold: 3000 });
    expect(people.walk.level).toBeGreaterThan(0);
    expect(people.walk.level).toBeLessThan(10);
    const plan = planOf({ sql: people.sql, args: people.params });
    // The lead's levels and the other trait's both in the index's condition: a seek per level, bounded by the hour.
    for (const alias of ['d', 't'])
      expect(plan).toMatch(
        new RegExp(
          `Index Only Scan using session_traits_key_person on session_traits ${alias}\\s+\\(.*\\)\\n\\s+Index Cond: \\(\\(site_id = .*key = .*value = .*person_level = ANY .*hour >= .*hour < `,
        ),
      );
    expect(plan).not.toMatch(/Seq Scan/);
    // The visitor ids from the trait rows: no session read.
    expect(plan).not.toMatch(/ on sessions\b/);
  });
});
