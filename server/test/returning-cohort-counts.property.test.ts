import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countReturningVisitors } from '../src/db/backfill-returning-cohorts.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetEvents, monthsDatasetArb } from './helpers/random-dataset.js';
import { propertyRuns } from './helpers/property-runs.js';
import { exactPeriod, loadRaw, type Raw } from './helpers/reference/raw-rows.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// returning_cohort_rollups (derive/returning-cohort-counts.ts, cohort-deltas.ts) against a plain
// computation over the raw sessions: per cohort, period and segment, the returning visitors (those
// with a session that started after another of theirs) active and converting in it, the converted
// and repeat converters of each cohort. Datasets over about three months around a DST change in
// four zones, ingested in commits of a few events, so a visitor enters the table in one commit and
// is counted further in later ones. Then the backfill (SQLite: the writer's code; PostgreSQL: its
// migration's SQL) rebuilds the same rows; an erasure and the retention job leave them as they are.

const ZONES = ['UTC', 'America/New_York', 'Europe/Copenhagen', 'Asia/Kolkata'] as const;
const DAY = 86_400_000;
const PG_MIGRATION = path.join(import.meta.dirname, '../drizzle-pg/0019_returning_cohort_rollups.sql');
const COUNTERS = ['visitors', 'converters', 'converted_visitors', 'repeat_converters'] as const;

type Row = Record<string, string | number>;

/** The table's rows of a site with a count, as plain numbers, sorted. */
function stored(t: TestApp, siteId: string): Row[] {
  const rows = t.app.db.$client
    .prepare(
      'SELECT interval, cohort, period, device, browser, language, visitors, converters, converted_visitors, ' +
        'repeat_converters FROM returning_cohort_rollups WHERE site_id = ?',
    )
    .all(siteId) as Row[];
  return sortRows(
    rows
      .map((r) => ({ ...r, ...Object.fromEntries(COUNTERS.map((c) => [c, Number(r[c])])) }))
      .filter((r) => COUNTERS.some((c) => r[c] !== 0)),
  );
}

const sortRows = (rows: Row[]) => rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** The same rows from the raw sessions, and how many returning visitors had three sessions or more. */
function reference(raw: Raw, tz: string): { rows: Row[]; longReturning: number } {
  const people = new Map<string, Raw['sessions']>();
  for (const s of raw.sessions)
    if (s.visitorId !== null) people.set(s.visitorId, [...(people.get(s.visitorId) ?? []), s]);
  const cells = new Map<string, Row>();
  const add = (key: Omit<Row, (typeof COUNTERS)[number]>, counter: (typeof COUNTERS)[number]) => {
    const id = JSON.stringify(key);
    const cell = cells.get(id) ?? { ...key, visitors: 0, converters: 0, converted_visitors: 0, repeat_converters: 0 };
    cell[counter] = Number(cell[counter]) + 1;
    cells.set(id, cell);
  };
  let longReturning = 0;
  for (const sessions of people.values()) {
    const first = sessions.reduce((a, b) => (b.firstTs < a.firstTs ? b : a));
    if (!sessions.some((s) => s.firstTs > first.firstTs)) continue;
    if (sessions.length >= 3) longReturning += 1;
    const segment = { device: first.device, browser: first.browser, language: first.language };
    for (const interval of ['week', 'month'] as const) {
      const cohort = exactPeriod(first.firstTs, tz, interval);
      const active = new Set(sessions.map((s) => exactPeriod(s.firstTs, tz, interval)));
      const converted = new Set(
        sessions.filter((s) => s.goals.size > 0).map((s) => exactPeriod(s.firstTs, tz, interval)),
      );
      for (const period of active) {
        add({ interval, cohort, period, ...segment }, 'visitors');
        if (converted.has(period)) add({ interval, cohort, period, ...segment }, 'converters');
      }
      if (converted.size >= 1) add({ interval, cohort, period: cohort, ...segment }, 'converted_visitors');
      if (converted.size >= 2) add({ interval, cohort, period: cohort, ...segment }, 'repeat_converters');
    }
  }
  return { rows: sortRows([...cells.values()].filter((r) => COUNTERS.some((c) => r[c] !== 0))), longReturning };
}

/** The backfill, on every site: SQLite's runs the writer's code, PostgreSQL's migration SQL. */
function backfill(t: TestApp): void {
  const db = t.app.db.$client;
  db.exec('DELETE FROM returning_cohort_rollups');
  db.exec('UPDATE visitor_cohorts SET counted_returning = 0');
  if (process.env.LOUPE_TEST_DB !== 'postgres') {
    countReturningVisitors(db);
    return;
  }
  const statements = readFileSync(PG_MIGRATION, 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.replace(/^--.*$/gm, '').trim())
    .filter((s) => s.startsWith('UPDATE') || s.startsWith('WITH'));
  expect(statements).toHaveLength(2);
  for (const sql of statements) db.exec(sql);
}

describe('the returning visitors’ cohort table against the raw sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  it('counts each returning visitor once per period, is rebuilt by the backfill, and stays through an erasure and the retention job', async () => {
    let longReturning = 0;
    await fc.assert(
      fc.asyncProperty(
        monthsDatasetArb,
        fc.constantFrom(...ZONES),
        fc.integer({ min: 1, max: 8 }),
        fc.nat(),
        async (dataset, tz, batch, pick) => {
          const site = createSite(t.app.db, { name: 'r', origins: [], timeZone: tz, rawEventsDays: 8 });
          const prompts = createDatasetPrompts(t.app, site.siteId);
          ingestDataset(t.app, site.siteId, datasetEvents(dataset, prompts), batch);
          const ref = reference(loadRaw(t.app, site.siteId), tz);
          longReturning += ref.longReturning;
          const kept = stored(t, site.siteId);
          expect(kept).toEqual(ref.rows);

          backfill(t);
          expect(stored(t, site.siteId)).toEqual(kept);

          // Counts, like cohort_rollups: a session erased and the retention job leave them.
          const sessions = t.app.db.$client
            .prepare('SELECT session_id FROM sessions WHERE site_id = ? AND "returning" = 1 ORDER BY session_id')
            .pluck()
            .all(site.siteId) as string[];
          if (sessions.length > 0) {
            const res = await t.app.inject({
              method: 'DELETE',
              url: `/v1/sessions/${sessions[pick % sessions.length]}`,
              headers: { authorization: `Bearer ${site.secretKey}` },
            });
            expect(res.statusCode).toBe(200);
          }
          await t.app.retention.runOnce(dataset.anchor + 8 * DAY);
          expect(stored(t, site.siteId)).toEqual(kept);
        },
      ),
      { numRuns: propertyRuns(30) },
    );
    // Visitors counted on after they entered the table were seen.
    expect(longReturning).toBeGreaterThan(0);
  }, 600_000);
});
