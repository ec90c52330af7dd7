import type Database from 'better-sqlite3';
import { perDatabase } from '../../../lib/per-database.js';
import { prepareTieredRollupTables, TieredRollupDeltas } from './tiered-rollup-deltas.js';

// The pages table's rates by who the session is (db/schema/audience-page-rates.ts). A session's
// counts depend on its row (entry page, hour, views, engaged), its page visits and its traits,
// which an identify call may replace after the visits were counted. So the writer does not count
// events here: it reads the sessions the commit touches before the commit writes anything and
// again after (all of them at once, three statements each time), and adds the difference; a
// session whose traits or returning flag changed leaves its old keys whole and enters its new ones.
// What the counts hold is then always what the stored sessions say, exactly, whatever the order
// and the commits the events came in.

export const AUDIENCE_PAGE_COUNTERS = [
  'visits',
  'pageviews',
  'js_errors',
  'scroll_sum',
  'entries',
  'engaged_entries',
  'multi_page_entries',
] as const;
type Counter = (typeof AUDIENCE_PAGE_COUNTERS)[number];
const N = AUDIENCE_PAGE_COUNTERS.length;

/** A session's counts at one (hour, page), in AUDIENCE_PAGE_COUNTERS order. */
interface Cell {
  hour: number;
  path: string;
  counts: number[];
}

/** What a session adds to the counts: under which keys, and how much at each (hour, page). */
interface Contribution {
  returning: number;
  /** ['', ''] and each [trait, value] of the session, in key order. */
  keys: [string, string][];
  cells: Map<string, Cell>;
}

// The commit's touched sessions, as one JSON parameter ([{"s": site, "i": session}, ...]): each
// read below is one statement per commit whatever its number of sessions, where one per session
// cost a round trip each on PostgreSQL (the writer's connection is the synchronous facade).
const TOUCHED =
  "touched (site_id, session_id) AS (SELECT json_extract(value, '$.s'), json_extract(value, '$.i') FROM json_each(?))";

const prepare = (db: Database.Database) => ({
  tables: prepareTieredRollupTables(
    db,
    'audience_page_rates',
    ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'path'],
    AUDIENCE_PAGE_COUNTERS,
  ),
  sessions: db.prepare(
    `WITH ${TOUCHED} SELECT s.site_id, s.session_id, s.hour, s.entry_path, s.pageviews, s.engaged, s."returning" ` +
      'FROM touched AS t JOIN sessions AS s ON s.site_id = t.site_id AND s.session_id = t.session_id',
  ),
  // The visits the audience reads count (analytics/audience-sessions.ts): a view or a scroll.
  visits: db.prepare(
    `WITH ${TOUCHED} SELECT p.site_id, p.session_id, p.hour, p.path, p.pageviews, p.max_scroll, p.js_errors ` +
      'FROM touched AS t JOIN session_pages AS p ON p.site_id = t.site_id AND p.session_id = t.session_id ' +
      'WHERE p.pageviews > 0 OR p.max_scroll >= 0',
  ),
  traits: db.prepare(
    `WITH ${TOUCHED} SELECT v.site_id, v.session_id, v.key, v.value ` +
      'FROM touched AS t JOIN session_traits AS v ON v.site_id = t.site_id AND v.session_id = t.session_id',
  ),
});
type Statements = ReturnType<typeof prepare>;
const statements = perDatabase(prepare);

function cellOf(cells: Map<string, Cell>, hour: number, path: string): Cell {
  const id = `${hour}\u0001${path}`;
  let c = cells.get(id);
  if (!c) {
    c = { hour, path, counts: new Array<number>(N).fill(0) };
    cells.set(id, c);
  }
  return c;
}

const idOf = (siteId: string, sessionId: string) => `${siteId}\u0001${sessionId}`;

