import type { Db } from '../../db/open-database.js';
import { dialectOf, indexedBy } from '../../db/sql-dialect.js';
import { storedTables } from '../../db/stored-tables.js';
import { AudienceCohortDeltas } from '../ingest/derive/audience-cohort-counts.js';
import { recountVisitorReturned } from '../ingest/derive/visitor-returned.js';
import { deleteDeliveriesAbout } from '../webhooks/webhooks-store.js';
import { uncountDeletedAnswers, uncountDeletedSessions } from '../responses/resolution-counts.js';

/** Rows deleted per table. */
export type RowCounts = Record<string, number>;

/** A table that holds rows about one visitor, one session or one identified customer. */
export interface PersonalTable {
  name: string;
  /** Has a `session_id` column: its rows are found by the sessions erased. */
  bySession: boolean;
  /** Has a `visitor_id` column. */
  byVisitor: boolean;
  /** Has a `customer_id` column. */
  byCustomer: boolean;
}

/** A person whose rows are kept apart from any session (the retention cohorts' per-person rows). */
export type Person = 'visitor' | 'customer';
const PERSON_COLUMN = { visitor: 'visitor_id', customer: 'customer_id' } as const;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Every table with a `site_id` and a `session_id`, `visitor_id` or `customer_id` column, read from
 * the database itself (like the site deleter's tables), so a table added later is erased from
 * without anyone listing it. Today, by session: events, sessions, session_pages, session_errors,
 * session_goals, session_steps, session_reaches, session_clicks, session_traits, task_runs,
 * customer_sessions, saved_funnel_sessions, band_conversion_sessions, responses (an answer's
 * response_traits, which hold no such id, leave with it: deleteSubjectRows); by person only:
 * visitor_cohorts, visitor_periods, customer_cohorts, customer_periods.
 * Rollups, tiers and sketches have none of these columns: they hold counts, never ids (docs/privacy.md).
 */
export function personalTables(db: Db): PersonalTable[] {
  return storedTables(db.$client)
    .map(({ name, columns }) => ({
      name,
      site: columns.has('site_id'),
      bySession: columns.has('session_id'),
      byVisitor: columns.has('visitor_id'),
      byCustomer: columns.has('customer_id'),
    }))
    .filter((t) => t.site && (t.bySession || t.byVisitor || t.byCustomer))
    .map(({ site: _site, ...table }) => table);
}

/** Rows of a rowid range looked at per step of a scan: a few milliseconds, then others get the database. */
export const SCAN_STEP = 20_000;

/**
 * The sessions of the person's rows in `table`, a step at a time: a scan that needs no index on
 * visitor_id or customer_id (events has none: every insert would pay for it). On SQLite each step
 * is a rowid range (from, to], so the ingest writer gets the database between them; PostgreSQL
 * has no rowid, and its readers never hold up its writers, so its scan is one statement.
 */
export function* personSessionScan(
  db: Db,
  table: string,
  person: Person,
  siteId: string,
  id: string,
): Generator<string[]> {
  const client = db.$client;
  const where = `site_id = ? AND ${PERSON_COLUMN[person]} = ?`;
  if (dialectOf(client) === 'postgres') {
    yield client
      .prepare(`SELECT DISTINCT session_id FROM ${quote(table)} WHERE ${where}`)
      .pluck()
      .all(siteId, id) as string[];
    return;
  }
  const end = Number(
    client
      .prepare(`SELECT coalesce(max(rowid), 0) FROM ${quote(table)}`)
      .pluck()
      .get(),
  );
  const step = client
    .prepare(`SELECT DISTINCT session_id FROM ${quote(table)} WHERE rowid > ? AND rowid <= ? AND ${where}`)
    .pluck();
  for (let from = 0; from < end; from += SCAN_STEP) yield step.all(from, from + SCAN_STEP, siteId, id) as string[];
}

/**
 * The visitors and customers these sessions belong to: whose per-person rows may be left without
 * a session once they are erased. By the indexes on (site_id, session_id) of sessions and
 * customer_sessions (every customer an identify call named in the session, not only its last).
 */
export function peopleOfSessions(db: Db, siteId: string, sessions: readonly string[]): { [P in Person]: string[] } {
  const pluck = (sql: string) =>
    db.$client
      .prepare(sql)
      .pluck()
      .all({ site: siteId, list: JSON.stringify(sessions) }) as string[];
  const inSessions = 'site_id = @site AND session_id IN (SELECT value FROM json_each(@list))';
  return {
    visitor: pluck(`SELECT DISTINCT visitor_id FROM sessions WHERE ${inSessions} AND visitor_id IS NOT NULL`),
    customer: pluck(
      `SELECT customer_id FROM customer_sessions${indexedBy(db.$client, 'customer_sessions_site_session')} WHERE ${inSessions} UNION SELECT customer_id FROM sessions WHERE ${inSessions} AND customer_id IS NOT NULL`,
    ),
  };
}

/** Where a batch's rows are: in these sessions, or the person's own (a table without session_id). */
export type Subject = { sessions: readonly string[] } | { person: Person; id: string };

function subjectSql(subject: Subject): { where: string; param: string } {
  return 'sessions' in subject
    ? { where: 'session_id IN (SELECT value FROM json_each(?))', param: JSON.stringify(subject.sessions) }
    : { where: `${PERSON_COLUMN[subject.person]} = ?`, param: subject.id };
}

/**
 * Deletes the person's own rows (tables without session_id) if no session of theirs is left, in
 * one transaction with that check, so a session the ingest writer stores meanwhile either keeps
 * them or comes after. A visitor is looked up in sessions, a customer in customer_sessions (both
 * by index). The rows are few (one per person, one per period): no batches.
 */
export function deletePersonIfNoSession(
  db: Db,
  tables: readonly string[],
  siteId: string,
  person: Person,
  id: string,
  rows: RowCounts,
): void {
  const sqlite = db.$client;
  const sessionsLeft =
    person === 'visitor'
      ? 'SELECT 1 FROM sessions WHERE site_id = ? AND visitor_id = ? LIMIT 1'
      : 'SELECT 1 FROM customer_sessions WHERE site_id = ? AND customer_id = ? LIMIT 1';
  sqlite
    .transaction(() => {
      const audience = person === 'visitor' ? new AudienceCohortDeltas(sqlite) : undefined;
      if (sqlite.prepare(sessionsLeft).get(siteId, id) !== undefined) {
        // The visitor stays, without the sessions erased: their latest returning start may be
        // another, and they may be in fewer audiences (retention cohorts under a trait).
        if (person === 'visitor') recountVisitorReturned(sqlite, siteId, id);
        audience?.recount(siteId, id);
        audience?.apply();
        return;
      }
      // Out of the counts under a trait before their rows go (audience-cohort-counts.ts).
      audience?.leave(siteId, id);
      audience?.apply();
      for (const table of tables) {
        const n = sqlite
          .prepare(`DELETE FROM ${quote(table)} WHERE site_id = ? AND ${PERSON_COLUMN[person]} = ?`)
          .run(siteId, id).changes;
        rows[table] = (rows[table] ?? 0) + n;
      }
    })
    .immediate();
}

/**
 * Deletes up to `limit` of the subject's rows from one table, in one short transaction of its own,
 * adding what went to `rows`. An answer takes its webhook deliveries (their stored bodies hold it)
 * and their attempts with it, in the same transaction. Returns the table's rows deleted.
 */
export function deleteSubjectRows(
  db: Db,
  table: string,
  siteId: string,
  subject: Subject,
  limit: number,
  rows: RowCounts,
): number {
  const sqlite = db.$client;
  const { where, param } = subjectSql(subject);
  const t = quote(table);
  const select = `SELECT rowid FROM ${t} WHERE site_id = ? AND ${where} LIMIT ?`;
  const run = db.$client.transaction(() => {
    // A visitor's counts under a trait leave with the first of their own rows (audience-cohort-counts.ts).
    if ('person' in subject && subject.person === 'visitor') {
      const audience = new AudienceCohortDeltas(sqlite);
      audience.leave(siteId, subject.id);
      audience.apply();
    }
    if (table === 'responses') {
      const displayIds = sqlite
        .prepare(`SELECT display_id FROM responses WHERE rowid IN (${select})`)
        .pluck()
        .all(siteId, param, limit) as string[];
      if (displayIds.length > 0) {
        const list = JSON.stringify(displayIds);
        uncountDeletedAnswers(sqlite, siteId, list);
        const attempts = Number(
          sqlite
            .prepare(
              'SELECT count(*) FROM webhook_attempts WHERE delivery_seq IN (SELECT seq FROM webhook_deliveries WHERE site_id = ? AND subject IN (SELECT value FROM json_each(?)))',
            )
            .pluck()
            .get(siteId, list),
        );
        // The answers' traits (response_traits) hold no person's id to be found by: they leave with their answers.
        const traits = sqlite
          .prepare('DELETE FROM response_traits WHERE site_id = ? AND display_id IN (SELECT value FROM json_each(?))')
          .run(siteId, list).changes;
        if (traits > 0) rows.response_traits = (rows.response_traits ?? 0) + traits;
        const both = deleteDeliveriesAbout(db, siteId, displayIds);
        rows.webhook_attempts = (rows.webhook_attempts ?? 0) + attempts;
        rows.webhook_deliveries = (rows.webhook_deliveries ?? 0) + both - attempts;
      }
    }
    if (table === 'sessions') {
      // Answers left without their session count as not returning (resolution-counts.ts).
      const ids = sqlite
        .prepare(`SELECT session_id FROM sessions WHERE rowid IN (${select}) AND "returning" = 1`)
        .pluck()
        .all(siteId, param, limit) as string[];
      if (ids.length > 0) uncountDeletedSessions(sqlite, siteId, JSON.stringify(ids));
    }
    return sqlite.prepare(`DELETE FROM ${t} WHERE rowid IN (${select})`).run(siteId, param, limit).changes;
  });
  // IMMEDIATE: take the write lock before the first read, so the ingest writer cannot commit
  // between this transaction's read and its write (a deferred upgrade fails at once instead).
  const n = run.immediate();
  rows[table] = (rows[table] ?? 0) + n;
  return n;
}

/**
 * The subject's rows of one table, `chunkRows` at a time, columns in camelCase with JSON columns
 * parsed: a visitor's export. On SQLite one short query per chunk, in rowid order; PostgreSQL has
 * no rowid to page by, and libpq's synchronous API fetches a statement's rows at once anyway: one
 * statement (one snapshot) per subject, then handed out in chunks.
 */
export function* subjectRows(
  db: Db,
  table: string,
  siteId: string,
  subject: Subject,
  chunkRows: number,
): Generator<Record<string, unknown>[]> {
  const { where, param } = subjectSql(subject);
  const client = db.$client;
  if (dialectOf(client) === 'postgres') {
    const all = client
      .prepare(`SELECT * FROM ${quote(table)} WHERE site_id = ? AND ${where}`)
      .all(siteId, param) as Record<string, unknown>[];
    for (let i = 0; i < all.length; i += chunkRows) yield all.slice(i, i + chunkRows).map(exportedRow);
    return;
  }
  const step = client.prepare(
    `SELECT rowid AS "__rowid", * FROM ${quote(table)} WHERE site_id = ? AND ${where} AND rowid > ? ORDER BY rowid LIMIT ?`,
  );
  for (let after = 0; ; ) {
    const found = step.all(siteId, param, after, chunkRows) as Record<string, unknown>[];
    if (found.length === 0) return;
    yield found.map(({ __rowid: _rowid, ...columns }) => exportedRow(columns));
    if (found.length < chunkRows) return;
    after = Number(found[found.length - 1]!.__rowid);
  }
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** Columns that hold JSON text: exported as JSON, not as a string of it. */
const JSON_COLUMNS = new Set(['payload', 'friction_pages']);

function exportedRow(columns: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(columns)) {
    out[camel(k)] = JSON_COLUMNS.has(k) && typeof v === 'string' ? parseJson(v) : v;
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
