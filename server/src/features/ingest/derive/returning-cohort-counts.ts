import type Database from 'better-sqlite3';
import type { LocalCalendar } from '../../../analytics/local-calendar.js';
import { perDatabase } from '../../../lib/per-database.js';
import { type CohortCounter, periodOf, returningCohortRollups } from './cohort-deltas.js';
import { RollupDeltas } from './rollup-deltas.js';
import { SiteCalendars } from './site-calendars.js';

// returning_cohort_rollups (db/schema/returning-cohorts.ts) holds cohort_rollups' counts of the
// visitors with a returning session. cohort-deltas.ts adds each count of a visitor already in it;
// this module puts a visitor in, once: with every period counted for them so far, when their
// first returning session is stored (visitor_cohorts.returned_ts turns non-null) or, for the
// visitors stored before the table, by the backfill (db/backfill-returning-cohorts.ts). A visitor's
// periods are a handful of rows, read by their key.

/** A returning visitor's cohort row: their first session and their converted periods past the window. */
export interface ReturnedVisitor {
  site_id: string;
  first_ts: number;
  device: string;
  browser: string;
  language: string;
  converted_weeks_before: number;
  converted_months_before: number;
}

/** One of the visitor's visitor_periods rows. */
export interface VisitorPeriod {
  interval: 'week' | 'month';
  period: string;
  converted: number;
}

/**
 * Adds one visitor's counts, as cohort-deltas.ts would have made them one session at a time, to
 * `deltas`: active (and converted) in each period of their rows, and at their cohort's own period
 * a converted visitor with one converted period, a repeat converter with two (those past the
 * retention window included). An interval with no row left adds nothing, as the people-based
 * read of an audience counts it.
 */
export function addVisitorCounts(
  deltas: RollupDeltas<CohortCounter>,
  cal: LocalCalendar,
  visitor: ReturnedVisitor,
  periods: readonly VisitorPeriod[],
): void {
  for (const interval of ['week', 'month'] as const) {
    const cohort = periodOf(cal, Number(visitor.first_ts), interval);
    const segment = [visitor.device, visitor.browser, visitor.language];
    let converted = Number(interval === 'week' ? visitor.converted_weeks_before : visitor.converted_months_before);
    let any = false;
    for (const p of periods) {
      if (p.interval !== interval) continue;
      any = true;
      const key = [visitor.site_id, interval, cohort, p.period, ...segment];
      deltas.add(key, 'visitors', 1);
      if (Number(p.converted) === 1) {
        deltas.add(key, 'converters', 1);
        converted += 1;
      }
    }
    if (!any) continue;
    const first = [visitor.site_id, interval, cohort, cohort, ...segment];
    if (converted >= 1) deltas.add(first, 'converted_visitors', 1);
    if (converted >= 2) deltas.add(first, 'repeat_converters', 1);
  }
}

const statementsOf = perDatabase((db: Database.Database) => ({
  // The flag first: a visitor is put in once, and only once returned_ts says they came back.
  markCounted: db.prepare(
    'UPDATE visitor_cohorts SET counted_returning = 1 ' +
      'WHERE site_id = ? AND visitor_id = ? AND counted_returning = 0 AND returned_ts IS NOT NULL',
  ),
  visitor: db.prepare(
    'SELECT site_id, first_ts, device, browser, language, converted_weeks_before, converted_months_before ' +
      'FROM visitor_cohorts WHERE site_id = ? AND visitor_id = ?',
  ),
  periods: db.prepare('SELECT interval, period, converted FROM visitor_periods WHERE site_id = ? AND visitor_id = ?'),
  rollups: returningCohortRollups(db),
}));

/** The visitors of one commit put in the returning visitors' cohort table (see above). */
export class ReturningCohortCounts {
  private readonly s;
  private readonly deltas;
  private readonly calendars;

  constructor(db: Database.Database) {
    this.s = statementsOf(db);
    this.deltas = new RollupDeltas(this.s.rollups);
    this.calendars = new SiteCalendars(db);
  }

  /** After the visitor's returned_ts is recounted: puts them in if it is set and they are not yet. */
  visitorMayHaveReturned(siteId: string, visitorId: string): void {
    if (this.s.markCounted.run(siteId, visitorId).changes === 0) return;
    const visitor = this.s.visitor.get(siteId, visitorId) as ReturnedVisitor;
    const periods = this.s.periods.all(siteId, visitorId) as VisitorPeriod[];
    addVisitorCounts(this.deltas, this.calendars.of(siteId), visitor, periods);
  }

  apply(): void {
    this.deltas.apply();
    this.calendars.clear();
  }
}
