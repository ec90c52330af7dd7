import type { LoupeEventInput } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { prepareEvents } from '../src/features/ingest/http/prepare-events.js';
import { RetentionJob } from '../src/features/retention/retention-job.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { rows } from './helpers/collect.js';
import { click, engagement, jsError, pageview, response } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { addHook } from './helpers/webhooks.js';

const DAY = 86_400_000;
const ADMIN = { authorization: 'Bearer test-admin-token-0123456789' };
/** Ages (days ago) of the sessions each site gets: fresh, past 30, past 60, past 395. */
const AGES = [2, 45, 90, 400] as const;

type Site = ReturnType<typeof createSite>;

/** The display id (a UUID, as the widget makes them) of the answer given `age` days ago. */
const did = (age: number) => `00000000-0000-4000-8000-${String(age).padStart(12, '0')}`;

/**
 * Stores events as if they had arrived `daysAgo` days ago: through the route's own validation and
 * the ingest writer (so sessions, page visits, answers, rollups and deliveries are derived as ever),
 * with the clock of that day.
 */
async function storeAt(app: App, siteId: string, ts: number, events: LoupeEventInput[]) {
  const prepared = prepareEvents(
    events.map((e) => ({ ...e, ts })),
    undefined,
    { siteId, receivedAt: ts + 1000, client: { device: 'desktop', browser: 'chrome' } },
  );
  expect(prepared.rejected).toEqual([]);
  await app.ingestWriter.write(prepared.rows);
}

/** One visit `age` days ago: page views, friction, an error, a goal, identify, a task and a commented answer. */
async function visit(app: App, site: Site, age: number, now: number) {
  const over = { sessionId: `s-${age}`, visitorId: `v-${age}` };
  await storeAt(app, site.siteId, now - age * DAY, [
    pageview({ ...over, path: '/cart' }),
    pageview({ ...over, path: '/checkout' }),
    click('rage', { ...over, path: '/checkout' }),
    jsError(`broken at ${age}`, undefined, { ...over, path: '/checkout' }),
    engagement(12_000, 0.5, { ...over, path: '/checkout' }),
    { ...pageview(over), type: 'track', name: 'purchase' } as LoupeEventInput,
    { ...pageview(over), type: 'identify', customerId: `c-${age}`, traits: { plan: 'pro' } } as LoupeEventInput,
    { ...pageview(over), type: 'task', name: 'checkout', action: 'start' } as LoupeEventInput,
    { ...pageview(over), type: 'task', name: 'checkout', action: 'success' } as LoupeEventInput,
    response(did(age), 3, { ...over, comment: `too slow (${age} days ago)` }),
  ]);
}

const ids = (app: App, sql: string, siteId: string) =>
  rows<{ v: string }>(app, sql, siteId)
    .map((r) => r.v)
    .sort();
const sessionsOf = (app: App, siteId: string) =>
  ids(app, 'SELECT session_id AS v FROM sessions WHERE site_id = ?', siteId);
const eventSessionsOf = (app: App, siteId: string) => [
  ...new Set(ids(app, 'SELECT session_id AS v FROM events WHERE site_id = ?', siteId)),
];
const responsesOf = (app: App, siteId: string) =>
  ids(app, 'SELECT display_id AS v FROM responses WHERE site_id = ?', siteId);
const perSessionTable = (app: App, table: string, siteId: string) => [
  ...new Set(ids(app, `SELECT session_id AS v FROM ${table} WHERE site_id = ?`, siteId)),
];
const deliveriesOf = (app: App, siteId: string) =>
  ids(app, 'SELECT subject AS v FROM webhook_deliveries WHERE site_id = ?', siteId);

