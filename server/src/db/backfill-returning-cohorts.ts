import type Database from 'better-sqlite3';
import { returningCohortRollups } from '../features/ingest/derive/cohort-deltas.js';
import {
  addVisitorCounts,
  type ReturnedVisitor,
  type VisitorPeriod,
} from '../features/ingest/derive/returning-cohort-counts.js';
import { RollupDeltas } from '../features/ingest/derive/rollup-deltas.js';
import { SiteCalendars } from '../features/ingest/derive/site-calendars.js';
import type { Db } from './open-database.js';

// The returning visitors stored before their cohort table (db/schema/returning-cohorts.ts), counted
// once after the migrations with the writer's own function (returning-cohort-counts.ts): a
// visitor's cohort is the week or month of their first session in the site's time zone, which
// SQLite cannot work out in SQL (PostgreSQL's migration does it with AT TIME ZONE). The visitors
// with a returning session (returned_ts set) are counted with their periods, a page of visitors
// at a time, and flagged counted_returning; all in one transaction with the `settings` row that
// records it is done, before the server answers anything.

const DONE_KEY = 'backfill.returning_cohort_rollups';
const PAGE = 5_000;

type Row = ReturnedVisitor & { visitor_id: string; interval: VisitorPeriod['interval'] | null } & Omit<
    VisitorPeriod,
    'interval'
  >;

export function backfillReturningCohorts(db: Db): void {
  const sqlite = db.$client;
  if (sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(DONE_KEY)) return;
  sqlite.transaction(() => {
    countReturningVisitors(sqlite);
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(DONE_KEY, new Date().toISOString());
  })();
}

/** Counts every visitor with a returning session not counted yet, and flags them counted. */
export function countReturningVisitors(sqlite: Database.Database): void {
  const page = sqlite.prepare(
    'SELECT c.site_id, c.visitor_id, c.first_ts, c.device, c.browser, c.language, c.converted_weeks_before, ' +
      'c.converted_months_before, p.interval, p.period, p.converted FROM (SELECT * FROM visitor_cohorts ' +
      'WHERE (site_id, visitor_id) > (?, ?) AND returned_ts IS NOT NULL AND counted_returning = 0 ' +
      'ORDER BY site_id, visitor_id LIMIT ?) AS c ' +
      // LEFT: a page of visitors with no period left must not end the walk.
      'LEFT JOIN visitor_periods AS p ON p.site_id = c.site_id AND p.visitor_id = c.visitor_id ' +
      'ORDER BY c.site_id, c.visitor_id',
  );
  const calendars = new SiteCalendars(sqlite);
  const table = returningCohortRollups(sqlite);
  let after = { site: '', visitor: '' };
  for (;;) {
    const rows = page.all(after.site, after.visitor, PAGE) as Row[];
    if (rows.length === 0) break;
    const deltas = new RollupDeltas(table);
    // Rows come grouped by visitor: each group is one visitor's periods.
    for (let i = 0; i < rows.length; ) {
      const first = rows[i]!;
      let j = i;
      while (j < rows.length && rows[j]!.site_id === first.site_id && rows[j]!.visitor_id === first.visitor_id) j++;
      const periods = rows.slice(i, j).filter((r): r is Row & VisitorPeriod => r.interval !== null);
      addVisitorCounts(deltas, calendars.of(first.site_id), first, periods);
      i = j;
    }
    deltas.apply();
    const last = rows[rows.length - 1]!;
    after = { site: last.site_id, visitor: last.visitor_id };
  }
  sqlite.prepare('UPDATE visitor_cohorts SET counted_returning = 1 WHERE returned_ts IS NOT NULL').run();
}
