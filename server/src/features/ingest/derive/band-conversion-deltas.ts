import type Database from 'better-sqlite3';
import { indexedBy, perDialect } from '../../../db/sql-dialect.js';
import { type Kind, segmentOf } from '../../../analytics/score-math.js';
import { hourOf } from '../../../lib/hour-bucket.js';
import { type HourDayMonthDeltas, hourDayMonthDeltas, prepareRollupTable } from './rollup-deltas.js';
import { perDatabase } from '../../../lib/per-database.js';

// Goal conversion by answer band, kept at ingest (db/schema/band-conversions.ts). What a session
// contributes is a function of its answers, its segment and the goals its reaches hold, so when
// an answer of the session is merged or it reaches a goal, the writer recomputes that
// contribution from those rows and moves the counts by the difference, as the saved funnels do.

/** One count key without its grain: kind, goal ('' = every session), hour, band, device, browser, language; and which counters. */
type Contribution = [
  kind: string,
  goal: string,
  hour: number,
  band: string,
  device: string,
  browser: string,
  language: string,
  sessions: number,
  converted: number,
];

function prepare(db: Database.Database) {
  const key = ['site_id', 'kind', 'goal', 'hour', 'band', 'device', 'browser', 'language'];
  const counters = ['sessions', 'converted'] as const;
  return {
    segment: db.prepare('SELECT device, browser, language FROM sessions WHERE site_id = ? AND session_id = ?').raw(),
    /**
     * In time order, ties in the order stored: the last of each kind decides its band. PostgreSQL has
     * no rowid (no insertion order): its ties (same kind, same millisecond) go by display id.
     */
    answers: db
      .prepare(
        // Without the name SQLite reads them through (site_id, created_at), which gives the order:
        // every answer of the site, for each session recounted.
        `SELECT kind, score, created_at FROM responses${indexedBy(db, 'responses_site_session')} ` +
          'WHERE site_id = ? AND session_id = ? ' +
          perDialect(db, { sqlite: 'ORDER BY created_at, rowid', postgres: 'ORDER BY created_at, display_id' }),
      )
      .raw(),
    steps: db.prepare('SELECT steps FROM session_steps WHERE site_id = ? AND session_id = ?').pluck(),
    goalName: db.prepare("SELECT name FROM funnel_keys WHERE id = ? AND kind = 'track'").pluck(),
    stored: db.prepare('SELECT keys FROM band_conversion_sessions WHERE site_id = ? AND session_id = ?').pluck(),
    upsert: db.prepare(
      'INSERT INTO band_conversion_sessions (site_id, session_id, keys) VALUES (?, ?, ?) ' +
        'ON CONFLICT (site_id, session_id) DO UPDATE SET keys = excluded.keys',
    ),
    remove: db.prepare('DELETE FROM band_conversion_sessions WHERE site_id = ? AND session_id = ?'),
    hourly: prepareRollupTable(db, 'band_conversion_counts', key, counters),
    daily: prepareRollupTable(db, 'band_conversion_counts_daily', key, counters),
    monthly: prepareRollupTable(db, 'band_conversion_counts_monthly', key, counters),
  };
}
type Statements = ReturnType<typeof prepare>;
const statementsOf = perDatabase(prepare);

export class BandConversionDeltas {
  private readonly s: Statements;
  private readonly dirty = new Map<string, [string, string]>();
  /** Goal names by key id, read this commit (null: a page). */
  private readonly goalNames = new Map<number, string | null>();
  private readonly grains: HourDayMonthDeltas<'sessions' | 'converted'>;

  constructor(db: Database.Database) {
    const s = statementsOf(db);
    this.s = s;
    this.grains = hourDayMonthDeltas(s);
  }

  /** The session's answers changed, or it reached a goal: recompute it at `apply`. */
  touch(siteId: string, sessionId: string): void {
    this.dirty.set(`${siteId}\u0001${sessionId}`, [siteId, sessionId]);
  }

  /**
   * After the commit's sessions, answers and funnel steps are written. `answered`: the sessions of
   * this commit that have answers (session-deltas.ts); a session without one contributes nothing
   * and never did, so a goal it reached is skipped without its three reads. Without it, every
   * touched session is recounted.
   */
  apply(answered?: ReadonlySet<string>): void {
    for (const [id, [siteId, sessionId]] of this.dirty)
      if (answered === undefined || answered.has(id)) this.recount(siteId, sessionId);
    this.dirty.clear();
    for (const [deltas] of this.grains) deltas.apply();
  }

  private recount(siteId: string, sessionId: string): void {
    const next = this.contributions(siteId, sessionId);
    const text = JSON.stringify(next);
    const stored = this.s.stored.get(siteId, sessionId) as string | undefined;
    if ((stored ?? '[]') === text) return;
    for (const c of stored === undefined ? [] : (JSON.parse(stored) as Contribution[])) this.count(siteId, c, -1);
    for (const c of next) this.count(siteId, c, 1);
    if (next.length === 0) this.s.remove.run(siteId, sessionId);
    else this.s.upsert.run(siteId, sessionId, text);
  }

  private contributions(siteId: string, sessionId: string): Contribution[] {
    const seg = this.s.segment.get(siteId, sessionId) as [string, string, string] | undefined;
    if (seg === undefined) return [];
    const last = new Map<string, [number, number]>();
    for (const [kind, score, at] of this.s.answers.all(siteId, sessionId) as [string, number, number][])
      last.set(kind, [score, at]);
    if (last.size === 0) return [];
    const goals = new Set<string>();
    const steps = this.s.steps.get(siteId, sessionId) as string | undefined;
    if (steps !== undefined) {
      const reaches = JSON.parse(steps) as number[];
      for (let i = 0; i < reaches.length; i += 2) {
        const id = reaches[i]!;
        let name = this.goalNames.get(id);
        if (name === undefined) {
          name = (this.s.goalName.get(id) as string | undefined) ?? null;
          this.goalNames.set(id, name);
        }
        if (name !== null) goals.add(name);
      }
    }
    const out: Contribution[] = [];
    for (const [kind, [score, at]] of [...last].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const band = segmentOf(kind as Kind, score);
      const hour = hourOf(at);
      out.push([kind, '', hour, band, ...seg, 1, goals.size > 0 ? 1 : 0]);
      for (const goal of [...goals].sort()) out.push([kind, goal, hour, band, ...seg, 0, 1]);
    }
    return out;
  }

  private count(siteId: string, c: Contribution, sign: 1 | -1): void {
    const [kind, goal, hour, band, device, browser, language, sessions, converted] = c;
    for (const [deltas, grain] of this.grains) {
      const key = [siteId, kind, goal, grain(hour), band, device, browser, language];
      deltas.add(key, 'sessions', sign * sessions);
      deltas.add(key, 'converted', sign * converted);
    }
  }
}