/** Every aggregate table, row by row: what retention must leave exactly as it was. */
function aggregates(app: App): Record<string, unknown[]> {
  const tables = rows<{ name: string }>(
    app,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE '%rollups%' OR name LIKE '%sketches%' OR name LIKE '%tier%' OR name LIKE '%\\_counts%' ESCAPE '\\' OR name LIKE '%\\_rates%' ESCAPE '\\' OR name = 'error_groups') ORDER BY name",
  )
    .map((t) => t.name)
    // Not an aggregate that stays: the retention cohorts under a trait describe the stored
    // per-person rows, as their read did (audience-cohort-counts.property.test.ts proves it).
    .filter((name) => name !== 'audience_cohort_rollups');
  expect(tables.length).toBeGreaterThan(10);
  // The counts per hour, day and month of goal conversion by band and of the saved funnels.
  expect(tables).toEqual(
    expect.arrayContaining([
      'band_conversion_counts_monthly',
      'saved_funnel_counts_daily',
      'audience_session_rates',
      'audience_dimension_rates_monthly',
      'audience_dimension_sketches',
      'audience_engagement_counts_daily',
      'audience_task_counts_monthly',
      'audience_task_score_counts',
      'audience_dimension_engagement_counts_monthly',
    ]),
  );
  return Object.fromEntries(tables.map((t) => [t, rows(app, `SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`)]));
}

