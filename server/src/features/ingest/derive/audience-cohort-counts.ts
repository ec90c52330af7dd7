import type Database from 'better-sqlite3';
import { indexedBy } from '../../../db/sql-dialect.js';
import { perDatabase } from '../../../lib/per-database.js';
import { COHORT_COUNTERS, COHORT_INTERVALS, type CohortCounter, periodOf } from './cohort-deltas.js';
import { forEachCountChange, type KeyedCounts } from './count-difference.js';
import type { ReturnedVisitor } from './returning-cohort-counts.js';
import { prepareRollupTable, RollupDeltas } from './rollup-deltas.js';
import { SiteCalendars } from './site-calendars.js';

// Retention cohorts under a trait (db/schema/audience-cohorts.ts). A visitor's counts there are a
// plain function of what is stored about them: the audiences they are in (visitor_trait_sessions),
// their cohort row and their rows per period. So nothing is counted event by event: whoever
// changes one of those (the ingest writer, the retention job, an erasure) reads the visitor's
// counts before its first write and again after its last, in the same transaction, and adds the
// difference. What the table holds is then always the sum of what the stored rows say, whatever
// the order and the commits the events came in. A visitor in no audience (no session with a
// trait) costs one primary-key read.

/** audience_cohort_rollups.returning of an audience that names no `returning`: new or returning. */
export const EITHER_RETURNING = 2;

const KEYS = [
  'site_id',
  'trait_key',
  'trait_value',
  '"returning"',
  'interval',
  'cohort',
  'period',
  'device',
  'browser',
  'language',
] as const;

const prepare = (db: Database.Database) => ({
  audiences: db.prepare(
    'SELECT trait_key, trait_value, "returning" FROM visitor_trait_sessions WHERE site_id = ? AND visitor_id = ?',
  ),
  cohort: db.prepare(
    'SELECT first_ts, device, browser, language, converted_weeks_before, converted_months_before ' +
      'FROM visitor_cohorts WHERE site_id = ? AND visitor_id = ?',
  ),
  periods: db.prepare('SELECT interval, period, converted FROM visitor_periods WHERE site_id = ? AND visitor_id = ?'),
  addSessions: db.prepare(
    'INSERT INTO visitor_trait_sessions (site_id, visitor_id, trait_key, trait_value, "returning", sessions) ' +
      'VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, visitor_id, trait_key, trait_value, "returning") ' +
      'DO UPDATE SET sessions = visitor_trait_sessions.sessions + excluded.sessions',
  ),
  anyAudience: db.prepare('SELECT 1 FROM visitor_trait_sessions WHERE site_id = ? AND visitor_id = ? LIMIT 1'),
  dropEmpty: db.prepare('DELETE FROM visitor_trait_sessions WHERE site_id = ? AND visitor_id = ? AND sessions <= 0'),
  dropAll: db.prepare('DELETE FROM visitor_trait_sessions WHERE site_id = ? AND visitor_id = ?'),
  // By the sessions' visitor index (named: SQLite would rather walk the site's first_ts index).
  recount: db.prepare(
    'INSERT INTO visitor_trait_sessions (site_id, visitor_id, trait_key, trait_value, "returning", sessions) ' +
      `SELECT s.site_id, s.visitor_id, t.key, t.value, s."returning", count(*) FROM sessions AS s${indexedBy(db, 'sessions_site_visitor')} ` +
      'JOIN session_traits AS t ON t.site_id = s.site_id AND t.session_id = s.session_id ' +
      'WHERE s.site_id = ? AND s.visitor_id = ? GROUP BY s.site_id, s.visitor_id, t.key, t.value, s."returning"',
  ),
  table: prepareRollupTable(db, 'audience_cohort_rollups', KEYS, COHORT_COUNTERS),
});
const statements = perDatabase(prepare);

/** A visitor's cohort row as read here: returning-cohort-counts.ts's, without the site. */
type CohortRow = Omit<ReturnedVisitor, 'site_id'>;

/** A session's part in visitor_trait_sessions: its visitor, returning flag and traits. */
export interface SessionTraits {
  visitorId: string | null;
  returning: number;
  /** [trait, value] pairs; ['', ''] (every session) is ignored. */
  keys: readonly (readonly [string, string])[];
}

/**
 * One transaction's changes: `touch` each visitor before the transaction's first write of their
 * sessions' traits or returning flags, cohort row or periods; `apply` after the last.
 */
export class AudienceCohortDeltas {
  private readonly s;
  private readonly calendars;
  private readonly deltas;
  /** Each touched visitor's counts before the writes, by `site \u0001 visitor`. */
  private readonly before = new Map<string, { siteId: string; visitorId: string; counts: KeyedCounts }>();

  constructor(private readonly db: Database.Database) {
    this.s = statements(db);
    this.calendars = new SiteCalendars(db);
    this.deltas = new RollupDeltas(this.s.table);
  }

  touch(siteId: string, visitorId: string): void {
    const id = `${siteId}\u0001${visitorId}`;
    if (!this.before.has(id)) this.before.set(id, { siteId, visitorId, counts: this.countsOf(siteId, visitorId) });
  }

