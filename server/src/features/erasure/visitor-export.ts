import type { Db } from '../../db/open-database.js';
import { peopleOfSessions, personalTables, type Subject, subjectRows } from './erasure-store.js';

/**
 * Rows read per query on SQLite: the export's memory stays this size however much a visitor left.
 * (On PostgreSQL one subject's rows are read at once: one session's, or one person's own.)
 */
const CHUNK_ROWS = 500;

/** The export's member for each table; a table added later appears under its camelCased name. */
const SECTIONS: Record<string, string> = {
  sessions: 'sessions',
  session_pages: 'pageVisits',
  session_errors: 'sessionErrors',
  session_goals: 'sessionGoals',
  responses: 'responses',
  events: 'events',
};
const sectionOf = (table: string) => SECTIONS[table] ?? table.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The visitor's export as pieces of one JSON document, read a chunk at a time as the client takes
 * them (Readable.from gives back-pressure): every row of every table that holds the visitor's
 * sessions or id, or the id of a customer identified in those sessions (the tables erasure deletes
 * from), in rowid order, session by session.
 */
export function* visitorExport(
  db: Db,
  siteId: string,
  visitorId: string,
  sessions: readonly string[],
  exportedAt = new Date(),
): Generator<string> {
  yield `{"siteId":${JSON.stringify(siteId)},"visitorId":${JSON.stringify(visitorId)},"exportedAt":"${exportedAt.toISOString()}"`;
  let named: string[] | undefined;
  const customers = () => {
    named ??= peopleOfSessions(db, siteId, sessions).customer;
    return named;
  };
  const tables = personalTables(db).sort(
    (a, b) => (Object.keys(SECTIONS).indexOf(a.name) + 1 || 99) - (Object.keys(SECTIONS).indexOf(b.name) + 1 || 99),
  );
  for (const table of tables) {
    yield `,${JSON.stringify(sectionOf(table.name))}:[`;
    let first = true;
    // Session by session: one short query per chunk, each on the (site_id, session_id) index. A
    // table kept per person: the visitor's rows, or those of the customers named in their sessions.
    const subjects: Subject[] = table.bySession
      ? sessions.map((id) => ({ sessions: [id] }))
      : table.byVisitor
        ? [{ person: 'visitor', id: visitorId }]
        : customers().map((id) => ({ person: 'customer', id }));
    for (const subject of subjects) {
      for (const chunk of subjectRows(db, table.name, siteId, subject, CHUNK_ROWS)) {
        const text = chunk.map((row) => JSON.stringify(row)).join(',');
        yield first ? text : `,${text}`;
        first = false;
      }
    }
    yield ']';
  }
  yield '}\n';
}