describe('retention', () => {
  let t: TestApp;
  let app: App;
  let short: Site; // raw events 30 days, answers 60 days
  let long: Site; // the defaults: 395 days, answers kept
  // A fixed day, not today: a cohort period that contains the cutoff stays whole, so whether a
  // visit 400 days ago (long site) or 45 days ago (short site) loses its cohort rows depends on
  // where the cutoffs fall in their month and week. On 3 September 2026 the long site's cutoff is
  // Monday 4 August 2025 and the short site's Tuesday 4 August 2026: each old visit lies in an
  // earlier month and week than its site's cutoff, whatever the week's first day.
  const now = Date.UTC(2026, 8, 3, 12);
  /** Each site's saved funnel (/cart then /checkout), saved before its visits: counted at ingest. */
  const funnels = new Map<string, string>();
  /** Aggregates and a year of read-API answers before the job ran. */
  let before: { aggregates: Record<string, unknown[]>; reads: Record<string, unknown> };

  const readsOf = async (site: Site) => {
    const out: Record<string, unknown> = {};
    // Ranges of old days only, so nothing changes because of a clock tick during the test.
    const from = new Date(now - 420 * DAY).toISOString().slice(0, 10);
    const to = new Date(now - 10 * DAY).toISOString().slice(0, 10);
    for (const route of [
      `/v1/metrics/scores?kind=nps&from=${from}&to=${to}&interval=month`,
      `/v1/metrics/pages?from=${from}&to=${to}`,
      `/v1/metrics/timeseries?from=${from}&to=${to}&interval=month`,
      `/v1/metrics/overview?from=${from}&to=${to}`,
      `/v1/errors?from=${from}&to=${to}`,
      `/v1/metrics/retention?interval=month&from=${from}&to=${to}`,
      `/v1/metrics/retention?interval=week&from=${to}&to=${to}&by=customer`,
      // The returning visitors' cohort table is counts too: the same answer over the whole range.
      `/v1/metrics/retention?interval=month&from=${from}&to=${to}&returning=true`,
      // An audience is read from the people's rows: the same for cohorts inside the window.
      `/v1/metrics/retention?interval=week&from=${new Date(now - 20 * DAY).toISOString().slice(0, 10)}&to=${to}&trait.plan=pro`,
      `/v1/metrics/retention?interval=week&from=${new Date(now - 20 * DAY).toISOString().slice(0, 10)}&to=${to}&by=customer&returning=false`,
      // Engagement under an audience of at most one trait is counts by who the session is.
      `/v1/metrics/engagement?interval=month&from=${from}&to=${to}&returning=false`,
      // So are the tasks under an audience of at most one trait, and the scores after them.
      `/v1/metrics/tasks?interval=month&from=${from}&to=${to}&trait.plan=pro`,
      `/v1/metrics/conversion?by=band&kind=nps&from=${from}&to=${to}`,
      `/v1/funnels/saved/${funnels.get(site.siteId)}?from=${from}&to=${to}`,
    ]) {
      const res = await app.inject({ url: route, headers: { authorization: `Bearer ${site.secretKey}` } });
      expect(res.statusCode, `${route}: ${res.body}`).toBe(200);
      out[route] = res.json();
    }
    return out;
  };

  beforeAll(async () => {
    // The delivery worker never polls here: the deliveries stay as the outbox wrote them.
    t = await createTestApp({}, { webhookTiming: { pollMs: 3_600_000 } });
    app = t.app;
    short = createSite(app.db, { name: 'Short', origins: [], rawEventsDays: 30, responsesDays: 60 });
    long = createSite(app.db, { name: 'Long', origins: [] });
    for (const site of [short, long]) {
      await addHook(t, site, 'https://hooks.example/loupe');
      const saved = await app.inject({
        method: 'POST',
        url: '/v1/funnels/saved',
        headers: { authorization: `Bearer ${site.secretKey}` },
        payload: { name: 'Checkout', steps: ['/cart', '/checkout'] },
      });
      expect(saved.statusCode, saved.body).toBe(201);
      funnels.set(site.siteId, saved.json<{ id: string }>().id);
      for (const age of AGES) await visit(app, site, age, now);
    }
    // A session still running across the short site's cutoff: its older events expire, it stays.
    await storeAt(app, short.siteId, now - 33 * DAY, [pageview({ sessionId: 's-long', path: '/old' })]);
    await storeAt(app, short.siteId, now - 27 * DAY, [pageview({ sessionId: 's-long', path: '/new' })]);
    // An attempt in the delivery log of an answer that expires.
    const seq = rows<{ seq: number }>(
      app,
      'SELECT seq FROM webhook_deliveries WHERE site_id = ? AND subject = ?',
      short.siteId,
      did(90),
    )[0]!.seq;
    app.db.$client
      .prepare(
        'INSERT INTO webhook_attempts (delivery_seq, attempt, at, status_code, duration_ms) VALUES (?, 1, ?, 500, 12)',
      )
      .run(seq, now);
    before = { aggregates: aggregates(app), reads: { short: await readsOf(short), long: await readsOf(long) } };
  });
  afterAll(() => t.close());

  it('has everything in place before the job runs', () => {
    expect(sessionsOf(app, short.siteId)).toEqual(['s-2', 's-400', 's-45', 's-90', 's-long']);
    expect(responsesOf(app, long.siteId)).toEqual([did(2), did(400), did(45), did(90)].sort());
    expect(deliveriesOf(app, short.siteId)).toEqual([did(2), did(400), did(45), did(90)].sort());
    expect(perSessionTable(app, 'session_pages', short.siteId)).toContain('s-90');
    expect(perSessionTable(app, 'session_errors', short.siteId)).toContain('s-90');
    expect(perSessionTable(app, 'session_goals', short.siteId)).toContain('s-90');
    expect(perSessionTable(app, 'session_clicks', short.siteId)).toContain('s-90');
    expect(perSessionTable(app, 'band_conversion_sessions', short.siteId)).toContain('s-90');
    expect(perSessionTable(app, 'saved_funnel_sessions', short.siteId)).toContain('s-90');
  });

  it('deletes only what each site’s windows no longer cover, and says how much', async () => {
    const runs = await app.retention.runOnce(now);
    const of = (site: Site) => runs.find((r) => r.siteId === site.siteId)!;

    // Short site: raw events and sessions of 30 days, answers of 60 days.
    expect(sessionsOf(app, short.siteId)).toEqual(['s-2', 's-long']);
    expect(eventSessionsOf(app, short.siteId)).toEqual(['s-2', 's-long']);
    for (const table of [
      'session_pages',
      'session_errors',
      'session_goals',
      'session_clicks',
      'band_conversion_sessions',
      'saved_funnel_sessions',
    ])
      expect(
        perSessionTable(app, table, short.siteId).filter((s) => s !== 's-long'),
        table,
      ).toEqual(['s-2']);
    expect(responsesOf(app, short.siteId)).toEqual([did(2), did(45)].sort());
    expect(deliveriesOf(app, short.siteId)).toEqual([did(2), did(45)].sort());
    expect(rows(app, 'SELECT * FROM webhook_attempts')).toEqual([]);
    // The straddling session lost its event before the cutoff, kept the later one and its row.
    expect(ids(app, "SELECT path AS v FROM events WHERE site_id = ? AND session_id = 's-long'", short.siteId)).toEqual([
      '/new',
    ]);
    // No comment is left in any raw event of the site once its answer went.
    expect(
      rows(
        app,
        "SELECT 1 FROM events WHERE site_id = ? AND payload LIKE '%days ago%' AND display_id <> ?",
        short.siteId,
        did(2),
      ),
    ).toEqual([]);

    // Long site (the defaults): only the 400-day-old visit's raw rows; every answer is kept.
    expect(sessionsOf(app, long.siteId)).toEqual(['s-2', 's-45', 's-90']);
    expect(eventSessionsOf(app, long.siteId)).toEqual(['s-2', 's-45', 's-90']);
    expect(responsesOf(app, long.siteId)).toEqual([did(2), did(400), did(45), did(90)].sort());
    expect(deliveriesOf(app, long.siteId)).toEqual([did(2), did(400), did(45), did(90)].sort());

    // The retention cohorts' rows of people whose periods all ended before the cutoff: gone; the
    // fresh visitor's and customer's stay (the cohort rollups, counts, stay too: below).
    const people = (sql: string, siteId: string) => [...new Set(ids(app, sql, siteId))];
    expect(people('SELECT visitor_id AS v FROM visitor_cohorts WHERE site_id = ?', short.siteId)).toEqual(['v-2']);
    expect(people('SELECT visitor_id AS v FROM visitor_periods WHERE site_id = ?', short.siteId)).toEqual(['v-2']);
    expect(people('SELECT customer_id AS v FROM customer_cohorts WHERE site_id = ?', short.siteId)).toEqual(['c-2']);
    expect(people('SELECT customer_id AS v FROM customer_periods WHERE site_id = ?', short.siteId)).toEqual(['c-2']);
    expect(perSessionTable(app, 'customer_sessions', short.siteId)).toEqual(['s-2']);
    expect(perSessionTable(app, 'session_traits', short.siteId)).toEqual(['s-2']);
    expect(people('SELECT visitor_id AS v FROM visitor_cohorts WHERE site_id = ?', long.siteId)).toEqual([
      'v-2',
      'v-45',
      'v-90',
    ]);
    expect(people('SELECT customer_id AS v FROM customer_periods WHERE site_id = ?', long.siteId)).toEqual([
      'c-2',
      'c-45',
      'c-90',
    ]);

    // 10 events in each of 3 expired sessions + the straddler's old page view.
    expect(of(short).deleted).toMatchObject({
      events: 31,
      sessions: 3,
      responses: 2,
      webhook_deliveries: 2,
      webhook_attempts: 1,
    });
    expect(of(short).deleted.session_pages).toBe(6);
    expect(of(short).deleted).toMatchObject({
      visitor_cohorts: 3,
      visitor_periods: 6,
      customer_cohorts: 3,
      customer_periods: 6,
      customer_sessions: 3,
      session_traits: 3,
      band_conversion_sessions: 3,
      saved_funnel_sessions: 3,
      task_runs: 3,
    });
    expect(of(long).deleted).toMatchObject({
      events: 10,
      sessions: 1,
      task_runs: 1,
      session_pages: 2,
      session_errors: 1,
      session_goals: 1,
      session_clicks: 1,
      band_conversion_sessions: 1,
      saved_funnel_sessions: 1,
      responses: 0,
    });
    expect(of(short).complete && of(long).complete).toBe(true);

    // One audit entry per site: the job, the site, the rows per table and nothing of their content.
    for (const site of [short, long]) {
      const res = await app.inject({ url: `/v1/audit?siteId=${site.siteId}`, headers: ADMIN });
      expect(res.statusCode, res.body).toBe(200);
      const entries = res.json<{ entries: Record<string, unknown>[] }>().entries;
      expect(entries).toHaveLength(1);
      const { rows: logged, ...entry } = entries[0]! as { rows: Record<string, number> };
      expect(entry).toMatchObject({
        siteId: site.siteId,
        actor: { kind: 'retention job', userId: null },
        action: 'retention.purge',
        target: { kind: 'site', ref: site.siteId },
      });
      expect(logged).toEqual(Object.fromEntries(Object.entries(of(site).deleted).filter(([, n]) => n > 0)));
      expect(JSON.stringify(entries)).not.toMatch(/s-\d|v-\d|too slow/);
    }
  });

  it('keeps every aggregate: the read API answers for old days as before', async () => {
    expect(aggregates(app)).toEqual(before.aggregates);
    expect({ short: await readsOf(short), long: await readsOf(long) }).toEqual(before.reads);
  });

  it('is idempotent: a second run finds nothing', async () => {
    const runs = await app.retention.runOnce(now);
    for (const run of runs)
      expect(
        Object.values(run.deleted).every((n) => n === 0),
        run.siteId,
      ).toBe(true);
  });

  it('follows a changed window at the next run', async () => {
    const res = await app.inject({
      method: 'PATCH',
      url: `/v1/sites/${long.siteId}`,
      headers: ADMIN,
      payload: { rawEventsDays: 60, responsesDays: 60 },
    });
    expect(res.statusCode, res.body).toBe(200);
    await app.retention.runOnce(now);
    expect(sessionsOf(app, long.siteId)).toEqual(['s-2', 's-45']);
    expect(responsesOf(app, long.siteId)).toEqual([did(2), did(45)].sort());
    // The other site is untouched by this one's change.
    expect(sessionsOf(app, short.siteId)).toEqual(['s-2', 's-long']);
  });
});

