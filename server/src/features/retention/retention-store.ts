import type Database from 'better-sqlite3';
import { asc } from 'drizzle-orm';
import type { Db } from '../../db/open-database.js';
import { dialectOf, jsonIntegers, perDialect } from '../../db/sql-dialect.js';
import { type CohortPeople, cohortTables } from '../ingest/derive/cohort-deltas.js';
import { AudienceCohortDeltas } from '../ingest/derive/audience-cohort-counts.js';
import { recountVisitorReturned } from '../ingest/derive/visitor-returned.js';
import { sites } from '../../db/schema/index.js';
import { uncountDeletedAnswers, uncountDeletedSessions } from '../responses/resolution-counts.js';

/** A session whose every event is past the window, with its event count (the size of its deletion). */
export interface ExpiredSession {
  sessionId: string;
  events: number;
}

export interface ExpiredResponse {
  displayId: string;
  sessionId: string;
}

/** Rows one retention run deleted, per table: what the audit log records (never their content). */
export interface RetentionCounts {
  events: number;
  sessions: number;
  session_pages: number;
  session_errors: number;
  session_goals: number;
  session_steps: number;
  session_reaches: number;
  task_runs: number;
  task_answer_links: number;
  session_traits: number;
  session_clicks: number;
  customer_sessions: number;
  band_conversion_sessions: number;
  saved_funnel_sessions: number;
  visitor_periods: number;
  visitor_cohorts: number;
  customer_periods: number;
  customer_cohorts: number;
  responses: number;
  /** The expired answers' traits (response_traits). */
  response_traits: number;
  webhook_deliveries: number;
  webhook_attempts: number;
}

export const noRetentionCounts = (): RetentionCounts => ({
  events: 0,
  sessions: 0,
  session_pages: 0,
  session_errors: 0,
  session_goals: 0,
  session_steps: 0,
  session_reaches: 0,
  task_runs: 0,
  task_answer_links: 0,
  session_traits: 0,
  session_clicks: 0,
  customer_sessions: 0,
  band_conversion_sessions: 0,
  saved_funnel_sessions: 0,
  visitor_periods: 0,
  visitor_cohorts: 0,
  customer_periods: 0,
  customer_cohorts: 0,
  responses: 0,
  response_traits: 0,
  webhook_deliveries: 0,
  webhook_attempts: 0,
});

/**
 * The tables that hold one session's personal rows besides its events, each with an index led by
 * (site_id, session_id). The read models' per-session rows (what a session contributes to the band
 * conversion and saved funnel counts) go with the session: the counts stay, and a session that is
 * gone can no longer be recounted, so nothing would ever read them again.
 */
const SESSION_TABLES = [
  'session_pages',
  'session_errors',
  'session_goals',
  'session_steps',
  'session_reaches',
  'task_runs',
  'task_answer_links',
  'session_traits',
  'session_clicks',
  'customer_sessions',
  'band_conversion_sessions',
  'saved_funnel_sessions',
] as const;

/**
 * The retention job's reads and deletes. Every delete is one short transaction on the main
 * connection (the ingest writer thread has its own; they take turns at SQLite's write lock), bounded
 * by the caller's batch size, and each leaves the database consistent: a session's row goes in the
 * transaction that deletes its last events and page visits, an answer's row with its deliveries. A
 * crash between two batches leaves rows a later run finds by the same queries.
 *
 * Every query follows an index: sessions by (site_id, first_ts), events by (site_id, session_id, ts),
 * answers by (site_id, created_at), deliveries by (site_id, subject); never a scan of `events`.
 */
