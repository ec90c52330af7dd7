import type Database from 'better-sqlite3';
import { perDatabase } from '../../../lib/per-database.js';
import { type Contribution, idOf, sameKeys } from './audience-session-contributions.js';
import { prepareTieredRollupTables, TieredRollupDeltas } from './tiered-rollup-deltas.js';

// The clicks by who the session is (db/schema/audience-clicks.ts). A session's clicks count under
// its traits and returning flag as they are after the commit: a commit's new clicks are added
// under the keys the session has then (the page rates' before/after reads of the session tell
// them, audience-page-rate-deltas.ts), and a stored session whose keys the commit changed (an
// identify call, a returning flag set) moves whole: its stored clicks, read once for all such
// sessions of the commit after the writes, leave the old keys (less this commit's, which never
// counted there) and enter the new ones. Most commits change no stored session's keys and read
// nothing here; a new session's clicks are all the commit's own.

const COUNTERS = ['events', 'clicks'] as const;
type Counter = (typeof COUNTERS)[number];

const statements = perDatabase((db: Database.Database) => ({
  tiers: prepareTieredRollupTables(
    db,
    'audience_clicks',
    ['site_id', 'trait_key', 'trait_value', 'kind', 'hour', '"returning"', 'device', 'path', 'selector'],
    COUNTERS,
  ),
  // The moved sessions as one JSON parameter ([{"s": site, "i": session}, ...]): one statement
  // per commit whatever their number (audience-session-contributions.ts says why).
  stored: db.prepare(
    "WITH moved (site_id, session_id) AS (SELECT json_extract(value, '$.s'), json_extract(value, '$.i') FROM json_each(?)) " +
      'SELECT c.site_id, c.session_id, c.hour, c.path, c.selector, c.kind, c.device, c.events, c.clicks FROM moved AS m ' +
      'JOIN session_clicks AS c ON c.site_id = m.site_id AND c.session_id = m.session_id',
  ),
}));

/** A session's clicks at one (hour, page, element, kind, device): [events, clicks]. */
interface Cell {
  hour: number;
  path: string;
  selector: string;
  kind: string;
  device: string;
  counts: [number, number];
}
type Cells = Map<string, Cell>;

const cellId = (hour: number, path: string, selector: string, kind: string, device: string) =>
  `${hour}\u0001${kind}\u0001${device}\u0001${path}\u0001${selector}`;

function addTo(cells: Cells, hour: number, path: string, selector: string, kind: string, device: string, n: number[]) {
  const id = cellId(hour, path, selector, kind, device);
  const c = cells.get(id);
  if (c === undefined) cells.set(id, { hour, path, selector, kind, device, counts: [n[0]!, n[1]!] });
  else for (let i = 0; i < 2; i++) c.counts[i]! += n[i]!;
}

interface Move {
  siteId: string;
  sessionId: string;
  was: Contribution;
  now: Contribution | undefined;
}

/** One commit's changes to audience_clicks: `add` each click, `change` each touched session, then `apply`. */
export class AudienceClickDeltas {
  private readonly db: Database.Database;
  private readonly deltas: TieredRollupDeltas<Counter>;
  /** The commit's clicks per session (idOf). */
  private readonly added = new Map<string, Cells>();
  /** Stored sessions whose keys the commit changed. */
  private readonly moves: Move[] = [];

  constructor(db: Database.Database) {
    this.db = db;
    this.deltas = new TieredRollupDeltas(statements(db).tiers, 4);
  }

  /** A click event of the commit (`count`: a rage burst's clicks), as session_clicks adds it. */
  add(
    siteId: string,
    sessionId: string,
    hour: number,
    path: string,
    selector: string,
    kind: string,
    device: string,
    count: number,
  ): void {
    const id = idOf(siteId, sessionId);
    let cells = this.added.get(id);
    if (cells === undefined) {
      cells = new Map();
      this.added.set(id, cells);
    }
    addTo(cells, hour, path, selector, kind, device, [1, count]);
  }

  /** A touched session as it counted before the commit's writes (`was`) and after (`now`). */
  change(siteId: string, sessionId: string, was: Contribution | undefined, now: Contribution | undefined): void {
    if (was !== undefined && (now === undefined || !sameKeys(was, now))) {
      this.moves.push({ siteId, sessionId, was, now });
      return;
    }
    const mine = this.added.get(idOf(siteId, sessionId));
    if (mine !== undefined && now !== undefined) this.addCells(siteId, now, mine, 1);
  }

  /** After every write of the commit (session_clicks included): the moves, then the upserts. */
  apply(): void {
    if (this.moves.length > 0) this.applyMoves();
    this.added.clear();
    this.moves.length = 0;
    this.deltas.apply();
  }

  private applyMoves(): void {
    const list = JSON.stringify(this.moves.map((m) => ({ s: m.siteId, i: m.sessionId })));
    const stored = new Map<string, Cells>();
    const rows = statements(this.db).stored.all(list) as {
      site_id: string;
      session_id: string;
      hour: number;
      path: string;
      selector: string;
      kind: string;
      device: string;
      events: number;
      clicks: number;
    }[];
    for (const r of rows) {
      const id = idOf(r.site_id, r.session_id);
      let cells = stored.get(id);
      if (cells === undefined) {
        cells = new Map();
        stored.set(id, cells);
      }
      addTo(cells, Number(r.hour), r.path, r.selector, r.kind, r.device, [Number(r.events), Number(r.clicks)]);
    }
    for (const m of this.moves) {
      const id = idOf(m.siteId, m.sessionId);
      const all = stored.get(id) ?? new Map<string, Cell>();
      // What counted under the old keys: the stored clicks but this commit's.
      const before = new Map<string, Cell>();
      for (const c of all.values()) addTo(before, c.hour, c.path, c.selector, c.kind, c.device, c.counts);
      for (const c of this.added.get(id)?.values() ?? []) {
        addTo(before, c.hour, c.path, c.selector, c.kind, c.device, [-c.counts[0], -c.counts[1]]);
      }
      this.addCells(m.siteId, m.was, before, -1);
      if (m.now !== undefined) this.addCells(m.siteId, m.now, all, 1);
    }
  }

  private addCells(siteId: string, x: Contribution, cells: Cells, sign: number): void {
    for (const c of cells.values()) {
      for (const [trait, value] of x.keys) {
        const key = [siteId, trait, value, c.kind, c.hour, x.returning, c.device, c.path, c.selector];
        this.deltas.add(key, 'events', sign * c.counts[0]);
        this.deltas.add(key, 'clicks', sign * c.counts[1]);
      }
    }
  }
}
