import type Database from 'better-sqlite3';
import { indexedBy } from '../../../db/sql-dialect.js';
import { perDatabase } from '../../../lib/per-database.js';

// What a session adds to the counts kept by who the session is (audience_page_rates,
// audience_session_rates and audience_dimension_rates, with their visitor sketches), read from the stored rows: its row, its
// counted visits, its traits and its goals. The writer reads the sessions a commit touches before
// the commit writes anything and again after, and adds the difference
// (audience-page-rate-deltas.ts, audience-session-rate-deltas.ts).

export const AUDIENCE_PAGE_COUNTERS = [
  'visits',
  'pageviews',
  'js_errors',
  'scroll_sum',
  'entries',
  'engaged_entries',
  'multi_page_entries',
  // Visits that met a JavaScript error (the error rate's share of a page's visits).
  'errored',
] as const;
const N = AUDIENCE_PAGE_COUNTERS.length;

/** The counters of audience_session_rates, in the order of SessionFacts.counts. */
export const AUDIENCE_SESSION_COUNTERS = [
  'sessions',
  'engaged',
  'converted',
  'pageviews',
  'engaged_ms',
  // Sessions that met a JavaScript error (the error rate's share of sessions).
  'errored',
] as const;

/** A session's counts at one (hour, page), in AUDIENCE_PAGE_COUNTERS order. */
export interface Cell {
  hour: number;
  path: string;
  counts: number[];
}

/** The session's own figures, as audience_session_rates and its sketches count them. */
export interface SessionFacts {
  hour: number;
  device: string;
  /** Its values of the breakdown dimensions audience_dimension_rates counts. */
  browser: string;
  language: string;
  entry: string;
  /** The site's release the session started on ('' without one). */
  release: string;
  /** Who the sketches count: the visitor, or the session itself without a visitor id (DNT / GPC). */
  visitor: string;
  /** In AUDIENCE_SESSION_COUNTERS order. */
  counts: number[];
  /** The goals it reached. */
  goals: string[];
}

/** What a session adds to the counts: under which keys, and how much. */
export interface Contribution {
  /** The session's visitor id (null: none, DNT / GPC). */
  visitorId: string | null;
  returning: number;
  /** ['', ''] and each [trait, value] of the session, in key order. */
  keys: [string, string][];
  /** Its visits and entry, per (hour, page). */
  cells: Map<string, Cell>;
  session: SessionFacts;
}

// The commit's touched sessions, as one JSON parameter ([{"s": site, "i": session}, ...]): each
// read below is one statement per commit whatever its number of sessions, where one per session
// cost a round trip each on PostgreSQL (the writer's connection is the synchronous facade).
const TOUCHED =
  "touched (site_id, session_id) AS (SELECT json_extract(value, '$.s'), json_extract(value, '$.i') FROM json_each(?))";
const joined = (table: string, alias: string, index = '') =>
  `FROM touched AS t JOIN ${table} AS ${alias}${index} ON ${alias}.site_id = t.site_id AND ${alias}.session_id = t.session_id`;

/**
 * session_traits' primary key (site_id, session_id, key), by SQLite's name for it. A session's
 * traits are read through it: SQLite would rather take (site_id, key, value, session_id), which
 * covers every column read but is narrowed by the site alone (sql-dialect.ts, indexedBy).
 */
export const SESSION_TRAITS_KEY = 'sqlite_autoindex_session_traits_1';

const prepare = (db: Database.Database) => ({
  sessions: db.prepare(
    `WITH ${TOUCHED} SELECT s.site_id, s.session_id, s.hour, s.entry_path, s.pageviews, s.engaged, s."returning", ` +
      `s.device, s.browser, s.language, s.release, s.visitor_id, s.tracks, s.engaged_ms, s.js_errors ${joined('sessions', 's')}`,
  ),
  // The visits the audience reads count (analytics/audience-sessions.ts): a view or a scroll.
  visits: db.prepare(
    `WITH ${TOUCHED} SELECT p.site_id, p.session_id, p.hour, p.path, p.pageviews, p.max_scroll, p.js_errors ` +
      `${joined('session_pages', 'p')} WHERE p.pageviews > 0 OR p.max_scroll >= 0`,
  ),
  traits: db.prepare(
    `WITH ${TOUCHED} SELECT v.site_id, v.session_id, v.key, v.value ` +
      joined('session_traits', 'v', indexedBy(db, SESSION_TRAITS_KEY)),
  ),
  goals: db.prepare(`WITH ${TOUCHED} SELECT g.site_id, g.session_id, g.name ${joined('session_goals', 'g')}`),
});
type Statements = ReturnType<typeof prepare>;
const statements = perDatabase(prepare);