  /** A stored session's traits or returning flag changed (was: as before the commit; undefined: no row). */
  sessionChanged(siteId: string, was: SessionTraits | undefined, now: SessionTraits | undefined): void {
    const same =
      was !== undefined &&
      now !== undefined &&
      was.visitorId === now.visitorId &&
      was.returning === now.returning &&
      was.keys.length === now.keys.length &&
      was.keys.every(([k, v], i) => now.keys[i]![0] === k && now.keys[i]![1] === v);
    if (same) return;
    if (was !== undefined) this.addSession(siteId, was, -1);
    if (now !== undefined) this.addSession(siteId, now, 1);
  }

  /**
   * Rebuilds the visitor's rows of visitor_trait_sessions from their stored sessions, after some
   * were deleted. A visitor in no audience had no session with a trait, and has none now.
   */
  recount(siteId: string, visitorId: string): void {
    if (this.s.anyAudience.get(siteId, visitorId) === undefined) return;
    this.touch(siteId, visitorId);
    this.s.dropAll.run(siteId, visitorId);
    this.s.recount.run(siteId, visitorId);
  }

  /** Takes the visitor out of every audience: before their own rows are erased. */
  leave(siteId: string, visitorId: string): void {
    this.touch(siteId, visitorId);
    this.s.dropAll.run(siteId, visitorId);
  }

  apply(): void {
    for (const { siteId, visitorId, counts: was } of this.before.values())
      forEachCountChange(was, this.countsOf(siteId, visitorId), (key, i, n) => this.add(key, i, n));
    this.before.clear();
    this.calendars.clear();
    this.deltas.apply();
  }

  /** Counts every visitor of the site in visitor_trait_sessions from nothing (the site's counts emptied first). */
  countSite(siteId: string): void {
    const visitors = this.db
      .prepare('SELECT DISTINCT visitor_id FROM visitor_trait_sessions WHERE site_id = ?')
      .pluck()
      .all(siteId) as string[];
    for (const visitorId of visitors) {
      forEachCountChange(new Map(), this.countsOf(siteId, visitorId), (key, i, n) => this.add(key, i, n));
    }
    this.calendars.clear();
    this.deltas.apply();
  }

  private add(key: (string | number)[], counter: number, amount: number): void {
    this.deltas.add(key, COHORT_COUNTERS[counter]! as CohortCounter, amount);
  }

  private addSession(siteId: string, x: SessionTraits, sign: number): void {
    if (x.visitorId === null) return;
    const traits = x.keys.filter(([k]) => k !== '');
    if (traits.length === 0) return;
    this.touch(siteId, x.visitorId);
    for (const [k, v] of traits) this.s.addSessions.run(siteId, x.visitorId, k, v, x.returning, sign);
    if (sign < 0) this.s.dropEmpty.run(siteId, x.visitorId);
  }

  /**
   * The visitor's counts as stored now: in each audience (trait, value, returning flag, and the
   * same with either flag), every period row of theirs under their cohort and segment, and at
   * period = cohort whether they converted in one period or more (with the converted periods the
   * retention job folded into their cohort row) — for an interval in which they have a row left,
   * as the per-person read counted them.
   */
  private countsOf(siteId: string, visitorId: string): KeyedCounts {
    const out: KeyedCounts = new Map();
    const rows = this.s.audiences.all(siteId, visitorId) as {
      trait_key: string;
      trait_value: string;
      returning: number;
    }[];
    if (rows.length === 0) return out;
    const cohort = this.s.cohort.get(siteId, visitorId) as CohortRow | undefined;
    if (cohort === undefined) return out;
    const audiences = new Map<string, [string, string, number]>();
    for (const r of rows) {
      for (const returning of [Number(r.returning), EITHER_RETURNING]) {
        audiences.set(`${r.trait_key}\u0001${r.trait_value}\u0001${returning}`, [
          r.trait_key,
          r.trait_value,
          returning,
        ]);
      }
    }
    const periods = this.s.periods.all(siteId, visitorId) as { interval: string; period: string; converted: number }[];
    const cal = this.calendars.of(siteId);
    for (const interval of COHORT_INTERVALS) {
      const mine = periods.filter((p) => p.interval === interval);
      if (mine.length === 0) continue;
      const first = periodOf(cal, Number(cohort.first_ts), interval);
      let converted = Number(interval === 'week' ? cohort.converted_weeks_before : cohort.converted_months_before);
      const cells = new Map<string, number[]>();
      const cell = (period: string) => {
        let c = cells.get(period);
        if (!c) {
          c = [0, 0, 0, 0];
          cells.set(period, c);
        }
        return c;
      };
      for (const p of mine) {
        const c = cell(p.period);
        c[0]! += 1;
        if (Number(p.converted) === 1) {
          c[1]! += 1;
          converted += 1;
        }
      }
      if (converted >= 1) cell(first)[2] = 1;
      if (converted >= 2) cell(first)[3] = 1;
      for (const [trait, value, returning] of audiences.values()) {
        for (const [period, counts] of cells) {
          const key = [
            siteId,
            trait,
            value,
            returning,
            interval,
            first,
            period,
            cohort.device,
            cohort.browser,
            cohort.language,
          ];
          out.set(key.join('\u0001'), { key, counts });
        }
      }
    }
    return out;
  }
}

/**
 * Counts the site's retention cohorts under a trait again, from nothing: after a change of its time
 * zone, which moves people between cohorts (the per-period rows keep the periods they were stored in).
 */
export function recountSiteAudienceCohorts(db: Database.Database, siteId: string): void {
  db.prepare('DELETE FROM audience_cohort_rollups WHERE site_id = ?').run(siteId);
  new AudienceCohortDeltas(db).countSite(siteId);
}
