import type Database from 'better-sqlite3';
import { perDatabase } from '../../../lib/per-database.js';
import { prepareTieredRollupTables, TieredRollupDeltas } from './tiered-rollup-deltas.js';

// The pages table's rates by who the session is (db/schema/audience-page-rates.ts). A session's
// counts depend on its row (entry page, hour, views, engaged), its page visits and its traits,
// which an identify call may replace after the visits were counted. So the writer does not count
// events here: it reads each session the commit touches before the commit writes anything and
// again after, and adds the difference; a session whose traits or returning flag changed leaves
// its old keys whole and enters its new ones. What the counts hold is then always what the stored
// sessions say, exactly, whatever the order and the commits the events came in.

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

const prepare = (db: Database.Database) => ({
  tables: prepareTieredRollupTables(
    db,
    'audience_page_rates',
    ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'path'],
    AUDIENCE_PAGE_COUNTERS,
  ),
  session: db.prepare(
    'SELECT hour, entry_path, pageviews, engaged, "returning" FROM sessions WHERE site_id = ? AND session_id = ?',
  ),
  // The visits the audience reads count (analytics/audience-sessions.ts): a view or a scroll.
  visits: db.prepare(
    'SELECT hour, path, pageviews, max_scroll, js_errors FROM session_pages ' +
      'WHERE site_id = ? AND session_id = ? AND (pageviews > 0 OR max_scroll >= 0)',
  ),
  traits: db.prepare('SELECT key, value FROM session_traits WHERE site_id = ? AND session_id = ?'),
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

/** The session's contribution as stored now, or undefined when it has no row. */
function contributionOf(s: Statements, siteId: string, sessionId: string): Contribution | undefined {
  const row = s.session.get(siteId, sessionId) as
    | { hour: number; entry_path: string; pageviews: number; engaged: number | boolean; returning: number | boolean }
    | undefined;
  if (row === undefined) return undefined;
  const cells = new Map<string, Cell>();
  const entry = cellOf(cells, Number(row.hour), row.entry_path).counts;
  entry[4] = 1;
  entry[5] = Number(row.engaged);
  entry[6] = Number(row.pageviews) >= 2 ? 1 : 0;
  const visits = s.visits.all(siteId, sessionId) as {
    hour: number;
    path: string;
    pageviews: number;
    max_scroll: number;
    js_errors: number;
  }[];
  for (const v of visits) {
    const c = cellOf(cells, Number(v.hour), v.path).counts;
    c[0] = 1;
    c[1] = Number(v.pageviews);
    c[2] = Number(v.js_errors);
    c[3] = Number(v.max_scroll);
  }
  const traits = (s.traits.all(siteId, sessionId) as { key: string; value: string }[])
    .map((t): [string, string] => [t.key, t.value])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { returning: Number(row.returning), keys: [['', ''], ...traits], cells };
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
  private readonly stored = new Map<string, Contribution | undefined>();

  constructor(db: Database.Database) {
    this.s = statements(db);
    this.deltas = new TieredRollupDeltas(this.s.tables, 3);
  }

  /** An event of the session is in this commit. */
  touch(siteId: string, sessionId: string): void {
    const id = `${siteId}\u0001${sessionId}`;
    if (!this.touched.has(id)) this.touched.set(id, [siteId, sessionId]);
  }

  /** Before the commit writes sessions, visits or traits: what each touched session counts now. */
  before(): void {
    for (const [id, [siteId, sessionId]] of this.touched)
      this.stored.set(id, contributionOf(this.s, siteId, sessionId));
  }

  /** After every write of the commit: each touched session's difference, then the upserts. */
  apply(): void {
    for (const [id, [siteId, sessionId]] of this.touched) {
      const was = this.stored.get(id);
      const now = contributionOf(this.s, siteId, sessionId);
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
