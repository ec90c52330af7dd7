import { randomUUID } from 'node:crypto';
import type { AudienceFilters, LoupeEventInput, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRange } from '../src/analytics/query-range.js';
import { CLOSED_HOUR_GENERATIONS_SQL } from '../src/db/closed-hours.js';
import { prepareEvents } from '../src/features/ingest/http/prepare-events.js';
import { createIngestStore } from '../src/features/ingest/writer/ingest-store.js';
import { readScores } from '../src/features/metrics/scores-store.js';
import { readTimeseries } from '../src/features/metrics/timeseries-store.js';
import { createSite } from '../src/features/sites/sites-store.js';
import type { App } from '../src/app.js';
import { countingExecutions } from './helpers/counting-executions.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import { withIdentify } from './helpers/identify-events.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { postgresTestApps } from './helpers/postgres-test-apps.js';
import { propertyRuns } from './helpers/property-runs.js';
import { datasetArb, datasetEvents } from './helpers/random-dataset.js';
import { filtersArb, ZONES } from './helpers/reference/filters-arb.js';
import { localDateOffset } from './helpers/reference/reference-range.js';
import { pageview, response } from './helpers/events.js';
import type { TestApp } from './helpers/test-app.js';

// The series routes keep the sums of buckets that ended over a day ago (analytics/closed-bucket-memo.ts)
// under the generations of closed hours of their UTC days, which a commit changing such an hour
// bumps (db/closed-hours.ts). A kept bucket is served without a statement on its rows; a late
// commit makes the next read count its day's buckets again, no others; commits to the last hours,
// retention and erasure leave the generations, and the answers, as they were.

const apps = engineApps();
const DAY = 86_400_000;
const HOUR = 3_600_000;
const today = Math.floor(Date.now() / DAY) * DAY;
/** UTC midnight `n` days ago. */
const day = (n: number) => today - n * DAY;
const date = (t: number) => new Date(t).toISOString().slice(0, 10);

/** A connection of its own (its memo of closed buckets is its own), its executions listed. */
const connection = (client: Database.Database) => countingExecutions(client);