describe('retention of the cohorts of a person still active', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('folds expired converted periods into the person, so a later goal makes them a repeat converter once', async () => {
    t = await createTestApp();
    const { app } = t;
    const site = createSite(app.db, { name: 'Repeat', origins: [], rawEventsDays: 30 });
    const now = Date.now();
    const goal = (sessionId: string) =>
      ({ ...pageview({ sessionId, visitorId: 'v-r' }), type: 'track', name: 'purchase' }) as LoupeEventInput;
    await storeAt(app, site.siteId, now - 100 * DAY, [pageview({ sessionId: 'r-1', visitorId: 'v-r' }), goal('r-1')]);
    await storeAt(app, site.siteId, now - 3 * DAY, [pageview({ sessionId: 'r-2', visitorId: 'v-r' })]);
    await app.retention.runOnce(now);
    // The old periods are gone, the person stays (active in the window) with one converted period of each kind.
    expect(
      rows(app, 'SELECT period FROM visitor_periods WHERE site_id = ? AND period < ?', site.siteId, '9'),
    ).toHaveLength(2);
    expect(
      rows(
        app,
        'SELECT converted_weeks_before AS w, converted_months_before AS m FROM visitor_cohorts WHERE site_id = ?',
        site.siteId,
      ),
    ).toEqual([{ w: 1, m: 1 }]);
    await storeAt(app, site.siteId, now - 1000, [pageview({ sessionId: 'r-3', visitorId: 'v-r' }), goal('r-3')]);
    const totals = rows<{ ever: number; repeat: number }>(
      app,
      'SELECT sum(converted_visitors) AS ever, sum(repeat_converters) AS repeat FROM cohort_rollups WHERE site_id = ? GROUP BY interval',
      site.siteId,
    );
    expect(totals).toEqual([
      { ever: 1, repeat: 1 },
      { ever: 1, repeat: 1 },
    ]);
  });
});