export function retentionStore(db: Db) {
  const sqlite = db.$client;
  const onSqlite = dialectOf(sqlite) === 'sqlite';
  const autocheckpoint = onSqlite ? (sqlite.pragma('wal_autocheckpoint', { simple: true }) as number) : 0;
  /**
   * Runs one delete transaction without an fsync of its own and without a checkpoint on this
   * connection: both would block the event loop (this is the main thread) for the disk's time, and
   * a delete needs neither. Losing its last commits to a power cut only brings back rows the next
   * run deletes again; the ingest writer's next commit (synchronous=FULL) syncs the WAL they are in,
   * and its thread runs the checkpoints. Set and reset in the same synchronous call, so no other
   * write on this connection ever runs with the relaxed settings. PostgreSQL has no such settings
   * here: its deletes commit as every write does.
   */
  const withoutSync =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      if (!onSqlite) return fn(...args);
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('wal_autocheckpoint = 0');
      try {
        return fn(...args);
      } finally {
        sqlite.pragma('synchronous = FULL');
        sqlite.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
      }
    };
  const expiredSessions = sqlite.prepare(
    'SELECT session_id AS "sessionId", events FROM sessions WHERE site_id = ? AND first_ts < ? AND last_ts < ? ' +
      'ORDER BY first_ts LIMIT ?',
  ) as Database.Statement<[string, number, number, number], ExpiredSession>;
  const straddling = sqlite
    .prepare('SELECT session_id FROM sessions WHERE site_id = ? AND first_ts < ? AND last_ts >= ? LIMIT ?')
    .pluck() as Database.Statement<[string, number, number, number], string>;
  // PostgreSQL has no rowid: its events are keyed (site_id, id, client_ts), the partition key included.
  const sessionEventsChunk = sqlite.prepare(
    perDialect(sqlite, {
      sqlite:
        'DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE site_id = ? AND session_id = ? AND ts < ? LIMIT ?)',
      postgres:
        'DELETE FROM events WHERE (site_id, id, client_ts) IN (SELECT site_id, id, client_ts FROM events ' +
        'WHERE site_id = ? AND session_id = ? AND ts < ? LIMIT ?)',
    }),
  );
  const deleteBySessions = Object.fromEntries(
    (['events', ...SESSION_TABLES, 'sessions'] as const).map((table) => [
      table,
      sqlite.prepare(`DELETE FROM ${table} WHERE site_id = ? AND session_id IN (SELECT value FROM json_each(?))`),
    ]),
  ) as Record<'events' | (typeof SESSION_TABLES)[number] | 'sessions', Database.Statement>;
  // Read-then-write transactions on the main connection: `.immediate` takes the write lock first
  // (db/immediate.ts says why).
  // Their visitors' latest returning start is recounted once they are gone (visitor-returned.ts).
  // By the sessions' key: with DISTINCT or `visitor_id IS NOT NULL`, SQLite walks the site's
  // visitor index instead. A returning session always has a visitor id.
  const returningVisitors = sqlite
    .prepare(
      'SELECT visitor_id FROM sessions WHERE site_id = ? AND session_id IN (SELECT value FROM json_each(?)) ' +
        'AND "returning" = 1',
    )
    .pluck() as Database.Statement<[string, string], string>;
  const sessionVisitors = sqlite
    .prepare('SELECT visitor_id FROM sessions WHERE site_id = ? AND session_id IN (SELECT value FROM json_each(?))')
    .pluck() as Database.Statement<[string, string], string | null>;
  const deleteSessions = sqlite.transaction((siteId: string, ids: string[], counts: RetentionCounts) => {
    const json = JSON.stringify(ids);
    const returning = new Set(returningVisitors.all(siteId, json));
    // Their visitors' audiences under a trait are counted again once they are gone (audience-cohort-counts.ts).
    const visitors = new Set(sessionVisitors.all(siteId, json).filter((v): v is string => v !== null));
    // An answer kept after its session counts as no session's (not returning) in the resolution counts.
    if (returning.size > 0) uncountDeletedSessions(sqlite, siteId, json);
    // The session's row last: while it exists, a later run still finds what is left of it.
    counts.events += deleteBySessions.events.run(siteId, json).changes;
    for (const table of SESSION_TABLES) counts[table] += deleteBySessions[table].run(siteId, json).changes;
    counts.sessions += deleteBySessions.sessions.run(siteId, json).changes;
    for (const visitorId of returning) recountVisitorReturned(sqlite, siteId, visitorId);
    const audience = new AudienceCohortDeltas(sqlite);
    for (const visitorId of visitors) audience.recount(siteId, visitorId);
    audience.apply();
  });

  const expiredResponses = sqlite.prepare(
    'SELECT display_id AS "displayId", session_id AS "sessionId" FROM responses WHERE site_id = ? AND created_at < ? ' +
      'ORDER BY created_at LIMIT ?',
  ) as Database.Statement<[string, number, number], ExpiredResponse>;
  // The answer's own events carry its comment in their payload: they leave with it, whatever the raw events' window.
  const responseEvents = sqlite.prepare(
    "DELETE FROM events WHERE site_id = ? AND session_id = ? AND type = 'response' AND display_id = ?",
  );
  const deliveriesOf = sqlite
    .prepare(
      'SELECT seq FROM webhook_deliveries WHERE site_id = ? AND subject IN (SELECT value FROM json_each(?)) ' +
        "AND event_type LIKE 'response.%'",
    )
    .pluck() as Database.Statement<[string, string], number>;
  const deleteAttempts = sqlite.prepare(`DELETE FROM webhook_attempts WHERE delivery_seq IN (${jsonIntegers(sqlite)})`);
  const deleteDeliveries = sqlite.prepare(`DELETE FROM webhook_deliveries WHERE seq IN (${jsonIntegers(sqlite)})`);
  const deleteResponseTraits = sqlite.prepare(
    'DELETE FROM response_traits WHERE site_id = ? AND display_id IN (SELECT value FROM json_each(?))',
  );
  const deleteResponseRows = sqlite.prepare(
    'DELETE FROM responses WHERE site_id = ? AND display_id IN (SELECT value FROM json_each(?))',
  );
  const deleteResponses = sqlite.transaction((siteId: string, batch: ExpiredResponse[], counts: RetentionCounts) => {
    for (const r of batch) counts.events += responseEvents.run(siteId, r.sessionId, r.displayId).changes;
    const ids = JSON.stringify(batch.map((r) => r.displayId));
    const seqs = JSON.stringify(deliveriesOf.all(siteId, ids));
    counts.webhook_attempts += deleteAttempts.run(seqs).changes;
    counts.webhook_deliveries += deleteDeliveries.run(seqs).changes;
    // The overview's resolution counts describe the stored answers: the deleted ones leave them.
    uncountDeletedAnswers(sqlite, siteId, ids);
    counts.response_traits += deleteResponseTraits.run(siteId, ids).changes;
    counts.responses += deleteResponseRows.run(siteId, ids).changes;
  });

  // Retention cohorts keep rows per person (visitor or customer) and period: a period that ended
  // before the cutoff goes, its conversion folded into the person's count of converted periods
  // before the window (repeat conversion stays right); a person with no period left goes too.
  const cohortStatements = (who: CohortPeople) => {
    const { id, cohorts, periods } = cohortTables(who);
    const expired = sqlite
      .prepare(`SELECT DISTINCT ${id} FROM ${periods} WHERE site_id = ? AND interval = ? AND period < ? LIMIT ?`)
      .pluck() as Database.Statement<[string, string, string, number], string>;
    const fold = sqlite.prepare(
      // CASE, not SQLite's (@interval = 'week') * @n: PostgreSQL does not multiply a boolean.
      `UPDATE ${cohorts} SET converted_weeks_before = converted_weeks_before + CASE WHEN @interval = 'week' THEN @n ELSE 0 END, ` +
        `converted_months_before = converted_months_before + CASE WHEN @interval = 'month' THEN @n ELSE 0 END ` +
        `WHERE site_id = @site AND ${id} = @person`,
    );
    const convertedBefore = sqlite
      .prepare(
        `SELECT count(*) FROM ${periods} WHERE site_id = ? AND ${id} = ? AND interval = ? AND period < ? AND converted = 1`,
      )
      .pluck() as Database.Statement<[string, string, string, string], number>;
    const deletePeriods = sqlite.prepare(
      `DELETE FROM ${periods} WHERE site_id = ? AND ${id} = ? AND interval = ? AND period < ?`,
    );
    const deletePerson = sqlite.prepare(
      `DELETE FROM ${cohorts} WHERE site_id = @site AND ${id} = @person AND NOT EXISTS ` +
        `(SELECT 1 FROM ${periods} WHERE site_id = @site AND ${id} = @person)`,
    );
    const expire = sqlite.transaction(
      (siteId: string, interval: string, before: string, people: string[], counts: RetentionCounts) => {
        // A visitor's periods leave their counts under a trait too (audience-cohort-counts.ts).
        const audience = who === 'visitor' ? new AudienceCohortDeltas(sqlite) : undefined;
        for (const person of people) {
          audience?.touch(siteId, person);
          const converted = convertedBefore.get(siteId, person, interval, before) ?? 0;
          if (converted > 0) fold.run({ site: siteId, person, interval, n: converted });
          counts[periods] += deletePeriods.run(siteId, person, interval, before).changes;
          counts[cohorts] += deletePerson.run({ site: siteId, person }).changes;
        }
        audience?.apply();
      },
    );
    return { expired, expire };
  };
  const cohortsOf = { visitor: cohortStatements('visitor'), customer: cohortStatements('customer') };

  return {
    /** Up to `limit` people with a `interval` period that started before `before` (a local date). */
    expiredCohortPeople: (who: CohortPeople, siteId: string, interval: string, before: string, limit: number) =>
      cohortsOf[who].expired.all(siteId, interval, before, limit),
    /** Their periods before `before`, and each whose last period that was. */
    deleteCohortPeriods: withoutSync(
      (
        who: CohortPeople,
        siteId: string,
        interval: string,
        before: string,
        people: string[],
        counts: RetentionCounts,
      ) => cohortsOf[who].expire.immediate(siteId, interval, before, people, counts),
    ),
    /** Sessions whose last event happened before `cutoff`, oldest first. */
    expiredSessions: (siteId: string, cutoff: number, limit: number) =>
      expiredSessions.all(siteId, cutoff, cutoff, limit),
    /**
     * Sessions that began before `cutoff` and go on after it: their older events expire, the session
     * (and its visits, counted once) stays until its last event does.
     */
    straddlingSessions: (siteId: string, cutoff: number, limit: number) =>
      straddling.all(siteId, cutoff, cutoff, limit),
    /** Up to `limit` of one session's events that happened before `cutoff`. */
    deleteSessionEvents: withoutSync(
      (siteId: string, sessionId: string, cutoff: number, limit: number) =>
        sessionEventsChunk.run(siteId, sessionId, cutoff, limit).changes,
    ),
    /** The sessions with their remaining events and page visits, error and goal marks, in one transaction. */
    deleteSessions: withoutSync((siteId: string, ids: string[], counts: RetentionCounts) =>
      deleteSessions.immediate(siteId, ids, counts),
    ),
    /** Answers given before `cutoff`, oldest first. */
    expiredResponses: (siteId: string, cutoff: number, limit: number) => expiredResponses.all(siteId, cutoff, limit),
    /** The answers with their own events, webhook deliveries and delivery log, in one transaction. */
    deleteResponses: withoutSync((siteId: string, batch: ExpiredResponse[], counts: RetentionCounts) =>
      deleteResponses.immediate(siteId, batch, counts),
    ),
  };
}

export type RetentionStore = ReturnType<typeof retentionStore>;

export interface SiteRetention {
  siteId: string;
  timeZone: string;
  rawEventsDays: number;
  responsesDays: number | null;
}

/** Every site's windows. A deleted site is not here: the site deleter removes all of its rows. */
export function retentionSettings(db: Db): SiteRetention[] {
  return db
    .select({
      siteId: sites.id,
      timeZone: sites.timeZone,
      rawEventsDays: sites.rawEventsDays,
      responsesDays: sites.responsesDays,
    })
    .from(sites)
    .orderBy(asc(sites.createdAt))
    .all();
}
