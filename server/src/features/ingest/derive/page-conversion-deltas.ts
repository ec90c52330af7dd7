import type Database from 'better-sqlite3';
import { hourOf } from '../../../lib/hour-bucket.js';
import { type HourDayMonthDeltas, hourDayMonthDeltas, prepareRollupTable } from './rollup-deltas.js';
import { perDatabase } from '../../../lib/per-database.js';

// Goal conversion by page, kept at ingest (db/schema/page-conversions.ts). What a session
// contributes is a function of its row of session_steps (its first reach, segment, pages and
// goals), so when the funnels' writer changes that row it moves the counts from the old row's
// contribution to the new one's: no per-session state, and a change that adds a page view to a
// page the session already had (the common case) nets to nothing.

/** Key kinds remembered between commits; past this the memo starts again (ids never change). */
const KIND_MEMO_LIMIT = 50_000;

/** A session's segment as session_steps files it: device, browser, language. */
export type StepSegment = readonly [device: string, browser: string, language: string];

function prepare(db: Database.Database) {
  const key = ['site_id', 'goal_key', 'hour', 'page_key', 'device', 'browser', 'language'];
  const counters = ['sessions', 'converted'] as const;
  return {
    kind: db.prepare('SELECT kind FROM funnel_keys WHERE id = ?').pluck(),
    pendingSites: db.prepare('SELECT site_id FROM page_conversion_backfill').pluck(),
    /** Whether the background count has not reached the session yet (session id order, as it walks). */
    notReached: db.prepare('SELECT 1 FROM page_conversion_backfill WHERE site_id = ? AND cursor < ?').pluck(),
    hourly: prepareRollupTable(db, 'page_conversion_counts', key, counters),
    daily: prepareRollupTable(db, 'page_conversion_counts_daily', key, counters),
    monthly: prepareRollupTable(db, 'page_conversion_counts_monthly', key, counters),
    /**
     * Whether a key id is a page, for ids known to be committed (ids never change; one inserted by
     * a commit that then rolls back could come back as another key, so those are not kept here).
     */
    kindMemo: new Map<number, boolean>(),
  };
}
type Statements = ReturnType<typeof prepare>;
const statementsOf = perDatabase(prepare);

export class PageConversionDeltas {
  private readonly s: Statements;
  /** This commit's changes of sessions' reaches, counted at `apply`. */
  private readonly changes: [
    siteId: string,
    sessionId: string,
    seg: StepSegment,
    before: readonly number[],
    after: readonly number[],
  ][] = [];
  /** Count key (without its grain) → [sessions, converted], summed over this commit's changes. */
  private readonly moves = new Map<
    string,
    [
      siteId: string,
      goalKey: number,
      hour: number,
      pageKey: number,
      seg: StepSegment,
      sessions: number,
      converted: number,
    ]
  >();
  /** Keys this commit inserted (not remembered: the commit may roll back) and their kinds once read. */
  private readonly fresh = new Map<number, boolean | undefined>();
  private readonly grains: HourDayMonthDeltas<'sessions' | 'converted'>;

  constructor(db: Database.Database) {
    const s = statementsOf(db);
    this.s = s;
    this.grains = hourDayMonthDeltas(s);
  }

  /**
   * The writer changed a session's reaches from `before` to `after` (as stored, `before` empty for
   * a new row); counted at `apply`. A session the background count has not reached yet is left to
   * it: it counts the row as it then is.
   */
  sessionChanged(
    siteId: string,
    sessionId: string,
    seg: StepSegment,
    before: readonly number[],
    after: readonly number[],
  ): void {
    this.changes.push([siteId, sessionId, seg, before, after]);
  }

  /** The writer inserted this key in the current commit. */
  keyInserted(id: number): void {
    this.fresh.set(id, undefined);
  }

  /**
   * Adds (or with -1 removes) what a session with these reaches contributes: per distinct page, a
   * session in the hour of its first reach, converted if it holds any goal, and per goal it holds
   * a conversion.
   */
  count(siteId: string, seg: StepSegment, steps: readonly number[], sign: 1 | -1): void {
    if (steps.length === 0) return;
    const hour = hourOf(steps[1]!);
    const pages = new Set<number>();
    const goals = new Set<number>();
    for (let i = 0; i < steps.length; i += 2) {
      const id = steps[i]!;
      (this.isPage(id) ? pages : goals).add(id);
    }
    const any = goals.size > 0 ? 1 : 0;
    for (const page of pages) {
      this.move(siteId, 0, hour, page, seg, sign, sign * any);
      for (const goal of goals) this.move(siteId, goal, hour, page, seg, 0, sign);
    }
  }

  /** After the commit's session_steps rows are written. */
  apply(): void {
    if (this.changes.length > 0) {
      const pending = new Set(this.s.pendingSites.all() as string[]);
      for (const [siteId, sessionId, seg, before, after] of this.changes) {
        if (pending.has(siteId) && this.s.notReached.get(siteId, sessionId) !== undefined) continue;
        this.count(siteId, seg, before, -1);
        this.count(siteId, seg, after, 1);
      }
      this.changes.length = 0;
    }
    for (const [siteId, goal, hour, page, [device, browser, language], sessions, converted] of this.moves.values()) {
      if (sessions === 0 && converted === 0) continue;
      for (const [deltas, grain] of this.grains) {
        const key = [siteId, goal, grain(hour), page, device, browser, language];
        deltas.add(key, 'sessions', sessions);
        deltas.add(key, 'converted', converted);
      }
    }
    this.moves.clear();
    this.fresh.clear();
    for (const [deltas] of this.grains) deltas.apply();
  }

  private move(
    siteId: string,
    goal: number,
    hour: number,
    page: number,
    seg: StepSegment,
    sessions: number,
    converted: number,
  ): void {
    const id = `${siteId}\u0001${goal}\u0001${hour}\u0001${page}\u0001${seg.join('\u0001')}`;
    const m = this.moves.get(id);
    if (m === undefined) this.moves.set(id, [siteId, goal, hour, page, seg, sessions, converted]);
    else {
      m[5] += sessions;
      m[6] += converted;
    }
  }

  private isPage(id: number): boolean {
    const known = this.s.kindMemo.get(id) ?? this.fresh.get(id);
    if (known !== undefined) return known;
    const page = this.s.kind.get(id) === 'page';
    if (this.fresh.has(id)) this.fresh.set(id, page);
    else {
      if (this.s.kindMemo.size >= KIND_MEMO_LIMIT) this.s.kindMemo.clear();
      this.s.kindMemo.set(id, page);
    }
    return page;
  }
}