describe.each(ENGINES)('closed series buckets on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await apps.create(engine);
  });
  afterAll(() => t.close());

  /** One commit of the writer's store, each event received a second after it happened. */
  function store(siteId: string, events: LoupeEventInput[]): void {
    const rows = events.flatMap((e) => {
      const prepared = prepareEvents([e], undefined, {
        siteId,
        receivedAt: e.ts + 1000,
        client: { device: 'desktop', browser: 'chrome' },
      });
      expect(prepared.rejected).toEqual([]);
      return prepared.rows;
    });
    createIngestStore(t.app.db).commit([rows]);
  }
  const visit = (session: string, ts: number, score: number): LoupeEventInput[] => [
    pageview({ sessionId: session, visitorId: `visitor-${session}`, ts }),
    response(randomUUID(), score, { sessionId: session, visitorId: `visitor-${session}`, ts: ts + 1000 }),
  ];
  /** The generations of the site's days: [UTC day, generation] of each day a late commit changed. */
  const generations = (siteId: string) =>
    (
      t.app.db.$client.prepare(CLOSED_HOUR_GENERATIONS_SQL).raw(true).all(siteId, 0, Number.MAX_SAFE_INTEGER) as [
        number,
        number,
      ][]
    ).map(([d, g]) => [Number(d), Number(g)]);

  /**
   * Daily series of days 8–4 ago, as the two routes read them. The last bucket ended two midnights
   * ago, so every bucket is past the 25 hours after which one is kept, at any hour of today (a
   * series to yesterday's midnight had its last bucket unkept in the first hour of a UTC day).
   */
  function series(db: Database.Database, siteId: string, from = 8) {
    const range = resolveRange({ from: date(day(from)), to: date(day(3)), tz: 'UTC' });
    const points = readTimeseries(db, siteId, { interval: 'day', filters: {} }, range).points;
    const scores = readScores(db, siteId, { kind: 'nps', interval: 'day', filters: {} }, range).series;
    const of = (n: number) => {
      const p = points.find((x) => x.from === new Date(day(n)).toISOString())!;
      const s = scores.find((x) => x.from === new Date(day(n)).toISOString())!;
      return { sessions: p.sessions, visitors: p.visitors, pageviews: p.pageviews, answers: p.responses, nps: s.score };
    };
    return { day5: of(5), day7: of(7), points, scores };
  }
  const figures = ({ day5, day7 }: ReturnType<typeof series>) => ({ day5, day7 });

  it("serves kept buckets without reading their rows, and counts those of a late commit's day again", () => {
    const site = createSite(t.app.db, { name: 'late', origins: [] });
    store(site.siteId, [...visit('a', day(5) + 2 * HOUR, 9), ...visit('b', day(7) + 9 * HOUR, 10)]);
    expect(generations(site.siteId)).toEqual([
      [day(7), 1],
      [day(5), 1],
    ]);
    const { db, executed } = connection(t.app.db.$client);
    expect(figures(series(db, site.siteId))).toEqual({
      day5: { sessions: 1, visitors: 1, pageviews: 1, answers: 1, nps: 100 },
      day7: { sessions: 1, visitors: 1, pageviews: 1, answers: 1, nps: 100 },
    });
    expect(executed.splice(0).some((e) => e.sql.includes('visitor_sketches'))).toBe(true);

    // Every bucket kept: only the generations are read for the series' buckets.
    series(db, site.siteId);
    const series2 = executed
      .splice(0)
      .filter((e) => /\bstart IN\b/.test(e.sql) || e.sql === CLOSED_HOUR_GENERATIONS_SQL);
    expect(series2.length).toBeGreaterThan(0);
    expect(series2.every((e) => e.sql === CLOSED_HOUR_GENERATIONS_SQL)).toBe(true);

    // A late visit (an offline queue sent days later) to day 5: its day's generation moves.
    store(site.siteId, visit('c', day(5) + 3 * HOUR, 0));
    expect(generations(site.siteId)).toEqual([
      [day(7), 1],
      [day(5), 2],
    ]);
    expect(figures(series(db, site.siteId))).toEqual({
      day5: { sessions: 2, visitors: 2, pageviews: 2, answers: 2, nps: 0 },
      day7: { sessions: 1, visitors: 1, pageviews: 1, answers: 1, nps: 100 },
    });
    // Only day 5's bucket is read again: the units of the IN lists are its day (and hours), never day 7's.
    const units = executed
      .splice(0)
      .flatMap((e) => (/\bstart IN\b/.test(e.sql) ? e.params.filter((p) => typeof p === 'number' && p > 0) : []));
    expect(units.length).toBeGreaterThan(0);
    expect(units.every((u) => (u as number) >= day(5) && (u as number) < day(4))).toBe(true);
  });

  it('a commit to the last hours leaves the generations as they were', () => {
    const site = createSite(t.app.db, { name: 'now', origins: [] });
    store(site.siteId, visit('old', day(6), 5));
    expect(generations(site.siteId)).toEqual([[day(6), 1]]);
    store(site.siteId, visit('now', Date.now() - 60_000, 5));
    store(site.siteId, visit('hours-ago', Date.now() - 20 * HOUR, 5));
    expect(generations(site.siteId)).toEqual([[day(6), 1]]);
  });

  it('kept buckets equal a fresh read after random data arrives late, for every interval and filter', async () => {
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        fc.constantFrom(...ZONES),
        fc.constantFrom('hour', 'day', 'week', 'month'),
        filtersArb,
        fc.integer({ min: -4, max: 2 }),
        fc.integer({ min: 0, max: 6 }),
        async (dataset, tz, interval, filters, fromOff, span) => {
          const site = createSite(t.app.db, { name: 'p', origins: [] });
          const events = datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId));
          const from = localDateOffset(dataset.anchor, fromOff, tz);
          const to = localDateOffset(dataset.anchor, fromOff + span, tz);
          const range = resolveRange({ from, to, tz });
          const { db } = connection(t.app.db.$client);
          const read = (conn: Database.Database) => ({
            points: readTimeseries(conn, site.siteId, { interval, filters: filters as SegmentFilters }, range).points,
            scores: readScores(
              conn,
              site.siteId,
              { kind: 'nps', interval: interval === 'hour' ? 'day' : interval, filters },
              range,
            ).series,
          });
          // Every other event first, read (the dataset's days are long closed: every bucket kept),
          // then the rest: commits to closed hours, as an offline queue's.
          ingestDataset(
            t.app,
            site.siteId,
            events.filter((_, i) => i % 2 === 0),
          );
          read(db);
          ingestDataset(
            t.app,
            site.siteId,
            events.filter((_, i) => i % 2 === 1),
          );
          expect(read(db)).toEqual(read(connection(t.app.db.$client).db));
        },
      ),
      { numRuns: propertyRuns(20) },
    );
  }, 120_000);

  it('kept buckets under an audience equal a fresh read after identify calls and data arrive late', async () => {
    // The audience's counts and sketches move when a late identify call changes a session's traits
    // (audience-session-rate-deltas.ts bumps its hour's day), not only when a cube's rows change.
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        fc.nat(),
        fc.constantFrom(...ZONES),
        fc.constantFrom('day', 'week', 'month'),
        fc.constantFrom<SegmentFilters>({}, { device: 'mobile' }, { device: 'desktop' }),
        fc.constantFrom<AudienceFilters>(
          { traits: [], returning: false },
          { traits: [], returning: true },
          { traits: [{ key: 'plan', value: 'pro' }] },
          { traits: [{ key: 'plan', value: 'free' }], returning: false },
        ),
        fc.integer({ min: -4, max: 0 }),
        fc.integer({ min: 2, max: 6 }),
        async (dataset, salt, tz, interval, filters, audience, fromOff, span) => {
          const site = createSite(t.app.db, { name: 'p', origins: [] });
          const events = withIdentify(datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId)), salt);
          const from = localDateOffset(dataset.anchor, fromOff, tz);
          const to = localDateOffset(dataset.anchor, fromOff + span, tz);
          const range = resolveRange({ from, to, tz });
          const { db } = connection(t.app.db.$client);
          const read = (conn: Database.Database) =>
            readTimeseries(conn, site.siteId, { interval, filters, audience }, range).points;
          // The identify calls late, alone (they change no cube's rows), after a read that kept every bucket.
          const late = (e: (typeof events)[number]) => e.event.type === 'identify';
          ingestDataset(
            t.app,
            site.siteId,
            events.filter((e) => !late(e)),
          );
          read(db);
          ingestDataset(t.app, site.siteId, events.filter(late));
          expect(read(db)).toEqual(read(connection(t.app.db.$client).db));
        },
      ),
      { numRuns: propertyRuns(25) },
    );
  }, 180_000);

  it('retention and erasure leave the kept buckets equal to a fresh read', async () => {
    const site = createSite(t.app.db, { name: 'kept', origins: [], rawEventsDays: 8, responsesDays: 8 });
    store(site.siteId, [
      ...visit('expired', day(12) + HOUR, 3),
      ...visit('erased', day(5) + HOUR, 10),
      ...visit('stays', day(5) + 2 * HOUR, 9),
    ]);
    const { db } = connection(t.app.db.$client);
    const before = series(db, site.siteId, 14);
    expect(before.day5).toEqual({ sessions: 2, visitors: 2, pageviews: 2, answers: 2, nps: 100 });

    await t.app.retention.runOnce();
    const erased = await t.app.inject({
      method: 'DELETE',
      url: '/v1/visitors/visitor-erased',
      headers: { authorization: `Bearer ${site.secretKey}` },
    });
    expect(erased.statusCode, erased.body).toBe(200);
    const sessions = t.app.db.$client
      .prepare('SELECT session_id FROM sessions WHERE site_id = ? ORDER BY session_id')
      .pluck()
      .all(site.siteId);
    expect(sessions).toEqual(['stays']);

    // Aggregates outlive the rows they counted: kept, fresh (a connection with nothing kept) and before agree.
    const fresh = connection(t.app.db.$client).db;
    expect(series(db, site.siteId, 14)).toEqual(before);
    expect(series(fresh, site.siteId, 14)).toEqual(before);
  });
});

