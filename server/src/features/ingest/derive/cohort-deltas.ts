import type Database from 'better-sqlite3';
import { DAY_MS, formatLocalDate, type LocalCalendar } from '../../../analytics/local-calendar.js';
import { zoneOffset } from '../../../analytics/time-zone.js';
import type { AudienceCohortDeltas } from './audience-cohort-counts.js';
import { prepareRollupTable, RollupDeltas } from './rollup-deltas.js';
import { SiteCalendars } from './site-calendars.js';

export const COHORT_INTERVALS = ['week', 'month'] as const;
type CohortInterval = (typeof COHORT_INTERVALS)[number];

interface Cohort {
  first_ts: number;
  device: string;
  browser: string;
  language: string;
  /** visitor_cohorts.counted_returning (always 0 for customers): its counts go to the returning table too. */
  counted_returning: number;
}

/** The key columns and counters of cohort_rollups and its likes (customers', returning visitors'). */
export const COHORT_ROLLUP_KEYS = ['site_id', 'interval', 'cohort', 'period', 'device', 'browser', 'language'] as const;
export const COHORT_COUNTERS = ['visitors', 'converters', 'converted_visitors', 'repeat_converters'] as const;
export type CohortCounter = (typeof COHORT_COUNTERS)[number];

/** The returning visitors' cohort table (db/schema/returning-cohorts.ts), for `db`. */
export const returningCohortRollups = (db: Database.Database) =>
  prepareRollupTable(db, 'returning_cohort_rollups', COHORT_ROLLUP_KEYS, COHORT_COUNTERS);

/** Whose cohorts: visitors (by visitor id) or identified customers (by the site's customer id). */
export type CohortPeople = 'visitor' | 'customer';

const TABLES = {
  visitor: { id: 'visitor_id', cohorts: 'visitor_cohorts', periods: 'visitor_periods', rollups: 'cohort_rollups' },
  customer: {
    id: 'customer_id',
    cohorts: 'customer_cohorts',
    periods: 'customer_periods',
    rollups: 'customer_cohort_rollups',
  },
} as const;

/** The tables of one kind of cohort (db/schema/visitor-cohorts.ts, customer-cohorts.ts). */
export const cohortTables = (who: CohortPeople) => TABLES[who];