export function cellOf(cells: Map<string, Cell>, hour: number, path: string): Cell {
  const id = `${hour}\u0001${path}`;
  let c = cells.get(id);
  if (!c) {
    c = { hour, path, counts: new Array<number>(N).fill(0) };
    cells.set(id, c);
  }
  return c;
}

export const idOf = (siteId: string, sessionId: string) => `${siteId}\u0001${sessionId}`;

/** The visitor key the visitor sketches hash (as features/ingest/derive/visitor-sketch-deltas.ts). */
export const visitorKeyOf = (visitorId: string | null, sessionId: string) =>
  visitorId === null ? `session:${sessionId}` : `visitor:${visitorId}`;

interface SessionRow {
  site_id: string;
  session_id: string;
  hour: number;
  entry_path: string;
  pageviews: number;
  engaged: number | boolean;
  returning: number | boolean;
  device: string;
  browser: string;
  language: string;
  release: string;
  visitor_id: string | null;
  tracks: number;
  engaged_ms: number;
  js_errors: number;
}

/** Each touched session's contribution as stored now, by idOf; a session with no row is absent. */
export function contributionsOf(
  db: Database.Database,
  touched: Map<string, [string, string]>,
): Map<string, Contribution> {
  const s: Statements = statements(db);
  const out = new Map<string, Contribution>();
  if (touched.size === 0) return out;
  const list = JSON.stringify([...touched.values()].map(([site, session]) => ({ s: site, i: session })));
  for (const row of s.sessions.all(list) as SessionRow[]) {
    const cells = new Map<string, Cell>();
    const hour = Number(row.hour);
    const entry = cellOf(cells, hour, row.entry_path).counts;
    entry[4] = 1;
    entry[5] = Number(row.engaged);
    entry[6] = Number(row.pageviews) >= 2 ? 1 : 0;
    const session: SessionFacts = {
      hour,
      device: row.device,
      browser: row.browser,
      language: row.language,
      entry: row.entry_path,
      release: row.release,
      visitor: visitorKeyOf(row.visitor_id, row.session_id),
      counts: [
        1,
        Number(row.engaged),
        Number(row.tracks) > 0 ? 1 : 0,
        Number(row.pageviews),
        Number(row.engaged_ms),
        Number(row.js_errors) > 0 ? 1 : 0,
      ],
      goals: [],
    };
    out.set(idOf(row.site_id, row.session_id), {
      visitorId: row.visitor_id,
      returning: Number(row.returning),
      keys: [['', '']],
      cells,
      session,
    });
  }
  const visits = s.visits.all(list) as {
    site_id: string;
    session_id: string;
    hour: number;
    path: string;
    pageviews: number;
    max_scroll: number;
    js_errors: number;
  }[];
  for (const v of visits) {
    // Visits of a session with no row cannot be (the session is written first, in the same commit).
    const x = out.get(idOf(v.site_id, v.session_id));
    if (x === undefined) continue;
    const c = cellOf(x.cells, Number(v.hour), v.path).counts;
    c[0] = 1;
    c[1] = Number(v.pageviews);
    c[2] = Number(v.js_errors);
    c[3] = Number(v.max_scroll);
    c[7] = Number(v.js_errors) > 0 ? 1 : 0;
  }
  for (const t of s.traits.all(list) as { site_id: string; session_id: string; key: string; value: string }[]) {
    out.get(idOf(t.site_id, t.session_id))?.keys.push([t.key, t.value]);
  }
  for (const g of s.goals.all(list) as { site_id: string; session_id: string; name: string }[]) {
    out.get(idOf(g.site_id, g.session_id))?.session.goals.push(g.name);
  }
  // ['', ''] first, then the traits in key order, so sameKeys compares them pairwise.
  for (const x of out.values()) {
    const [every, ...traits] = x.keys;
    x.keys = [every!, ...traits.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))];
  }
  return out;
}

/** Whether two contributions count under the same keys (traits and returning flag). */
export const sameKeys = (a: Contribution, b: Contribution) =>
  a.returning === b.returning &&
  a.keys.length === b.keys.length &&
  a.keys.every(([k, v], i) => b.keys[i]![0] === k && b.keys[i]![1] === v);