describe('closed series buckets on two PostgreSQL instances', { timeout: 60_000 }, () => {
  const {
    apps: [a, b],
  } = postgresTestApps({ apps: 2, timeout: 120_000 });

  it("one instance's late commit reaches the other's kept buckets at its next read", async () => {
    const site = createSite(a.app.db, { name: 'two', origins: [], rawEventsDays: 400 });
    const storeOn = (app: App, events: LoupeEventInput[]) =>
      createIngestStore(app.db).commit([
        events.flatMap(
          (e) =>
            prepareEvents([e], undefined, {
              siteId: site.siteId,
              receivedAt: e.ts + 1000,
              client: { device: 'desktop', browser: 'chrome' },
            }).rows,
        ),
      ]);
    const ts = day(4) + 5 * HOUR;
    storeOn(a.app, [pageview({ sessionId: 's1', visitorId: 'v1', ts })]);
    const range = resolveRange({ from: date(day(6)), to: date(day(2)), tz: 'UTC' });
    const visitorsOnDay4 = () =>
      readTimeseries(a.app.db.$client, site.siteId, { interval: 'day', filters: {} }, range).points.find(
        (p) => p.from === new Date(day(4)).toISOString(),
      )!.visitors;
    expect(visitorsOnDay4()).toBe(1);
    expect(visitorsOnDay4()).toBe(1);
    storeOn(b.app, [pageview({ sessionId: 's2', visitorId: 'v2', ts: ts + HOUR })]);
    expect(visitorsOnDay4()).toBe(2);
  });
});