function prepare(db: Database.Database, who: CohortPeople) {
  const { id, cohorts, periods, rollups } = TABLES[who];
  return {
    selectCohort: db.prepare(
      `SELECT first_ts, device, browser, language, ${who === 'visitor' ? 'counted_returning' : '0 AS counted_returning'} ` +
        `FROM ${cohorts} WHERE site_id = ? AND ${id} = ?`,
    ),
    saveCohort: db.prepare(
      `INSERT INTO ${cohorts} (site_id, ${id}, first_ts, device, browser, language) VALUES (?, ?, ?, ?, ?, ?) ` +
        `ON CONFLICT (site_id, ${id}) DO UPDATE SET first_ts = excluded.first_ts, device = excluded.device, ` +
        'browser = excluded.browser, language = excluded.language',
    ),
    insertPeriod: db.prepare(
      `INSERT INTO ${periods} (site_id, ${id}, interval, period) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    visitorPeriods: db.prepare(
      `SELECT period, converted FROM ${periods} WHERE site_id = ? AND ${id} = ? AND interval = ?`,
    ),
    markConverted: db.prepare(
      `UPDATE ${periods} SET converted = 1 ` +
        `WHERE site_id = ? AND ${id} = ? AND interval = ? AND period = ? AND converted = 0`,
    ),
    // With the converted periods whose rows the retention job deleted (past the window).
    convertedPeriods: db
      .prepare(
        `SELECT (SELECT count(*) FROM ${periods} WHERE site_id = @site AND ${id} = @person AND interval = @interval ` +
          `AND converted = 1) + coalesce((SELECT CASE @interval WHEN 'week' THEN converted_weeks_before ` +
          `ELSE converted_months_before END FROM ${cohorts} WHERE site_id = @site AND ${id} = @person), 0)`,
      )
      .pluck(),
    cohortRollups: prepareRollupTable(db, rollups, COHORT_ROLLUP_KEYS, COHORT_COUNTERS),
    returningRollups: returningCohortRollups(db),
  };
}

const statements: Record<CohortPeople, WeakMap<Database.Database, ReturnType<typeof prepare>>> = {
  visitor: new WeakMap(),
  customer: new WeakMap(),
};

/**
 * Retention cohorts, kept when a visitor's session is first stored (db/schema/visitor-cohorts.ts):
 * the visitor's first session decides the cohort; each session start marks the visitor active in
 * its week and month (in the site's time zone), counted once per period; a session's first goal
 * marks its period converted; a visitor's first converted period makes a converted visitor, the
 * second a repeat converter. Late events
 * that reveal an earlier first session move the visitor, with every period counted so far, to the
 * earlier cohort. A few statements per new session of a known visitor; nothing per other event.
 * The same for identified customers (`who = 'customer'`): a "session started" is a session first
 * identified as the customer (customer-cohort-deltas.ts), and "visitor" below reads "customer".
 */
export class CohortDeltas {
  private readonly s;
  private readonly rollups;
  /** The returning visitors' counts: every count of a visitor already counted there (counted_returning). */
  private readonly returning;
  private readonly calendars;
  /**
   * This commit's cohorts, by `site \u0001 person`, as read or saved: a new visitor's session
   * that reaches a goal asks twice (started, converted), and only this class writes the table.
   */
  private readonly cohorts = new Map<string, Cohort | undefined>();
  /** Per calendar, the periods worked out this commit, by local day and interval. */
  private readonly periods = new Map<LocalCalendar, Map<number, string>>();

  constructor(
    db: Database.Database,
    who: CohortPeople = 'visitor',
    /** The counts under a trait (visitors only): told of each visitor before their rows change. */
    private readonly audience?: AudienceCohortDeltas,
  ) {
    let s = statements[who].get(db);
    if (!s) {
      s = prepare(db, who);
      statements[who].set(db, s);
    }
    this.s = s;
    this.rollups = new RollupDeltas(s.cohortRollups);
    this.returning = new RollupDeltas(s.returningRollups);
    this.calendars = new SiteCalendars(db);
  }

  /** A visitor's session stored for the first time, which started at `firstTs`. */
  sessionStarted(
    siteId: string,
    visitorId: string,
    firstTs: number,
    device: string,
    browser: string,
    language: string,
  ) {
    this.audience?.touch(siteId, visitorId);
    const cal = this.calendars.of(siteId);
    const id = `${siteId}\u0001${visitorId}`;
    let cohort = this.cohortOf(id, siteId, visitorId);
    const started: Cohort = {
      first_ts: firstTs,
      device,
      browser,
      language,
      counted_returning: cohort?.counted_returning ?? 0,
    };
    if (cohort === undefined || firstTs < cohort.first_ts) {
      if (cohort !== undefined) this.move(siteId, visitorId, cal, cohort, started);
      this.s.saveCohort.run(siteId, visitorId, firstTs, device, browser, language);
      this.cohorts.set(id, started);
      cohort = started;
    }
    for (const interval of COHORT_INTERVALS) {
      const period = this.periodOf(cal, firstTs, interval);
      if (this.s.insertPeriod.run(siteId, visitorId, interval, period).changes > 0) {
        this.count(siteId, interval, this.periodOf(cal, cohort.first_ts, interval), period, cohort, 'visitors', 1);
      }
    }
  }

  /** A visitor's session that started at `sessionTs` reached its first goal. */
  sessionConverted(siteId: string, visitorId: string, sessionTs: number): void {
    const cohort = this.cohortOf(`${siteId}\u0001${visitorId}`, siteId, visitorId);
    if (cohort === undefined) return;
    this.audience?.touch(siteId, visitorId);
    const cal = this.calendars.of(siteId);
    for (const interval of COHORT_INTERVALS) {
      const period = this.periodOf(cal, sessionTs, interval);
      if (this.s.markConverted.run(siteId, visitorId, interval, period).changes === 0) continue;
      const first = this.periodOf(cal, cohort.first_ts, interval);
      this.count(siteId, interval, first, period, cohort, 'converters', 1);
      const periods = this.s.convertedPeriods.get({ site: siteId, person: visitorId, interval });
      if (periods === 1) this.count(siteId, interval, first, first, cohort, 'converted_visitors', 1);
      if (periods === 2) this.count(siteId, interval, first, first, cohort, 'repeat_converters', 1);
    }
  }

  apply(): void {
    this.rollups.apply();
    this.returning.apply();
    this.calendars.clear();
    this.periods.clear();
    this.cohorts.clear();
  }

  private cohortOf(id: string, siteId: string, person: string): Cohort | undefined {
    if (this.cohorts.has(id)) return this.cohorts.get(id);
    const cohort = this.s.selectCohort.get(siteId, person) as Cohort | undefined;
    this.cohorts.set(id, cohort);
    return cohort;
  }

  /**
   * `periodOf`, remembered by the instant's local day: the day decides the date, and so the week
   * and the month (a commit's sessions start on a day or two).
   */
  private periodOf(cal: LocalCalendar, t: number, interval: CohortInterval): string {
    let known = this.periods.get(cal);
    if (!known) {
      known = new Map();
      this.periods.set(cal, known);
    }
    const key = Math.floor((t + zoneOffset(cal.tz, t)) / DAY_MS) * 2 + (interval === 'week' ? 0 : 1);
    let period = known.get(key);
    if (period === undefined) {
      period = periodOf(cal, t, interval);
      known.set(key, period);
    }
    return period;
  }

  /** Moves everything counted for the visitor from their old cohort (and segment) to the new one. */
  private move(siteId: string, visitorId: string, cal: LocalCalendar, from: Cohort, to: Cohort): void {
    for (const interval of COHORT_INTERVALS) {
      const oldFirst = this.periodOf(cal, from.first_ts, interval);
      const newFirst = this.periodOf(cal, to.first_ts, interval);
      const rows = this.s.visitorPeriods.all(siteId, visitorId, interval) as { period: string; converted: number }[];
      let converted = 0;
      for (const r of rows) {
        this.count(siteId, interval, oldFirst, r.period, from, 'visitors', -1);
        this.count(siteId, interval, newFirst, r.period, to, 'visitors', 1);
        if (r.converted === 1) {
          converted += 1;
          this.count(siteId, interval, oldFirst, r.period, from, 'converters', -1);
          this.count(siteId, interval, newFirst, r.period, to, 'converters', 1);
        }
      }
      if (converted >= 1) {
        this.count(siteId, interval, oldFirst, oldFirst, from, 'converted_visitors', -1);
        this.count(siteId, interval, newFirst, newFirst, to, 'converted_visitors', 1);
      }
      if (converted >= 2) {
        this.count(siteId, interval, oldFirst, oldFirst, from, 'repeat_converters', -1);
        this.count(siteId, interval, newFirst, newFirst, to, 'repeat_converters', 1);
      }
    }
  }

  private count(
    siteId: string,
    interval: CohortInterval,
    cohort: string,
    period: string,
    segment: Cohort,
    counter: CohortCounter,
    amount: number,
  ): void {
    const key = [siteId, interval, cohort, period, segment.device, segment.browser, segment.language];
    this.rollups.add(key, counter, amount);
    // Number(): PostgreSQL's bigint may arrive as a string.
    if (Number(segment.counted_returning) === 1) this.returning.add(key, counter, amount);
  }
}

/** The first local date (YYYY-MM-DD) of the week (Monday) or month an instant falls in. */
export function periodOf(cal: LocalCalendar, t: number, interval: CohortInterval): string {
  return formatLocalDate(cal.bucketStart(cal.dateOf(t), interval));
}
