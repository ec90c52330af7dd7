import type { AudienceFilters, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audienceWalk } from '../src/analytics/audience-sample.js';
import {
  audienceClicks,
  audienceSessions,
  audienceSessionTotals,
  audienceVisits,
} from '../src/analytics/audience-sessions.js';
import { audiencePageTotals } from '../src/analytics/audience-page-totals.js';
import { audiencePathTotals } from '../src/analytics/audience-path-totals.js';
import { audienceTotalsAndGoals } from '../src/analytics/audience-totals-and-goals.js';
import { resolveRange } from '../src/analytics/query-range.js';
import { migrateDatabase } from '../src/db/migrate-database.js';
import { type Db, openDatabase } from '../src/db/open-database.js';
import { readRetention } from '../src/features/cohorts/retention-cohorts-store.js';
import { readClicks } from '../src/features/clicks/clicks-store.js';
import { conversionSessions } from '../src/features/funnels/conversion-session-rows.js';
import { segmentSql } from '../src/features/funnels/funnel-store.js';
import { readFrictionInsight } from '../src/features/insights/friction-insight-store.js';
import { readJourneys } from '../src/features/journeys/journeys-store.js';
import { readTouchpoints } from '../src/features/journeys/touchpoints-store.js';
import { readScores } from '../src/features/metrics/scores-store.js';
import { readBreakdown } from '../src/features/metrics/breakdown-store.js';
import { readOverview } from '../src/features/metrics/overview-store.js';
import { readPages } from '../src/features/metrics/pages-store.js';
import { readTimeseries } from '../src/features/metrics/timeseries-store.js';
import { type EngagementQuestion, readEngagement } from '../src/features/rates/engagement-store.js';
import { readTasks } from '../src/features/tasks/tasks-store.js';
import { type ErrorRateQuestion, readErrorRate } from '../src/features/rates/error-rate-store.js';
import { sampledAnswerReads } from './helpers/sampled-answer-reads.js';
import { audiencePageErrors } from '../src/features/rates/audience-page-errors.js';
import { type Ran, statementsOf } from './helpers/statements-of.js';
import { widenOverEmptyHours } from '../src/analytics/widen-over-empty-hours.js';

// Reads whose speed at 1 M events rests on an index (docs/query-speed.md, "Retention of
// returning visitors, engagement on one browser…", "Pages under an audience"): what they answer is proved by the property
// tests; this proves SQLite still plans them through that index, from the statements the stores
// really run (recorded as they run), so a schema or query change that loses it fails here.

