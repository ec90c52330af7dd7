import type Database from 'better-sqlite3';
import { indexedBy } from '../../../db/sql-dialect.js';
import { perDatabase } from '../../../lib/per-database.js';
import { ReturningCohortCounts } from './returning-cohort-counts.js';

// visitor_cohorts.returned_ts (db/schema/visitor-cohorts.ts): the latest start of a visitor's
// stored returning sessions. Its turning non-null puts a visitor in the returning visitors' cohort
// table (returning-cohort-counts.ts), which the retention of returning visitors reads (before that
// table the read used the column itself, by its index on (site_id, returned_ts, first_ts)). It is
// recounted from the visitor's sessions (their (site_id, visitor_id) index: a handful of rows)
// rather than moved by deltas, so it stays what a
// recount gives whatever changed them: a session flagged returning, one whose start moved earlier
// (a late event), one deleted by the retention job or an erasure.

const statementsOf = perDatabase((db: Database.Database) =>
  db.prepare(
    // SQLite would rather walk the site's entries of the covering index on (site_id, first_ts,
    // returning, visitor_id) from the newest down (its plan for a max() over that index's column):
    // at 10 M events 17 ms per visitor instead of a few µs. Named, it seeks the visitor.
    `UPDATE visitor_cohorts SET returned_ts = (SELECT max(first_ts) FROM sessions${indexedBy(db, 'sessions_site_visitor')} ` +
      'WHERE site_id = ? AND visitor_id = ? AND "returning" = 1) WHERE site_id = ? AND visitor_id = ?',
  ),
);

/** Recounts one visitor's returned_ts from their sessions (no row: nothing to do). */
export function recountVisitorReturned(db: Database.Database, siteId: string, visitorId: string): void {
  statementsOf(db).run(siteId, visitorId, siteId, visitorId);
}

/**
 * The visitors of one commit whose returned_ts may have changed, recounted once each after the
 * commit's last write of sessions and of their returning flags (and after cohort-deltas.ts wrote
 * their periods); one whose first returning session this is enters the returning visitors' cohort
 * table (returning-cohort-counts.ts).
 */
export class VisitorReturnedDeltas {
  private readonly visitors = new Map<string, { siteId: string; visitorId: string }>();
  private readonly counts: ReturningCohortCounts;

  constructor(private readonly db: Database.Database) {
    this.counts = new ReturningCohortCounts(db);
  }

  touched(siteId: string, visitorId: string): void {
    this.visitors.set(`${siteId}\u0001${visitorId}`, { siteId, visitorId });
  }

  apply(): void {
    for (const v of this.visitors.values()) {
      recountVisitorReturned(this.db, v.siteId, v.visitorId);
      this.counts.visitorMayHaveReturned(v.siteId, v.visitorId);
    }
    this.visitors.clear();
    this.counts.apply();
  }
}