/** Each touched session's contribution as stored now, by idOf; a session with no row is absent. */
function contributionsOf(s: Statements, touched: Map<string, [string, string]>): Map<string, Contribution> {
  const out = new Map<string, Contribution>();
  if (touched.size === 0) return out;
  const list = JSON.stringify([...touched.values()].map(([site, session]) => ({ s: site, i: session })));
  const rows = s.sessions.all(list) as {
    site_id: string;
    session_id: string;
    hour: number;
    entry_path: string;
    pageviews: number;
    engaged: number | boolean;
    returning: number | boolean;
  }[];
  for (const row of rows) {
    const cells = new Map<string, Cell>();
    const entry = cellOf(cells, Number(row.hour), row.entry_path).counts;
    entry[4] = 1;
    entry[5] = Number(row.engaged);
    entry[6] = Number(row.pageviews) >= 2 ? 1 : 0;
    out.set(idOf(row.site_id, row.session_id), { returning: Number(row.returning), keys: [['', '']], cells });
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
  }
  for (const t of s.traits.all(list) as { site_id: string; session_id: string; key: string; value: string }[]) {
    out.get(idOf(t.site_id, t.session_id))?.keys.push([t.key, t.value]);
  }
  // ['', ''] first, then the traits in key order, so sameKeys compares them pairwise.
  for (const x of out.values()) {
    const [every, ...traits] = x.keys;
    x.keys = [every!, ...traits.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))];
  }
  return out;
}

const sameKeys = (a: Contribution, b: Contribution) =>
  a.returning === b.returning &&
  a.keys.length === b.keys.length &&
  a.keys.every(([k, v], i) => b.keys[i]![0] === k && b.keys[i]![1] === v);

/** One commit's changes to the audience page rates: `touch` each session, `before` and `apply` around the writes. */
export class AudiencePageRateDeltas {
  private readonly s: Statements;
  private readonly deltas: TieredRollupDeltas<Counter>;
  /** Sessions touched, "site\u0001session" → [site, session]. */
  private readonly touched = new Map<string, [string, string]>();
  /** What the touched sessions counted before the commit's writes. */
  private stored = new Map<string, Contribution>();

  constructor(db: Database.Database) {
    this.s = statements(db);
    this.deltas = new TieredRollupDeltas(this.s.tables, 3);
  }

  /** An event of the session is in this commit. */
  touch(siteId: string, sessionId: string): void {
    const id = idOf(siteId, sessionId);
    if (!this.touched.has(id)) this.touched.set(id, [siteId, sessionId]);
  }

  /** Before the commit writes sessions, visits or traits: what each touched session counts now. */
  before(): void {
    this.stored = contributionsOf(this.s, this.touched);
  }

  /** After every write of the commit: each touched session's difference, then the upserts. */
  apply(): void {
    const after = contributionsOf(this.s, this.touched);
    for (const [id, [siteId]] of this.touched) {
      const was = this.stored.get(id);
      const now = after.get(id);
      if (was !== undefined && now !== undefined && sameKeys(was, now)) this.addDifference(siteId, was, now);
      else {
        if (was !== undefined) this.add(siteId, was, -1);
        if (now !== undefined) this.add(siteId, now, 1);
      }
    }
    this.touched.clear();
    this.stored.clear();
    this.deltas.apply();
  }

  private add(siteId: string, x: Contribution, sign: number): void {
    for (const cell of x.cells.values()) this.addCell(siteId, x, cell.hour, cell.path, cell.counts, sign);
  }

  /** The same keys: only the cells that changed, by how much. */
  private addDifference(siteId: string, was: Contribution, now: Contribution): void {
    for (const [id, cell] of now.cells) {
      const old = was.cells.get(id);
      const diff = old === undefined ? cell.counts : cell.counts.map((n, i) => n - old.counts[i]!);
      if (diff.some((n) => n !== 0)) this.addCell(siteId, now, cell.hour, cell.path, diff, 1);
    }
    for (const [id, cell] of was.cells) {
      if (!now.cells.has(id)) this.addCell(siteId, was, cell.hour, cell.path, cell.counts, -1);
    }
  }

  private addCell(siteId: string, x: Contribution, hour: number, path: string, counts: number[], sign: number): void {
    for (const [key, value] of x.keys) {
      const k = [siteId, key, value, hour, x.returning, path];
      for (let i = 0; i < N; i++) this.deltas.add(k, AUDIENCE_PAGE_COUNTERS[i]!, sign * counts[i]!);
    }
  }
}