const planOf = (db: Database.Database, r: Ran) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${r.sql}`).all(...r.args) as { detail: string }[]).map((x) => x.detail).join('\n');

/** Every read of a tiered table's three grains (other than the DISTINCT of its values) is one key range of `key` and the hour. */
const expectTierRanges = (db: Database.Database, ran: Ran[], table: string, key: string) => {
  for (const grain of ['', '_daily', '_monthly']) {
    const reads = ran.filter((r) => new RegExp(`\\b${table}${grain}\\b`).test(r.sql) && !r.sql.includes('DISTINCT'));
    expect(reads.length, grain).toBeGreaterThan(0);
    const cond = key.replaceAll('?', '\\?');
    for (const r of reads)
      expect(planOf(db, r)).toMatch(
        new RegExp(`SEARCH ${table}${grain} USING INDEX \\S+ \\(${cond} AND hour>\\? AND hour<\\?\\)`),
      );
  }
};

/** A migrated database of its own, empty: for plans only. */
function freshDatabase(): Database.Database {
  const fresh = openDatabase(':memory:');
  migrateDatabase(fresh);
  return fresh.$client;
}

/** An audience the counts do not key. */
/** A path read's page and segment (audience-path-totals.ts). */
const CART_MOBILE = { path: '/cart', device: 'mobile' as const };

const TWO_TRAITS = {
  traits: [
    { key: 'plan', value: 'pro' },
    { key: 'type', value: 'b2b' },
  ],
};

describe('the indexes reads at 1 M events rest on', () => {
  let db: Db;
  beforeAll(() => {
    db = openDatabase(':memory:');
    migrateDatabase(db);
  });
  afterAll(() => db.$client.close());

  it('retention of returning visitors reads its counts kept at ingest, one key range, no person', () => {
    const ran = statementsOf(db.$client, () =>
      readRetention(db.$client, 'site_plan', 'UTC', { interval: 'week' }, {}, { traits: [], returning: true }),
    );
    expect(ran.filter((r) => /\b(sessions|visitor_cohorts|visitor_periods)\b/.test(r.sql))).toEqual([]);
    expect(ran).toHaveLength(1);
    const plan = planOf(db.$client, ran[0]!);
    expect(plan).toMatch(
      /SEARCH returning_cohort_rollups USING INDEX sqlite_autoindex_returning_cohort_rollups_1 \(site_id=\? AND interval=\? AND cohort>\? AND cohort<\?\)/,
    );
    expect(plan).not.toMatch(/SCAN/);
  });

  it('retention under one trait reads its counts kept at ingest, one key range, no person', () => {
    // One statement text whatever the interval and new-or-returning (parameters): one read proves them all.
    const audience = { traits: [{ key: 'plan', value: 'pro' }], returning: true };
    const ran = statementsOf(db.$client, () =>
      readRetention(db.$client, 'site_plan', 'UTC', { interval: 'month' }, { device: 'mobile' }, audience),
    );
    expect(ran.filter((r) => /\b(sessions|session_traits|visitor_cohorts|visitor_periods)\b/.test(r.sql))).toEqual([]);
    expect(ran).toHaveLength(1);
    const plan = planOf(db.$client, ran[0]!);
    expect(plan).toMatch(
      /SEARCH audience_cohort_rollups USING INDEX sqlite_autoindex_audience_cohort_rollups_1 \(site_id=\? AND trait_key=\? AND trait_value=\? AND returning=\? AND interval=\? AND cohort>\? AND cohort<\?\)/,
    );
    expect(plan).not.toMatch(/SCAN/);
  });

  it('engagement on one browser reads the days and months through the browser index', () => {
    const range = resolveRange({ from: '2026-01-01', to: '2026-06-30', tz: 'America/New_York' });
    const ran = statementsOf(db.$client, () =>
      readEngagement(db.$client, 'site_plan', { interval: 'week', browser: 'safari' }, range),
    );
    for (const table of ['engagement_daily', 'engagement_monthly']) {
      const reads = ran.filter((r) => r.sql.includes(`FROM ${table} `) || r.sql.includes(`JOIN ${table} `));
      expect(reads.length).toBeGreaterThan(0);
      for (const r of reads) expect(planOf(db.$client, r)).toContain(`USING INDEX ${table}_site_browser_hour`);
    }
  });

  it('engagement under an audience of one trait or returning reads its counts kept by audience, one key range per span', () => {
    // Months, days and edge hours, by week and by month, with and without a trait and a device.
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    const ran = statementsOf(db.$client, () => {
      for (const interval of ['week', 'month'] as const)
        for (const [device, audience] of [
          [undefined, { traits: [], returning: true }],
          ['mobile', { traits: [{ key: 'plan', value: 'pro' }] }],
        ] satisfies [string | undefined, AudienceFilters][])
          readEngagement(db.$client, 'site_plan', { interval, device }, range, audience);
    });
    // No session of the range is read, nor its traits.
    expect(ran.filter((r) => /\b(FROM|JOIN) (sessions|session_traits)\b/.test(r.sql))).toEqual([]);
    expectTierRanges(db.$client, ran, 'audience_engagement_counts', 'site_id=? AND trait_key=? AND trait_value=?');
  });

  it('tasks under an audience of one trait or returning read their counts kept by audience, one key range per span', () => {
    // In UTC the series' month buckets hold whole UTC months (the monthly tier), in New York edge hours.
    const ranges = ['UTC', 'America/New_York'].map((tz) => resolveRange({ from: '2026-01-10', to: '2026-04-20', tz }));
    // A counted run in range (each tier): without one the read ends before the scores after an outcome.
    for (const [grain, hour] of [
      ['', Date.UTC(2026, 1, 3, 5)],
      ['_daily', Date.UTC(2026, 1, 3)],
      ['_monthly', Date.UTC(2026, 1, 1)],
    ] as const)
      db.$client
        .prepare(
          `INSERT INTO audience_task_counts${grain} (site_id, trait_key, trait_value, hour, "returning", task, bucket, started) ` +
            "VALUES ('site_plan', '', '', ?, 1, 'checkout', -1, 1)",
        )
        .run(hour);
    const ran = statementsOf(db.$client, () => {
      for (const range of ranges)
        for (const interval of ['week', 'month'] as const)
          for (const audience of [
            { traits: [], returning: true },
            { traits: [{ key: 'plan', value: 'pro' }] },
          ] satisfies AudienceFilters[])
            readTasks(
              db.$client,
              'site_plan',
              { interval, task: undefined, groupBy: undefined, filters: {}, audience },
              range,
              Date.UTC(2026, 3, 20),
            );
    });
    expectTierRanges(db.$client, ran, 'audience_task_counts', 'site_id=? AND trait_key=? AND trait_value=?');
    expectTierRanges(db.$client, ran, 'audience_task_score_counts', 'site_id=? AND trait_key=? AND trait_value=?');
    // The runs still open and the answers after several runs of a task are rows, read through their partial indexes.
    for (const r of ran.filter((x) => /\b(task_runs|task_answer_links)\b/.test(x.sql))) {
      const plan = planOf(db.$client, r);
      expect(plan).not.toMatch(/SCAN (r|task_runs|task_answer_links)\b/);
      expect(plan).toMatch(/USING INDEX (task_runs_open_started|task_answer_links_chained_hour)/);
    }
  });

  it('engagement under an audience with a browser or language filter reads its counts by dimension, one key range per span', () => {
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    const ran = statementsOf(db.$client, () => {
      for (const interval of ['week', 'month'] as const)
        for (const [q, audience] of [
          [{ browser: 'chrome' }, { traits: [{ key: 'plan', value: 'pro' }] }],
          [
            { language: 'de', device: 'mobile' },
            { traits: [], returning: true },
          ],
        ] satisfies [EngagementQuestion, AudienceFilters][])
          readEngagement(db.$client, 'site_plan', { interval, ...q }, range, audience);
    });
    expect(ran.filter((r) => /\b(FROM|JOIN) (sessions|session_traits)\b/.test(r.sql))).toEqual([]);
    expectTierRanges(
      db.$client,
      ran,
      'audience_dimension_engagement_counts',
      'site_id=? AND trait_key=? AND trait_value=? AND dim=?',
    );
  });

  it('pages under an audience of one trait or returning read the counts kept by audience, one key range per span', () => {
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    for (const audience of [
      { traits: [], returning: true },
      { traits: [{ key: 'plan', value: 'pro' }], returning: undefined },
    ]) {
      const ran = statementsOf(db.$client, () =>
        readPages(db.$client, 'site_plan', { filters: {}, audience, sort: 'views', order: 'desc', limit: 10 }, range),
      );
      // No session or visit of the range is read.
      expect(ran.filter((r) => /\bsessions?\b|session_pages/.test(r.sql))).toEqual([]);
      for (const table of ['audience_page_rates', 'audience_path_scores']) {
        for (const grain of ['', '_daily', '_monthly']) {
          const reads = ran.filter((r) => r.sql.includes(`FROM ${table}${grain} `));
          expect(reads.length, `${table}${grain}`).toBeGreaterThan(0);
          // The answer counts' kind precedes the hour in their key: it is read one kind at a time.
          const key = table === 'audience_page_rates' ? '' : ' AND kind=\\?';
          for (const r of reads)
            expect(planOf(db.$client, r)).toMatch(
              new RegExp(
                `SEARCH ${table}${grain} USING INDEX \\S+ \\(site_id=\\? AND trait_key=\\? AND trait_value=\\?${key} AND hour>\\? AND hour<\\?\\)`,
              ),
            );
        }
      }
    }
  });

  it('the answers of an audience the counts do not key are found from one trait’s key range of response_traits, then by id (the score figures from that range alone)', () => {
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    const two = {
      traits: [
        { key: 'plan', value: 'pro' },
        { key: 'customerType', value: 'business' },
      ],
    };
    const one = { traits: [{ key: 'plan', value: 'pro' }], returning: true };
    const ran = statementsOf(db.$client, () => {
      readScores(db.$client, 'site_plan', { kind: 'nps', interval: 'week', filters: {}, audience: two }, range);
      readFrictionInsight(db.$client, 'site_plan', { kind: 'nps', minResponses: 1 }, two, range);
      readJourneys(db.$client, 'site_plan', { kind: 'nps', segment: 'detractor', depth: 2, limit: 5 }, {}, two, range);
      readJourneys(
        db.$client,
        'site_plan',
        { kind: 'nps', segment: 'detractor', depth: 2, limit: 5 },
        { device: 'mobile' },
        one,
        range,
      );
      readTouchpoints(db.$client, 'site_plan', { kind: 'nps', limit: 5 }, {}, two, [], range);
    });
    // The scores' figures: the trait rows keep them, so the range (and the other trait's probe) is all.
    const figures = ran.filter((r) => /\bFROM response_traits AS d\b/.test(r.sql) && !r.sql.includes('responses AS r'));
    expect(figures.length).toBeGreaterThanOrEqual(1);
    for (const r of figures) {
      const plan = planOf(db.$client, r);
      expect(plan).toMatch(
        /SEARCH d USING COVERING INDEX response_traits_figures \(site_id=\? AND key=\? AND value=\? AND sample_level=\? AND created_at>\? AND created_at<\?\)/,
      );
      expect(plan).not.toMatch(/SCAN|responses_site/);
    }
    // Friction, journeys and touchpoints read more of each answer than its figures.
    const reads = ran.filter((r) => /\bJOIN responses AS r\b/.test(r.sql));
    expect(reads.length).toBeGreaterThanOrEqual(4);
    for (const r of reads) {
      const plan = planOf(db.$client, r);
      // The driving trait: one key range per sample level, ids from the key alone; the other trait one probe of it.
      expect(plan).toMatch(
        /SEARCH d USING COVERING INDEX (sqlite_autoindex_response_traits_1|response_traits_figures) \(site_id=\? AND key=\? AND value=\? AND sample_level=\? AND created_at>\? AND created_at<\?\)/,
      );
      if (r.sql.includes(' e0 '))
        expect(plan).toMatch(
          /SEARCH e0 USING COVERING INDEX sqlite_autoindex_response_traits_1 \(site_id=\? AND key=\? AND value=\? AND sample_level=\? AND created_at=\? AND display_id=\?\)/,
        );
      expect(plan).toMatch(/SEARCH r USING INDEX responses_site_display \(site_id=\? AND display_id=\?\)/);
      expect(plan).not.toMatch(/SCAN|responses_site_created|json_each/);
    }
    // No answer's traits parsed anywhere.
    expect(ran.filter((r) => r.sql.includes('json_each'))).toEqual([]);
  });

  it('a sample of the answers of an audience without a trait is one range of the answers’ sample index per level', () => {
    const sqlite = freshDatabase();
    try {
      const { reads, counts } = sampledAnswerReads(sqlite, 'site_nt');
      // The pages' answers (returning, a browser) and the overview's (returning, a page; its previous
      // period holds no answer, so it is read whole).
      expect(reads.length).toBeGreaterThanOrEqual(2);
      for (const r of reads) {
        const plan = planOf(sqlite, r);
        expect(plan).toMatch(
          /SEARCH r USING INDEX responses_site_sample \(site_id=\? AND sample_level=\? AND created_at>\? AND created_at<\?\)/,
        );
        expect(plan).not.toMatch(/SCAN|responses_site_created/);
        // `returning` is tested on the answer's own row: no session is looked up.
        expect(r.sql).toContain('r."returning" = ?');
        expect(plan).not.toMatch(/\bs\b|sessions/);
      }
      // The level was chosen by counting the index alone, level by level.
      expect(counts.length).toBeGreaterThan(0);
      for (const r of counts)
        expect(planOf(sqlite, r)).toMatch(
          /SEARCH responses USING COVERING INDEX responses_site_sample \(site_id=\? AND sample_level=\? AND created_at>\? AND created_at<\?\)/,
        );
    } finally {
      sqlite.close();
    }
  });

  it('the friction insight under an audience of one trait or returning reads the counts kept by audience, one key range per span', () => {
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    // Two statements apart (the store caches each statement, and its first run is the one recorded).
    for (const audience of [
      { traits: [], returning: false },
      { traits: [{ key: 'plan', value: 'pro' }], returning: undefined },
    ]) {
      const ran = statementsOf(db.$client, () =>
        readFrictionInsight(db.$client, 'site_plan', { kind: 'nps', minResponses: 1 }, audience, range),
      );
      // No answer or session of the range is read.
      expect(ran.filter((r) => /\b(FROM|JOIN) (responses|sessions)\b/.test(r.sql))).toEqual([]);
      for (const table of ['audience_friction_rollups', 'audience_friction_page_rollups']) {
        for (const grain of ['', '_daily', '_monthly']) {
          const reads = ran.filter((r) => r.sql.includes(`FROM ${table}${grain} `));
          expect(reads.length, `${table}${grain}`).toBeGreaterThan(0);
          for (const r of reads)
            expect(planOf(db.$client, r)).toMatch(
              new RegExp(
                `SEARCH ${table}${grain} USING INDEX \\S+ \\(site_id=\\? AND trait_key=\\? AND trait_value=\\? AND kind=\\? AND hour>\\? AND hour<\\?\\)`,
              ),
            );
        }
      }
    }
  });

  it('clicks under an audience of one trait or returning read the clicks kept by audience, one key range per kind and span', () => {
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    const ran = statementsOf(db.$client, () => {
      for (const audience of [
        { traits: [], returning: true },
        { traits: [{ key: 'plan', value: 'pro' }], returning: undefined },
      ]) {
        for (const kind of [undefined, 'click', 'rage'] as const) {
          readClicks(db.$client, 'site_plan', { kind, device: 'mobile', path: '/cart', limit: 10, audience }, range);
        }
      }
    });
    // No session or click of a session is read.
    expect(ran.filter((r) => /\b(FROM|JOIN) (sessions|session_clicks)\b/.test(r.sql))).toEqual([]);
    for (const grain of ['', '_daily', '_monthly']) {
      const reads = ran.filter((r) => r.sql.includes(`FROM audience_clicks${grain} `));
      expect(reads.length, grain).toBeGreaterThan(0);
      // The kind precedes the hour in the key: each kind is one index range per span.
      for (const r of reads)
        expect(planOf(db.$client, r)).toMatch(
          new RegExp(
            `SEARCH audience_clicks${grain} USING INDEX \\S+ \\(site_id=\\? AND trait_key=\\? AND trait_value=\\? AND kind=\\? AND hour>\\? AND hour<\\?\\)`,
          ),
        );
    }
  });

  it('a breakdown by a trait reads the counts kept by audience, its values from the monthly counts', () => {
    // Two values kept for the trait (a site of its own: the other reads here find no row of it).
    const insert = db.$client.prepare(
      'INSERT INTO audience_session_rates_monthly (site_id, trait_key, trait_value, hour, "returning", device, goal, ' +
        "sessions, engaged, converted, pageviews, engaged_ms) VALUES ('site_trait', 'plan', ?, ?, 0, 'desktop', '', 1, 1, 0, 1, 10)",
    );
    for (const value of ['free', 'pro']) insert.run(value, Date.UTC(2026, 1, 1));
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    const q = { by: 'trait.plan', sort: 'sessions', order: 'desc', limit: 10 } as const;
    const ran = statementsOf(db.$client, () => {
      readBreakdown(db.$client, 'site_trait', { ...q, filters: {}, audience: { traits: [] } }, range);
      readBreakdown(
        db.$client,
        'site_trait',
        { ...q, filters: { device: 'mobile' }, audience: { traits: [], returning: true } },
        range,
      );
    });
    // No session of the range is read, nor its traits.
    expect(ran.filter((r) => /\b(FROM|JOIN) (sessions|session_traits)\b/.test(r.sql))).toEqual([]);
    const values = ran.filter((r) => r.sql.includes('DISTINCT trait_value'));
    expect(values.length).toBe(2);
    for (const r of values)
      expect(planOf(db.$client, r)).toMatch(
        /SEARCH audience_session_rates_monthly USING (COVERING )?INDEX \S+ \(site_id=\? AND trait_key=\?\)/,
      );
    expectTierRanges(db.$client, ran, 'audience_session_rates', 'site_id=? AND trait_key=? AND trait_value=?');
    expect(ran.filter((r) => r.sql.includes('audience_visitor_sketches')).length).toBeGreaterThan(0);
  });

  it('a breakdown by device under an audience reads the counts kept by audience, its devices from the monthly counts', () => {
    // Two devices kept for the trait value (a site of its own: the other reads here find no row of it).
    const insert = db.$client.prepare(
      'INSERT INTO audience_session_rates_monthly (site_id, trait_key, trait_value, hour, "returning", device, goal, ' +
        "sessions, engaged, converted, pageviews, engaged_ms) VALUES ('site_device', 'plan', 'pro', ?, 0, ?, '', 1, 1, 0, 1, 10)",
    );
    for (const device of ['desktop', 'mobile']) insert.run(Date.UTC(2026, 1, 1), device);
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    const q = { by: 'device', sort: 'sessions', order: 'desc', limit: 10 } as const;
    const ran = statementsOf(db.$client, () => {
      readBreakdown(
        db.$client,
        'site_device',
        { ...q, filters: {}, audience: { traits: [{ key: 'plan', value: 'pro' }] } },
        range,
      );
      readBreakdown(db.$client, 'site_device', { ...q, filters: {}, audience: { traits: [], returning: true } }, range);
    });
    // No session of the range is read, nor its traits.
    expect(ran.filter((r) => /\b(FROM|JOIN) (sessions|session_traits)\b/.test(r.sql))).toEqual([]);
    const devices = ran.filter((r) => r.sql.includes('DISTINCT device'));
    expect(devices.length).toBe(2);
    for (const r of devices)
      expect(planOf(db.$client, r)).toMatch(
        /SEARCH audience_session_rates_monthly USING (COVERING )?INDEX \S+ \(site_id=\? AND trait_key=\? AND trait_value=\?\)/,
      );
    expectTierRanges(db.$client, ran, 'audience_session_rates', 'site_id=? AND trait_key=? AND trait_value=?');
    expect(ran.filter((r) => r.sql.includes('audience_visitor_sketches')).length).toBeGreaterThan(0);
  });

  it('a breakdown by browser, language or entry page under an audience reads the counts by dimension, one key range per span', () => {
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    const ran = statementsOf(db.$client, () => {
      for (const by of ['browser', 'language', 'entryPage'] as const)
        for (const [filters, audience] of [
          [{}, { traits: [{ key: 'plan', value: 'pro' }] }],
          [{ device: 'mobile' }, { traits: [], returning: true }],
        ] as [SegmentFilters, AudienceFilters][])
          readBreakdown(
            db.$client,
            'site_dim',
            { by, filters, audience, sort: 'sessions', order: 'desc', limit: 10 },
            range,
          );
    });
    expect(ran.filter((r) => /\b(FROM|JOIN) (sessions|session_traits)\b/.test(r.sql))).toEqual([]);
    expectTierRanges(
      db.$client,
      ran,
      'audience_dimension_rates',
      'site_id=? AND trait_key=? AND trait_value=? AND dim=?',
    );
    const sketches = ran.filter((r) => r.sql.includes('audience_dimension_sketches'));
    expect(sketches.length).toBeGreaterThan(0);
    for (const r of sketches)
      expect(planOf(db.$client, r)).toMatch(
        /SEARCH audience_dimension_sketches USING INDEX \S+ \(site_id=\? AND trait_key=\? AND trait_value=\? AND dim=\? AND tier=\? AND start>\? AND start<\?\)/,
      );
  });

  it('the error rate under an audience of one trait or returning, by or on a release too, reads the counts kept by audience, one key range per span', () => {
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    const pro: AudienceFilters = { traits: [{ key: 'plan', value: 'pro' }] };
    const ran = statementsOf(db.$client, () => {
      for (const [q, audience] of [
        [{ by: 'page' }, { traits: [], returning: true }],
        [{ path: '/cart', by: 'page' }, pro],
        [{ by: 'device', device: 'mobile' }, pro],
        [{ by: 'browser' }, { traits: [], returning: false }],
        [{ by: 'language', device: 'mobile' }, pro],
        // A release is a dimension of the counts too, as a `by` and as a filter.
        [{ by: 'release' }, pro],
        [
          { release: '1.0', by: 'device' },
          { traits: [], returning: true },
        ],
        [{ release: '2.0', by: 'release', device: 'mobile' }, pro],
      ] as [Partial<ErrorRateQuestion>, AudienceFilters][])
        readErrorRate(db.$client, 'site_err', { ...q, limit: 10 }, range, audience);
    });
    // No session or visit of the range is read.
    expect(ran.filter((r) => /\b(FROM|JOIN) (sessions|session_traits|session_pages)\b/.test(r.sql))).toEqual([]);
    const cell = 'site_id=? AND trait_key=? AND trait_value=?';
    expectTierRanges(db.$client, ran, 'audience_session_rates', cell);
    expectTierRanges(db.$client, ran, 'audience_page_rates', cell);
    expectTierRanges(db.$client, ran, 'audience_dimension_rates', `${cell} AND dim=?`);
  });

  it('the overview reads no answer row without an audience: its resolutions are counts, one key range per span', () => {
    // Months, days and edge hours; the statements run once each, so every filter's read is seen.
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    const filters: SegmentFilters[] = [
      {},
      { device: 'mobile', browser: 'safari' },
      { path: '/cart' },
      { path: '/cart', language: 'de' },
    ];
    const ran = statementsOf(db.$client, () => {
      for (const f of filters) readOverview(db.$client, 'site_plan', range, f);
    });
    expect(ran.filter((r) => /\b(FROM|JOIN) responses\b/.test(r.sql))).toEqual([]);
    for (const cube of ['resolution', 'resolution_client', 'resolution_segment']) {
      for (const tier of ['daily', 'monthly']) {
        const reads = ran.filter((r) => r.sql.includes(`FROM ${cube}_${tier} `));
        expect(reads.length, `${cube}_${tier}`).toBeGreaterThan(0);
        for (const r of reads) expect(planOf(db.$client, r)).toMatch(new RegExp(`SEARCH ${cube}_${tier} USING`));
      }
    }
    // Under an audience of at most one trait and no filter but the device, the resolutions are the
    // counts by who answered, by key range too; under two traits, the answers' own rows are read
    // (what the filter above would catch).
    const audience = statementsOf(db.$client, () =>
      readOverview(db.$client, 'site_plan', range, { device: 'mobile' }, { traits: [], returning: true }),
    );
    expect(audience.filter((r) => /\b(FROM|JOIN) responses\b/.test(r.sql))).toEqual([]);
    for (const tier of ['', '_daily', '_monthly']) {
      const reads = audience.filter((r) => r.sql.includes(`FROM audience_resolutions${tier} `));
      expect(reads.length, `audience_resolutions${tier}`).toBeGreaterThan(0);
      for (const r of reads)
        expect(planOf(db.$client, r)).toMatch(new RegExp(`SEARCH audience_resolutions${tier} USING`));
    }
    const traits = [
      { key: 'plan', value: 'pro' },
      { key: 'team', value: 'a' },
    ];
    // Under two traits, or a trait with a path and returning, the resolved answers of the rarest
    // trait: by time of resolution one range of the partial index, by time given its key range
    // (only resolved answers are in it: `IS NOT NULL` shows as `resolved_at>?`); no answer of the
    // range read, no session looked up.
    const driven = statementsOf(db.$client, () => {
      readOverview(db.$client, 'site_plan', range, {}, { traits });
      readOverview(db.$client, 'site_plan', range, { path: '/cart' }, { traits: traits.slice(0, 1), returning: true });
    }).filter((r) => /response_traits_resolved/.test(r.sql) && !/SELECT 1 FROM response_traits AS x/.test(r.sql));
    expect(driven.length).toBe(8);
    for (const r of driven) {
      const plan = planOf(db.$client, r);
      expect(plan).toMatch(
        r.sql.includes('d.resolved_at >= ?')
          ? /SEARCH d USING (COVERING )?INDEX response_traits_resolved \(site_id=\? AND key=\? AND value=\? AND resolved_at>\? AND resolved_at<\?\)/
          : /SEARCH d USING (COVERING )?INDEX response_traits_resolved \(site_id=\? AND key=\? AND value=\? AND resolved_at>\?\)/,
      );
      expect(plan).not.toMatch(/SCAN|responses_site_(created|resolved)|sessions/);
      if (r.sql.includes(' e0 '))
        expect(plan).toMatch(/SEARCH e0 USING (COVERING )?INDEX sqlite_autoindex_response_traits_1 /);
      if (r.sql.includes('responses AS r'))
        expect(plan).toMatch(/SEARCH r USING INDEX responses_site_display \(site_id=\? AND display_id=\?\)/);
    }
    // Without a trait (returning on a page), the resolved answers of the range from the partial
    // indexes, which hold who gave each and where: the durations from the index alone.
    const noTrait = statementsOf(db.$client, () =>
      readOverview(db.$client, 'site_plan', range, { path: '/cart' }, { traits: [], returning: true }),
    ).filter((r) => /FROM responses AS r WHERE .*resolved_at IS NOT NULL/.test(r.sql));
    expect(noTrait.length).toBe(4);
    for (const r of noTrait)
      expect(planOf(db.$client, r)).toMatch(
        r.sql.includes('r.resolved_at >= ?')
          ? /^SEARCH r USING COVERING INDEX responses_site_resolved_at \(site_id=\? AND resolved_at>\? AND resolved_at<\?\)$/
          : /^SEARCH r USING INDEX responses_site_resolved_complaints \(site_id=\? AND created_at>\? AND created_at<\?\)$/,
      );
  });

  it('the series under an audience reads the counts and sketches kept by audience, one key range per run', () => {
    // Months, days and edge hours, by day, week and month, with and without a trait and a device. (The
    // overview reads the same counts for its range; its resolutions under an audience are answers.)
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    const ran = statementsOf(db.$client, () => {
      for (const interval of ['day', 'week', 'month'] as const)
        for (const [filters, audience] of [
          [{}, { traits: [], returning: false }],
          [{ device: 'mobile' }, { traits: [{ key: 'plan', value: 'pro' }] }],
        ] satisfies [SegmentFilters, AudienceFilters][])
          readTimeseries(db.$client, 'site_plan', { interval, filters, audience }, range);
    });
    // No session or answer of the range is read for the traffic, the answers or the visitors.
    expect(ran.filter((r) => /\b(FROM|JOIN) (sessions|trait_score_rollups)\b/.test(r.sql))).toEqual([]);
    for (const table of ['audience_session_rates', 'audience_score_counts']) {
      for (const grain of ['', '_daily', '_monthly']) {
        const reads = ran.filter((r) => new RegExp(`\\b${table}${grain}\\b`).test(r.sql));
        expect(reads.length, `${table}${grain}`).toBeGreaterThan(0);
        for (const r of reads)
          expect(planOf(db.$client, r)).toMatch(
            new RegExp(
              `SEARCH ${table}${grain} USING INDEX \\S+ \\(site_id=\\? AND trait_key=\\? AND trait_value=\\? AND hour>\\? AND hour<\\?\\)`,
            ),
          );
      }
    }
    const sketches = ran.filter((r) => r.sql.includes('audience_visitor_sketches'));
    expect(sketches.length).toBeGreaterThan(0);
    for (const r of sketches)
      expect(planOf(db.$client, r)).toMatch(
        /SEARCH audience_visitor_sketches USING INDEX \S+ \(site_id=\? AND trait_key=\? AND trait_value=\? AND tier=\? AND start>\? AND start<\?\)/,
      );
  });

  it('the series under an audience with a browser or language sums trait_score_rollups per bucket, one key range each', () => {
    const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
    const ran = statementsOf(db.$client, () => {
      for (const interval of ['day', 'week'] as const)
        for (const [filters, audience] of [
          [{ browser: 'chrome' }, { traits: [], returning: true }],
          [{ language: 'de' }, { traits: [{ key: 'plan', value: 'pro' }] }],
        ] satisfies [SegmentFilters, AudienceFilters][])
          readTimeseries(db.$client, 'site_plan', { interval, filters, audience }, range);
    });
    const reads = ran.filter((r) => /\bJOIN trait_score_rollups\b/.test(r.sql));
    expect(reads).toHaveLength(4);
    for (const r of reads) {
      const plan = planOf(db.$client, r);
      expect(plan).toMatch(
        /SEARCH trait_score_rollups USING INDEX \S+ \(site_id=\? AND trait_key=\? AND trait_value=\? AND hour>\? AND hour<\?\)/,
      );
      expect(plan).not.toMatch(/\bSCAN trait_score_rollups\b/);
    }
  });

  it('widening a visitor range over empty hours seeks the hourly sketches, one key range each way', () => {
    // A database of its own: the statements are prepared once per connection, and earlier reads ran them.
    const fresh = openDatabase(':memory:');
    migrateDatabase(fresh);
    for (const table of ['visitor_sketches', 'visitor_segment_sketches'] as const) {
      const ran = statementsOf(fresh.$client, () =>
        widenOverEmptyHours(
          fresh.$client,
          table,
          'site_plan',
          { start: Date.UTC(2026, 0, 10, 5), end: Date.UTC(2026, 3, 20, 4) },
          true,
        ),
      );
      expect(ran).toHaveLength(2);
      for (const r of ran) {
        const plan = planOf(fresh.$client, r);
        expect(plan).toMatch(
          new RegExp(`SEARCH ${table} USING (COVERING )?INDEX \\S+ \\(site_id=\\? AND tier=\\? AND start[<>]\\?\\)`),
        );
        expect(plan).not.toMatch(/TEMP B-TREE/);
      }
    }
    fresh.$client.close();
  });
  it('an audience the counts do not key walks its rarest trait’s sessions of the range, or a sample of them, one range per level', () => {
    // A database of its own: the walk's counting statements are prepared once per connection.
    const sqlite = freshDatabase();
    const audience = TWO_TRAITS;
    const [from, to] = [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 31)];
    const ran = statementsOf(sqlite, () => {
      const walk = audienceWalk(sqlite, 'site_plan', audience, from, to, { exact: false, threshold: 5000 });
      const sampled = { ...walk, level: 3 };
      audienceSessions(sqlite, 'site_plan', audience, from, to, 'plan', sampled);
      audienceVisits(sqlite, 'site_plan', audience, from, to, undefined, sampled);
      audienceSessionTotals(sqlite, 'site_plan', audience, from, to, { device: 'mobile' }, { trait: 'type' }, sampled);
      audienceClicks(sqlite, 'site_plan', audience, from, to, { kinds: ['click'] }, sampled);
      // The other trait read from its own index range (a walk whose traits are about as rare).
      const ranged = { lead: sampled.lead, level: 3, ranged: audience.traits.filter((t) => t !== sampled.lead) };
      audiencePathTotals(sqlite, 'site_plan', audience, CART_MOBILE, from, to, { trait: 'type' }, ranged, true);
      audienceTotalsAndGoals(sqlite, 'site_plan', audience, from, to, { device: 'mobile' }, ranged);
      audiencePageTotals(sqlite, 'site_plan', audience, { browser: 'chrome' }, from, to, ranged);
      audiencePageErrors(sqlite, 'site_plan', audience, { device: 'mobile' }, from, to, ranged);
    });
    const counts = ran.filter((r) => /count\(\*\) FROM session_traits WHERE/.test(r.sql));
    expect(counts.length).toBeGreaterThan(0);
    for (const r of counts)
      expect(planOf(sqlite, r)).toMatch(
        /^SEARCH session_traits USING COVERING INDEX session_traits_key_sample \(site_id=\? AND key=\? AND value=\? AND sample_level=\? AND hour>\? AND hour<\?\)$/,
      );
    const walks = ran.filter((r) => /FROM session_traits d CROSS JOIN sessions s/.test(r.sql));
    expect(walks).toHaveLength(8);
    for (const r of walks) {
      const plan = planOf(sqlite, r);
      if (r.sql.includes('AS MATERIALIZED'))
        expect(plan).toMatch(
          /LIST SUBQUERY \d+\n\s*\S*SEARCH t USING COVERING INDEX session_traits_key_sample \(site_id=\? AND key=\? AND value=\? AND sample_level=\? AND hour>\? AND hour<\?\)/,
        );
      expect(plan).toMatch(
        /(^|\n)SEARCH d USING COVERING INDEX session_traits_key_sample \(site_id=\? AND key=\? AND value=\? AND sample_level=\? AND hour>\? AND hour<\?\)/,
      );
      expect(plan).toMatch(
        /SEARCH s USING (COVERING )?INDEX sqlite_autoindex_sessions_1 \(site_id=\? AND session_id=\?\)/,
      );
      expect(plan).not.toMatch(/\bSCAN (d|s|t|session_traits|sessions)\b/);
    }
    // A path read: the page's visit and the goals of each walked session by its key.
    const path = walks.filter((r) => r.sql.includes('AS entered'));
    expect(path).toHaveLength(1);
    const pathPlan = planOf(sqlite, path[0]!);
    expect(pathPlan.match(/MATERIALIZE w\b/g)).toHaveLength(1);
    expect(pathPlan).toMatch(
      /SEARCH p USING INDEX sqlite_autoindex_session_pages_1 \(site_id=\? AND session_id=\? AND path=\?\)/,
    );
    expect(pathPlan).toMatch(
      /SEARCH g USING COVERING INDEX sqlite_autoindex_session_goals_1 \(site_id=\? AND session_id=\?\)/,
    );
    sqlite.close();
  });
  it('an audience without a trait walks the sessions’ sample index, or a sample of it, one range per level and returning', () => {
    const sqlite = freshDatabase();
    const audience = { traits: [], returning: true };
    const [from, to] = [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 31)];
    const ran = statementsOf(sqlite, () => {
      audienceWalk(sqlite, 'site_plan', audience, from, to, { exact: false, threshold: 5000 });
      const sampled = { lead: undefined, level: 3 };
      audienceSessions(sqlite, 'site_plan', audience, from, to, undefined, sampled);
      audienceVisits(sqlite, 'site_plan', audience, from, to, undefined, sampled);
      audienceTotalsAndGoals(sqlite, 'site_plan', audience, from, to, { device: 'mobile' }, sampled);
      audiencePathTotals(sqlite, 'site_plan', audience, CART_MOBILE, from, to, { column: 'hour' }, sampled, true);
      audiencePageTotals(sqlite, 'site_plan', audience, { browser: 'chrome' }, from, to, sampled);
      audiencePageErrors(sqlite, 'site_plan', audience, { device: 'mobile' }, from, to, sampled);
      audienceSessionTotals(
        sqlite,
        'site_plan',
        audience,
        from,
        to,
        { device: 'mobile' },
        { column: 'browser' },
        sampled,
      );
      audienceClicks(sqlite, 'site_plan', audience, from, to, { kinds: ['click'] }, sampled);
    });
    const counts = ran.filter((r) => /count\(\*\) FROM sessions WHERE/.test(r.sql));
    expect(counts).toHaveLength(11);
    for (const r of counts)
      expect(planOf(sqlite, r)).toMatch(
        /^SEARCH sessions USING COVERING INDEX sessions_site_sample \(site_id=\? AND sample_level=\? AND returning=\? AND hour>\? AND hour<\?\)$/,
      );
    const walks = ran.filter((r) => /FROM sessions s\b/.test(r.sql) && /sample_level IN/.test(r.sql));
    expect(walks).toHaveLength(8);
    for (const r of walks) {
      const plan = planOf(sqlite, r);
      expect(plan).toMatch(
        /(^|\n)SEARCH s USING INDEX sessions_site_sample \(site_id=\? AND sample_level=\? AND returning=\? AND hour>\? AND hour<\?\)/,
      );
      expect(plan).not.toMatch(/\bSCAN (s|sessions)\b/);
    }
    sqlite.close();
  });

  it('a sampled goal conversion under an audience reads the sample’s reaches first, each session by its key, under a large file’s statistics', () => {
    const sqlite = freshDatabase();
    const range = resolveRange({ from: '2026-01-01', to: '2026-01-31', tz: 'UTC' });
    // Reaches at several levels, more than the threshold below: the walk samples.
    sqlite.prepare("INSERT INTO funnel_keys (id, site_id, kind, name) VALUES (1, 'site_plan', 'page', '/')").run();
    sqlite
      .prepare(
        'WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 63) ' +
          "INSERT INTO session_reaches (site_id, session_id, key_id, first_ts, sample_level) SELECT 'site_plan', 's' || i, 1, ?, i % 4 FROM n",
      )
      .run(range.fromHour + 3_600_000);
    // ANALYZE's figures of the 10 M file (analysis_limit 1000), which once made the planner walk
    // every session of the range by first_ts instead.
    const stats = [
      ['session_reaches', 'session_reaches_key_sample', '1192580 1001 1001 1001 10 1'],
      ['session_reaches', 'sqlite_autoindex_session_reaches_1', '1192580 1001 3 1'],
      ['session_steps', 'session_steps_site_first_ts', '575640 1001 20'],
      ['session_steps', 'sqlite_autoindex_session_steps_1', '575640 1001 1'],
      ['session_traits', 'session_traits_key_sample', '580240 1001 1001 1001 1001 25 1'],
      ['session_traits', 'sqlite_autoindex_session_traits_1', '580240 1001 4 1'],
    ];
    sqlite.exec('ANALYZE sqlite_schema');
    for (const row of stats) sqlite.prepare('INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)').run(...row);
    sqlite.exec('ANALYZE sqlite_schema');
    const ran = statementsOf(sqlite, () => {
      const walked = conversionSessions(sqlite, 'site_plan', segmentSql({}, TWO_TRAITS, 's'), range, {
        exact: false,
        threshold: 8,
      });
      expect(walked.level).toBeGreaterThan(0);
    });
    const reads = ran.filter((r) => /FROM session_reaches AS r/.test(r.sql));
    expect(reads).toHaveLength(1);
    const plan = planOf(sqlite, reads[0]!);
    expect(plan).toMatch(
      /^SEARCH r USING COVERING INDEX session_reaches_key_sample \(site_id=\? AND key_id=\? AND sample_level=\? AND first_ts>\? AND first_ts<\?\)/,
    );
    expect(plan).toMatch(/SEARCH s USING INDEX sqlite_autoindex_session_steps_1 \(site_id=\? AND session_id=\?\)/);
    expect(plan).not.toMatch(/session_steps_site_first_ts/);
    sqlite.close();
  });

  it('the tasks and the retention people of two traits are driven from the rarest trait’s index range (the runs’ of sessions with a run, the people’s by person level)', () => {
    const sqlite = freshDatabase();
    const audience = TWO_TRAITS;
    const range = resolveRange({ from: '2026-01-01', to: '2026-01-31', tz: 'UTC' });
    const ran = statementsOf(sqlite, () => {
      readTasks(
        sqlite,
        'site_plan',
        { interval: undefined, task: undefined, groupBy: undefined, filters: { device: 'mobile' }, audience },
        range,
      );
      readRetention(sqlite, 'site_plan', 'UTC', { interval: 'week' }, {}, audience, Date.UTC(2026, 1, 1));
      // Returning ones too: the flag is the session's, so that walk still reads each session.
      readRetention(
        sqlite,
        'site_plan',
        'UTC',
        { interval: 'week' },
        {},
        { ...audience, returning: true },
        Date.UTC(2026, 1, 1),
      );
    });
    // The runs: from the rarest trait's rows of sessions with a task run (the partial index), each
    // session's runs by its key.
    const lead =
      /(^|\n)SEARCH d USING (COVERING )?INDEX session_traits_key_tasks \(site_id=\? AND key=\? AND value=\? AND hour>\? AND hour<\?\)/;
    const runs = ran.filter((r) => /FROM session_traits d CROSS JOIN task_runs r/.test(r.sql));
    expect(runs).toHaveLength(1);
    expect(planOf(sqlite, runs[0]!)).toMatch(lead);
    expect(planOf(sqlite, runs[0]!)).toMatch(
      /SEARCH r USING INDEX task_runs_site_session \(site_id=\? AND session_id=\?\)/,
    );
    // The people: from the person index (a sample of people past the threshold), the other trait
    // read as its own range of it (as rare as the lead here), the visitor ids from that index alone:
    // no session is read. Returning people: each session by its key as well, for its flag.
    const people = ran.filter((r) => /FROM session_traits d WHERE/.test(r.sql));
    const returningPeople = ran.filter((r) => /FROM session_traits d CROSS JOIN sessions s/.test(r.sql));
    expect(people).toHaveLength(1);
    expect(returningPeople).toHaveLength(1);
    const byPerson = (alias: string) =>
      new RegExp(
        `(^|\\n)SEARCH ${alias} USING COVERING INDEX session_traits_key_person \\(site_id=\\? AND key=\\? AND value=\\? AND person_level=\\? AND hour>\\? AND hour<\\?\\)`,
      );
    for (const r of [people[0]!, returningPeople[0]!]) {
      expect(planOf(sqlite, r)).toMatch(byPerson('d'));
      expect(planOf(sqlite, r)).toMatch(byPerson('t'));
    }
    expect(planOf(sqlite, people[0]!)).not.toMatch(/\bsessions\b|\bs USING\b/);
    expect(planOf(sqlite, returningPeople[0]!)).toMatch(
      /SEARCH s USING INDEX sqlite_autoindex_sessions_1 \(site_id=\? AND session_id=\?\)/,
    );
    for (const r of [...runs, ...people, ...returningPeople])
      expect(planOf(sqlite, r)).not.toMatch(/\bSCAN (d|s|r|t)\b/);
    sqlite.close();
  });
});