describe('retention cut short', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('leaves a consistent database that the next run finishes', async () => {
    t = await createTestApp();
    const { app } = t;
    const site = createSite(app.db, { name: 'Crash', origins: [], rawEventsDays: 30, responsesDays: 30 });
    const now = Date.now();
    for (let i = 0; i < 12; i++) await visit(app, site, 100 + i, now);
    // A batch of two rows; the job is closed midway, as a shutdown (or a crash) would: after the
    // answers (one per batch, 13 turns) and a few sessions (about six turns each).
    let turns = 0;
    const job: RetentionJob = new RetentionJob({
      db: app.db,
      log: app.log,
      batchRows: 2,
      writer: {
        queuedRows: 0,
        get inFlightRows() {
          if (++turns === 30) void job.close();
          return 0;
        },
      },
    });
    const [partial] = await job.runOnce(now);
    expect(partial!.complete).toBe(false);
    const left = sessionsOf(app, site.siteId);
    expect(left.length).toBeGreaterThan(0);
    expect(left.length).toBeLessThan(12);
    // Whatever is left is whole: no page visit, mark or event without its session.
    for (const table of ['events', 'session_pages', 'session_errors', 'session_goals'])
      expect(
        perSessionTable(app, table, site.siteId).every((s) => left.includes(s)),
        table,
      ).toBe(true);
    // Closed: no more runs.
    expect(await job.runOnce(now)).toEqual([]);

    const [rest] = await new RetentionJob({ db: app.db, log: app.log, writer: app.ingestWriter }).runOnce(now);
    expect(rest!.complete).toBe(true);
    expect(sessionsOf(app, site.siteId)).toEqual([]);
    expect(responsesOf(app, site.siteId)).toEqual([]);
    expect(rows(app, 'SELECT 1 FROM events WHERE site_id = ?', site.siteId)).toEqual([]);
    expect(rest!.deleted.sessions + partial!.deleted.sessions).toBe(12);
  });

  it('stops with the app: close() waits for the batch in progress, and no run starts after it', async () => {
    const t2 = await createTestApp();
    const site = createSite(t2.app.db, { name: 'Closing', origins: [], rawEventsDays: 30 });
    for (let i = 0; i < 3; i++) await visit(t2.app, site, 200 + i, Date.now());
    const run = t2.app.retention.runOnce();
    await t2.close();
    const [result] = await run;
    expect(result === undefined || result.complete === false || result.deleted.sessions === 3).toBe(true);
    expect(await t2.app.retention.runOnce()).toEqual([]);
  });
});

