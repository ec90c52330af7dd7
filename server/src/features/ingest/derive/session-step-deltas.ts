import type Database from 'better-sqlite3';
import type { IngestRow } from '../ingest-row.js';
import { sessionSampleLevel } from '../../../lib/session-sample-level.js';
import type { PageConversionDeltas, StepSegment } from './page-conversion-deltas.js';
import { SavedFunnelDeltas } from './saved-funnel-deltas.js';
import { type SessionStepStatements, sessionStepStatements } from './session-step-statements.js';

/** The most reaches one session keeps (its earliest): a hostile client can make a session arbitrarily long. */
export const SESSION_STEP_LIMIT = 256;
/** Key ids remembered between commits; past this the memo starts again (ids never change). */
const KEY_MEMO_LIMIT = 50_000;

export type StepKind = 'page' | 'track';

interface Touched {
  siteId: string;
  sessionId: string;
  /** Reaches of this batch: kind, name, time. */
  reaches: { kind: StepKind; name: string; ts: number }[];
}

/** Reaches as stored: `[keyId, ts, keyId, ts, …]`, ordered by time, then key id. */
export function mergeSteps(stored: readonly number[], added: readonly (readonly [number, number])[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < stored.length; i += 2) pairs.push([stored[i]!, stored[i + 1]!]);
  for (const [k, t] of added) pairs.push([k, t]);
  pairs.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  const out: number[] = [];
  for (const [k, t] of pairs.slice(0, SESSION_STEP_LIMIT)) out.push(k, t);
  return out;
}

/**
 * The funnels' read model (db/schema/funnels.ts): each page view and goal of a session appended to
 * its row of `session_steps` as (key, time), and each key's first reach per session in
 * `session_reaches`. One read and one write of the session's row per commit, one upsert per
 * (session, key) a commit brings; key ids are remembered, so a known page costs no lookup.
 */
export class SessionStepDeltas {
  private readonly s: SessionStepStatements;
  private readonly touched = new Map<string, Touched>();
  /** Keys this commit inserted: not memoised until committed (see keyMemo). */
  private readonly newKeys = new Map<string, number>();

  /** The saved funnels' counts, moved whenever a session's reaches change. */
  private readonly saved: SavedFunnelDeltas;

  /**
   * `onGoal`: told of each session whose stored reaches gained a goal (goal conversion by band
   * recounts it); `pages`: told of every change of a session's reaches (the caller applies it).
   */
  constructor(
    db: Database.Database,
    private readonly onGoal: (siteId: string, sessionId: string) => void,
    private readonly pages: PageConversionDeltas,
  ) {
    this.s = sessionStepStatements(db);
    this.saved = new SavedFunnelDeltas(db);
  }

  add(row: IngestRow): void {
    const e = row.event;
    let kind: StepKind;
    let name: string;
    if (e.type === 'pageview') [kind, name] = ['page', e.path];
    else if (e.type === 'track') [kind, name] = ['track', e.name];
    else return;
    const id = `${row.siteId}\u0001${e.sessionId}`;
    let t = this.touched.get(id);
    if (!t) {
      t = { siteId: row.siteId, sessionId: e.sessionId, reaches: [] };
      this.touched.set(id, t);
    }
    t.reaches.push({ kind, name, ts: row.ts });
  }

  /** After the sessions are written (a new row takes its session's segment from them). */
  apply(): void {
    for (const t of this.touched.values()) this.applySession(t);
    this.touched.clear();
    this.newKeys.clear();
    this.saved.apply();
  }

  private applySession(t: Touched): void {
    const added = t.reaches.map((r) => [this.keyId(t.siteId, r.kind, r.name), r.ts] as const);
    const stored = this.s.selectSteps.get(t.siteId, t.sessionId) as
      | [string, string, string, string, number]
      | undefined;
    const before = stored === undefined ? [] : (JSON.parse(stored[0]) as number[]);
    const steps = mergeSteps(before, added);
    if (steps.length === 0) return;
    const text = JSON.stringify(steps);
    let seg: StepSegment;
    if (stored === undefined) {
      const s = this.s.sessionSegment.get(t.siteId, t.sessionId) as
        | { device: string; browser: string; language: string }
        | undefined;
      if (s === undefined) return;
      seg = [s.device, s.browser, s.language];
      this.s.insertSteps.run(t.siteId, t.sessionId, steps[1]!, ...seg, text);
    } else if (text !== stored[0]) {
      seg = [stored[1], stored[2], stored[3]];
      if (steps[1] === Number(stored[4])) this.s.updateStepsOnly.run(text, t.siteId, t.sessionId);
      else this.s.updateSteps.run(steps[1]!, text, t.siteId, t.sessionId);
    } else return;
    this.saved.sessionChanged(t.siteId, t.sessionId, before, steps);
    this.pages.sessionChanged(t.siteId, t.sessionId, seg, before, steps);
    if (t.reaches.some((r) => r.kind === 'track')) this.onGoal(t.siteId, t.sessionId);
    // The first reach of each key this batch brought, as kept (a key past the limit is not indexed).
    const first = new Map<number, number>();
    for (let i = 0; i < steps.length; i += 2) if (!first.has(steps[i]!)) first.set(steps[i]!, steps[i + 1]!);
    const done = new Set<number>();
    let level: number | undefined;
    for (const [k] of added) {
      const ts = first.get(k);
      if (ts === undefined || done.has(k)) continue;
      done.add(k);
      level ??= sessionSampleLevel(t.sessionId);
      this.s.upsertReach.run(t.siteId, t.sessionId, k, ts, level);
    }
  }

  private keyId(siteId: string, kind: StepKind, name: string): number {
    const memo = `${siteId}\u0001${kind}\u0001${name}`;
    const known = this.s.keyMemo.get(memo) ?? this.newKeys.get(memo);
    if (known !== undefined) return known;
    const inserted = this.s.insertKey.run(siteId, kind, name).changes > 0;
    const id = this.s.selectKey.get(siteId, kind, name) as number;
    if (inserted) {
      this.newKeys.set(memo, id);
      this.pages.keyInserted(id);
    } else {
      if (this.s.keyMemo.size >= KEY_MEMO_LIMIT) this.s.keyMemo.clear();
      this.s.keyMemo.set(memo, id);
    }
    return id;
  }
}
