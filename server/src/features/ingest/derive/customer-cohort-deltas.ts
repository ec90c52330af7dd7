import type Database from 'better-sqlite3';
import { indexedBy } from '../../../db/sql-dialect.js';
import { CohortDeltas } from './cohort-deltas.js';
import { perDatabase } from '../../../lib/per-database.js';

function prepare(db: Database.Database) {
  return {
    addMember: db.prepare(
      'INSERT INTO customer_sessions (site_id, customer_id, session_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    // Without the name SQLite walks the site's customer sessions in the primary key, which covers the column read.
    customersOf: db
      .prepare(
        `SELECT customer_id FROM customer_sessions${indexedBy(db, 'customer_sessions_site_session')} ` +
          'WHERE site_id = ? AND session_id = ?',
      )
      .pluck(),
    session: db.prepare(
      'SELECT first_ts, device, browser, language, tracks FROM sessions WHERE site_id = ? AND session_id = ?',
    ),
  };
}
const statementsOf = perDatabase(prepare);

/**
 * Retention cohorts of identified customers: a session joins a customer when an identify call in
 * it names them (customer_sessions, once), and then counts for the customer as a visitor's session
 * counts for the visitor (cohort-deltas.ts): active in the period it started in, converted there if
 * it has a goal, whichever came first, the goal or the call (identify mid-session, or batches out of
 * order). Costs nothing per event: a few statements per identify call and per session's first goal.
 */
export class CustomerCohortDeltas {
  private readonly s;
  private readonly cohorts: CohortDeltas;

  constructor(db: Database.Database) {
    const s = statementsOf(db);
    this.s = s;
    this.cohorts = new CohortDeltas(db, 'customer');
  }

  /** An identify call named `customerId` in the session (stored by now). */
  identified(siteId: string, sessionId: string, customerId: string): void {
    const r = this.s.session.get(siteId, sessionId) as
      | { first_ts: number; device: string; browser: string; language: string; tracks: number }
      | undefined;
    if (r === undefined || this.s.addMember.run(siteId, customerId, sessionId).changes === 0) return;
    this.cohorts.sessionStarted(siteId, customerId, r.first_ts, r.device, r.browser, r.language);
    if (r.tracks > 0) this.cohorts.sessionConverted(siteId, customerId, r.first_ts);
  }

  /** The session, which started at `sessionTs`, reached its first goal. */
  sessionConverted(siteId: string, sessionId: string, sessionTs: number): void {
    for (const customerId of this.s.customersOf.all(siteId, sessionId) as string[]) {
      this.cohorts.sessionConverted(siteId, customerId, sessionTs);
    }
  }

  apply(): void {
    this.cohorts.apply();
  }
}