describe('retention settings', () => {
  let t: TestApp;
  let siteId: string;
  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.app.inject({ method: 'POST', url: '/v1/sites', headers: ADMIN, payload: { name: 'Settings' } });
    expect(res.statusCode, res.body).toBe(201);
    siteId = res.json().siteId;
  });
  afterAll(() => t.close());

  const patch = (payload: unknown) =>
    t.app.inject({ method: 'PATCH', url: `/v1/sites/${siteId}`, headers: ADMIN, payload: payload as object });

  it('defaults to 395 days of raw events and answers kept, readable with GET', async () => {
    const res = await t.app.inject({ url: `/v1/sites/${siteId}`, headers: ADMIN });
    expect(res.json()).toMatchObject({ rawEventsDays: 395, responsesDays: null });
  });

  it('sets both, and null sets answers back to kept', async () => {
    expect((await patch({ rawEventsDays: 90, responsesDays: 30 })).json()).toMatchObject({
      rawEventsDays: 90,
      responsesDays: 30,
    });
    expect((await patch({ responsesDays: null })).json()).toMatchObject({ rawEventsDays: 90, responsesDays: null });
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: ADMIN,
      payload: { name: 'Created with windows', rawEventsDays: 8, responsesDays: 3650 },
    });
    expect(created.json()).toMatchObject({ rawEventsDays: 8, responsesDays: 3650 });
  });

  it('says why too few days are refused', async () => {
    const res = await patch({ rawEventsDays: 7 });
    expect(res.json().errors).toEqual([
      { path: 'body.rawEventsDays', message: 'must be at least 8 days (events may still arrive 7 days late)' },
    ]);
  });

  it.each([
    [{ rawEventsDays: 0 }, 'body.rawEventsDays'],
    [{ rawEventsDays: 7 }, 'body.rawEventsDays'],
    [{ rawEventsDays: 3651 }, 'body.rawEventsDays'],
    [{ rawEventsDays: 30.5 }, 'body.rawEventsDays'],
    [{ rawEventsDays: '30' }, 'body.rawEventsDays'],
    [{ rawEventsDays: null }, 'body.rawEventsDays'],
    [{ responsesDays: -1 }, 'body.responsesDays'],
    [{ responsesDays: 1e9 }, 'body.responsesDays'],
    [{ responsesDays: 'forever' }, 'body.responsesDays'],
  ])('refuses %j with a problem naming the field, and changes nothing', async (payload, path) => {
    const res = await patch(payload);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e: { path: string }) => e.path)).toContain(path);
    const site = (await t.app.inject({ url: `/v1/sites/${siteId}`, headers: ADMIN })).json();
    expect(site).toMatchObject({ rawEventsDays: 90, responsesDays: null });
  });
});
