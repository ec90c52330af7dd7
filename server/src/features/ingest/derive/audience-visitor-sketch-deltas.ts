import type Database from 'better-sqlite3';
import { dayOf, HOUR_MS } from '../../../lib/hour-bucket.js';
import { perDatabase } from '../../../lib/per-database.js';
import { hashVisitor, VisitorSketch } from '../../../lib/visitor-sketch.js';
import { visitorKeyOf } from './audience-session-contributions.js';

// The visitor sketches of audience_session_rates' cells (db/schema/audience-session-rates.ts), and
// of audience_dimension_rates' by browser and language (audience-dimension-rates.ts), per UTC hour
// and day. A visitor new in a cell is added to its sketches, as visitor-sketch-deltas.ts
// adds a new session's. A sketch cannot take one back out, so a cell a session left (its traits
// or returning flag changed: rare, an identify call that replaces traits) is rebuilt from the
// sessions now in it, a unit's sessions read through the sessions' first_ts index. A rebuilt sketch
// is the one adding those visitors one by one would give (registers are maxima, order-free).

const DAY_MS = 24 * HOUR_MS;
const TIERS = [
  ['hour', (hour: number) => hour, HOUR_MS],
  ['day', dayOf, DAY_MS],
] as const;

/** A table of sketches by who the session is, and how a cell's sessions are found. */
export interface AudienceSketchTable {
  table: string;
  /** The cell's columns after site_id, trait_key and trait_value (tier and start are the unit). */
  columns: readonly string[];
  /** The condition on `sessions AS s` those columns put on a unit's sessions, a ? each, in order. */
  sessionWhere: string;
}

/** audience_visitor_sketches: by returning flag and device. */
export const AUDIENCE_VISITOR_SKETCHES: AudienceSketchTable = {
  table: 'audience_visitor_sketches',
  columns: ['"returning"', 'device'],
  sessionWhere: 's."returning" = ? AND s.device = ?',
};

/** A sketch's key: site, trait, value, the table's columns, tier, start. */
type UnitKey = (string | number)[];
/** Where a session counts: trait, value, the table's columns, then the hour it started. */
export type SketchCell = (string | number)[];

const prepare = (db: Database.Database, t: AudienceSketchTable) => {
  const columns = ['site_id', 'trait_key', 'trait_value', ...t.columns, 'tier', 'start'];
  const where = columns.map((c) => `${c} = ?`).join(' AND ');
  // A unit's sessions: first_ts is at most a day before the hour a session is counted in.
  const unitSessions =
    'SELECT s.visitor_id, s.session_id FROM sessions AS s WHERE s.site_id = ? AND s.first_ts >= ? AND s.first_ts < ? ' +
    `AND s.hour >= ? AND s.hour < ? AND ${t.sessionWhere}`;
  return {
    load: db.prepare(`SELECT visitors FROM ${t.table} WHERE ${where}`).pluck(),
    save: db.prepare(
      `INSERT INTO ${t.table} (${columns.join(', ')}, visitors) VALUES (${columns.map(() => '?').join(', ')}, ?) ` +
        `ON CONFLICT (${columns.join(', ')}) DO UPDATE SET visitors = excluded.visitors`,
    ),
    drop: db.prepare(`DELETE FROM ${t.table} WHERE ${where}`),
    everyone: db.prepare(unitSessions),
    withTrait: db.prepare(
      `${unitSessions} AND EXISTS (SELECT 1 FROM session_traits AS t WHERE t.site_id = s.site_id ` +
        'AND t.session_id = s.session_id AND t.key = ? AND t.value = ?)',
    ),
  };
};
type Statements = ReturnType<typeof prepare>;
const byTable = new Map<string, (db: Database.Database) => Statements>();

function statementsOf(db: Database.Database, t: AudienceSketchTable): Statements {
  let of = byTable.get(t.table);
  if (!of) {
    of = perDatabase((d) => prepare(d, t));
    byTable.set(t.table, of);
  }
  return of(db);
}

function unitsOf(siteId: string, cell: SketchCell): [string, UnitKey, number][] {
  const hour = Number(cell[cell.length - 1]);
  return TIERS.map(([tier, start, length]) => {
    const key: UnitKey = [siteId, ...cell.slice(0, -1), tier, start(hour)];
    return [key.join('\u0001'), key, length];
  });
}

/** The sketch of the sessions stored now in one unit, or undefined when none is. */
function rebuild(s: Statements, key: UnitKey, length: number) {
  const [siteId, trait, value, ...rest] = key;
  const start = Number(rest[rest.length - 1]);
  const cell = rest.slice(0, -2);
  const params = [siteId, start - DAY_MS, start + length, start, start + length, ...cell];
  const rows = (trait === '' ? s.everyone.all(...params) : s.withTrait.all(...params, trait, value)) as {
    visitor_id: string | null;
    session_id: string;
  }[];
  if (rows.length === 0) return undefined;
  const sketch = new VisitorSketch();
  for (const r of rows) sketch.add(hashVisitor(visitorKeyOf(r.visitor_id, r.session_id)));
  return sketch;
}

/** One commit's changes to the audience visitor sketches. */
export class AudienceVisitorSketchDeltas {
  private readonly s: Statements;
  /** Units with visitors new in them: the hashes to add. */
  private readonly entered = new Map<string, { key: UnitKey; hashes: number[] }>();
  /** Units a session left: rebuilt from the stored sessions. */
  private readonly left = new Map<string, [UnitKey, number]>();

  constructor(db: Database.Database, table: AudienceSketchTable = AUDIENCE_VISITOR_SKETCHES) {
    this.s = statementsOf(db, table);
  }

  /** `visitor` (visitorKeyOf) now counts in `cell` and did not before the commit. */
  enter(siteId: string, cell: SketchCell, visitor: string): void {
    const hash = hashVisitor(visitor);
    for (const [id, key] of unitsOf(siteId, cell)) {
      const unit = this.entered.get(id);
      if (unit) unit.hashes.push(hash);
      else this.entered.set(id, { key, hashes: [hash] });
    }
  }

  /** A session counted in `cell` before the commit and does not now. */
  leave(siteId: string, cell: SketchCell): void {
    for (const [id, key, length] of unitsOf(siteId, cell)) this.left.set(id, [key, length]);
  }

  /** After every write of the commit. */
  apply(): void {
    const s = this.s;
    for (const [key, length] of this.left.values()) {
      const sketch = rebuild(s, key, length);
      if (sketch === undefined) s.drop.run(...key);
      else s.save.run(...key, sketch.encode());
    }
    for (const [id, { key, hashes }] of this.entered) {
      if (this.left.has(id)) continue;
      const sketch = VisitorSketch.decode(s.load.get(...key) as Buffer | undefined);
      for (const h of hashes) sketch.add(h);
      s.save.run(...key, sketch.encode());
    }
    this.entered.clear();
    this.left.clear();
  }
}
