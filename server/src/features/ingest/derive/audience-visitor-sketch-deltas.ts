import type Database from 'better-sqlite3';
import { dayOf, HOUR_MS } from '../../../lib/hour-bucket.js';
import { perDatabase } from '../../../lib/per-database.js';
import { hashVisitor, VisitorSketch } from '../../../lib/visitor-sketch.js';
import { visitorKeyOf } from './audience-session-contributions.js';

// The visitor sketches of audience_session_rates' cells (db/schema/audience-session-rates.ts), per
// UTC hour and day. A visitor new in a cell is added to its sketches, as visitor-sketch-deltas.ts
// adds a new session's. A sketch cannot take one back out, so a cell a session left (its traits
// or returning flag changed: rare, an identify call that replaces traits) is rebuilt from the
// sessions now in it, a unit's sessions read through the sessions' first_ts index. A rebuilt sketch
// is the one adding those visitors one by one would give (registers are maxima, order-free).

const DAY_MS = 24 * HOUR_MS;
const TIERS = [
  ['hour', (hour: number) => hour, HOUR_MS],
  ['day', dayOf, DAY_MS],
] as const;

/** A sketch's key: site, trait, value, tier, start, returning, device. */
type UnitKey = [string, string, string, 'hour' | 'day', number, number, string];
/** Where a session counts: trait, value, returning, device, hour. */
export type SketchCell = [string, string, number, string, number];

const WHERE =
  'site_id = ? AND trait_key = ? AND trait_value = ? AND tier = ? AND start = ? AND "returning" = ? AND device = ?';
const COLUMNS = 'site_id, trait_key, trait_value, tier, start, "returning", device';
// A unit's sessions: first_ts is at most a day before the hour a session is counted in.
const UNIT_SESSIONS =
  'SELECT s.visitor_id, s.session_id FROM sessions AS s WHERE s.site_id = ? AND s.first_ts >= ? AND s.first_ts < ? ' +
  'AND s.hour >= ? AND s.hour < ? AND s."returning" = ? AND s.device = ?';

const statements = perDatabase((db: Database.Database) => ({
  load: db.prepare(`SELECT visitors FROM audience_visitor_sketches WHERE ${WHERE}`).pluck(),
  save: db.prepare(
    `INSERT INTO audience_visitor_sketches (${COLUMNS}, visitors) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ` +
      `ON CONFLICT (${COLUMNS}) DO UPDATE SET visitors = excluded.visitors`,
  ),
  drop: db.prepare(`DELETE FROM audience_visitor_sketches WHERE ${WHERE}`),
  everyone: db.prepare(UNIT_SESSIONS),
  withTrait: db.prepare(
    `${UNIT_SESSIONS} AND EXISTS (SELECT 1 FROM session_traits AS t WHERE t.site_id = s.site_id ` +
      'AND t.session_id = s.session_id AND t.key = ? AND t.value = ?)',
  ),
}));
type Statements = ReturnType<typeof statements>;

function unitsOf(siteId: string, [trait, value, returning, device, hour]: SketchCell): [string, UnitKey, number][] {
  return TIERS.map(([tier, start, length]) => {
    const key: UnitKey = [siteId, trait, value, tier, start(hour), returning, device];
    return [key.join('\u0001'), key, length];
  });
}

/** The sketch of the sessions stored now in one unit, or undefined when none is. */
function rebuild(s: Statements, [siteId, trait, value, , start, returning, device]: UnitKey, length: number) {
  const params = [siteId, start - DAY_MS, start + length, start, start + length, returning, device];
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

  constructor(db: Database.Database) {
    this.s = statements(db);
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
