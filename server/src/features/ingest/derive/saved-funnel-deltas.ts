import { type FunnelStep, urlRulePattern } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { engagementBucket } from '../../../lib/engagement-histogram.js';
import { dayOf, hourOf, monthOf } from '../../../lib/hour-bucket.js';
import { walkFunnel } from '../../funnels/funnel-walk.js';
import { storedFunnelSteps } from '../../funnels/saved-funnel-store.js';
import { prepareRollupTable, RollupDeltas } from './rollup-deltas.js';
import { perDatabase } from '../../../lib/per-database.js';

// The saved funnels' counts (db/schema/saved-funnels.ts). A session's progress through a funnel is
// a pure function of its reaches (session_steps), so whenever those change the writer walks the
// session through each saved funnel of its site and, if the walk changed, moves the session's old
// contribution out of the counts and its new one in. The background count (saved-funnel-backfill.ts)
// runs the same `recount` over sessions stored before the funnel was saved.

/** Step of the counts' rows that holds the whole funnel's completions (time from step 1 to the last). */
export const COMPLETE_STEP = -1;
/** Bucket of step 1's rows (no time before it). */
const ENTRY_BUCKET = -1;

/** A saved funnel as the writer uses it: its steps and, per page or goal name, which steps accept it. */
export interface CompiledFunnel {
  id: string;
  generation: number;
  steps: FunnelStep[];
  /** Step matchers, in order. */
  matchers: ((kind: string, name: string) => boolean)[];
  /** `kind \u0001 name` → bit i set when step i accepts it (names, not ids: an id may be rolled back). */
  masks: Map<string, number>;
}

/** Whether a funnel step accepts a page or goal: the same rule as features/funnels/step-keys.ts. */
function stepMatcher(step: FunnelStep): (kind: string, name: string) => boolean {
  if (step.kind === 'track') return (kind, name) => kind === 'track' && name === step.name;
  const p = step.pattern;
  if (!p.includes('*')) {
    const bare = p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
    return (kind, name) => kind === 'page' && (name === bare || (bare !== '/' && name === `${bare}/`));
  }
  const re = new RegExp(urlRulePattern({ match: 'wildcard', value: p }));
  return (kind, name) => kind === 'page' && re.test(name);
}

function compileFunnel(id: string, generation: number, stepsJson: string): CompiledFunnel {
  const steps = storedFunnelSteps(stepsJson);
  return { id, generation, steps, matchers: steps.map(stepMatcher), masks: new Map() };
}

const sameTimes = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((t, i) => t === b[i]);

function prepare(db: Database.Database) {
  const key = ['site_id', 'funnel_id', 'generation', 'hour', 'step', 'bucket'];
  return {
    funnelsOfSite: db.prepare('SELECT id, generation, steps FROM saved_funnels WHERE site_id = ?'),
    keyName: db.prepare('SELECT kind, name FROM funnel_keys WHERE id = ?').raw(),
    progress: db
      .prepare(
        'SELECT times FROM saved_funnel_sessions WHERE site_id = ? AND funnel_id = ? AND generation = ? AND session_id = ?',
      )
      .pluck(),
    upsertProgress: db.prepare(
      'INSERT INTO saved_funnel_sessions (site_id, funnel_id, generation, session_id, times) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (site_id, funnel_id, generation, session_id) DO UPDATE SET times = excluded.times',
    ),
    deleteProgress: db.prepare(
      'DELETE FROM saved_funnel_sessions WHERE site_id = ? AND funnel_id = ? AND generation = ? AND session_id = ?',
    ),
    hourly: prepareRollupTable(db, 'saved_funnel_counts', key, ['sessions'] as const),
    daily: prepareRollupTable(db, 'saved_funnel_counts_daily', key, ['sessions'] as const),
    monthly: prepareRollupTable(db, 'saved_funnel_counts_monthly', key, ['sessions'] as const),
    /** Compiled funnels by `id:generation`, kept between commits on this connection (masks are by name). */
    compiled: new Map<string, CompiledFunnel>(),
  };
}
type Statements = ReturnType<typeof prepare>;
const statementsOf = perDatabase(prepare);
const COMPILED_LIMIT = 1000;
/** Names remembered per funnel; past this the memo starts again. */
const MASK_LIMIT = 50_000;

/**
 * Counts of the saved funnels, one instance per connection's writer (or background count): call
 * `sessionChanged` / `recount` inside the transaction, then `apply` before it commits.
 */
export class SavedFunnelDeltas {
  private readonly s: Statements;
  private readonly hourly: RollupDeltas<'sessions'>;
  private readonly daily: RollupDeltas<'sessions'>;
  private readonly monthly: RollupDeltas<'sessions'>;
  /** The site's funnels, read once per commit (a funnel saved meanwhile is seen by the next commit). */
  private readonly ofSite = new Map<string, CompiledFunnel[]>();
  /** Key names read this commit (ids are looked up again next commit: one may be rolled back). */
  private readonly names = new Map<number, string>();

  constructor(db: Database.Database) {
    const s = statementsOf(db);
    this.s = s;
    this.hourly = new RollupDeltas(s.hourly);
    this.daily = new RollupDeltas(s.daily);
    this.monthly = new RollupDeltas(s.monthly);
  }

  /** The site's saved funnels (none for most sites: one indexed read per commit and site). */
  funnels(siteId: string): CompiledFunnel[] {
    let list = this.ofSite.get(siteId);
    if (list) return list;
    const rows = this.s.funnelsOfSite.all(siteId) as { id: string; generation: number; steps: string }[];
    list = rows.map((r) => this.compile(r.id, r.generation, r.steps));
    this.ofSite.set(siteId, list);
    return list;
  }

  compile(id: string, generation: number, steps: string): CompiledFunnel {
    const k = `${id}:${generation}`;
    let f = this.s.compiled.get(k);
    if (!f) {
      if (this.s.compiled.size >= COMPILED_LIMIT) this.s.compiled.clear();
      f = compileFunnel(id, generation, steps);
      this.s.compiled.set(k, f);
    }
    return f;
  }

  /**
   * A session's reaches changed from `before` to `after` (`[keyId, ts, …]`). Sessions whose walk
   * did not change cost no read: their stored progress (if counted yet) is that walk already.
   */
  sessionChanged(siteId: string, sessionId: string, before: readonly number[], after: readonly number[]): void {
    for (const f of this.funnels(siteId)) {
      const next = this.walk(f, after);
      if (sameTimes(this.walk(f, before), next)) continue;
      this.recount(siteId, f, sessionId, next);
    }
  }

  /** The session's progress through `f` is `times` (funnel-walk.ts): move its counts to match. */
  recount(siteId: string, f: CompiledFunnel, sessionId: string, times: readonly number[]): void {
    const stored = this.s.progress.get(siteId, f.id, f.generation, sessionId) as string | undefined;
    const old = stored === undefined ? [] : (JSON.parse(stored) as number[]);
    if (sameTimes(old, times)) return;
    this.count(siteId, f, old, -1);
    this.count(siteId, f, times, 1);
    if (times.length === 0) this.s.deleteProgress.run(siteId, f.id, f.generation, sessionId);
    else this.s.upsertProgress.run(siteId, f.id, f.generation, sessionId, JSON.stringify(times));
  }

  /** How far the reaches go through `f`: the ad-hoc funnel's own walk, with step keys resolved by name. */
  walk(f: CompiledFunnel, reaches: readonly number[]): number[] {
    if (reaches.length === 0 || f.steps.length === 0) return [];
    const accepts = f.steps.map(() => new Set<number>());
    const seen = new Set<number>();
    for (let i = 0; i < reaches.length; i += 2) {
      const id = reaches[i]!;
      if (seen.has(id)) continue;
      seen.add(id);
      const mask = this.mask(f, id);
      if (mask === 0) continue;
      for (let s = 0; s < accepts.length; s++) if (mask & (1 << s)) accepts[s]!.add(id);
    }
    if (accepts[0]!.size === 0) return [];
    return walkFunnel(reaches, accepts);
  }

  /** Writes the commit's summed counts; call once per transaction, before it commits. */
  apply(): void {
    this.hourly.apply();
    this.daily.apply();
    this.monthly.apply();
    this.ofSite.clear();
    this.names.clear();
  }

  private mask(f: CompiledFunnel, keyId: number): number {
    let name = this.names.get(keyId);
    if (name === undefined) {
      const row = this.s.keyName.get(keyId) as [string, string] | undefined;
      name = row === undefined ? '' : `${row[0]}\u0001${row[1]}`;
      this.names.set(keyId, name);
    }
    let mask = f.masks.get(name);
    if (mask === undefined) {
      const cut = name.indexOf('\u0001');
      const [kind, keyName] = [name.slice(0, Math.max(cut, 0)), name.slice(cut + 1)];
      mask = 0;
      for (let s = 0; s < f.matchers.length; s++) if (f.matchers[s]!(kind, keyName)) mask |= 1 << s;
      if (f.masks.size >= MASK_LIMIT) f.masks.clear();
      f.masks.set(name, mask);
    }
    return mask;
  }

  private count(siteId: string, f: CompiledFunnel, times: readonly number[], sign: 1 | -1): void {
    if (times.length === 0) return;
    const hour = hourOf(times[0]!);
    const add = (step: number, bucket: number) => {
      for (const [deltas, at] of [
        [this.hourly, hour],
        [this.daily, dayOf(hour)],
        [this.monthly, monthOf(hour)],
      ] as const)
        deltas.add([siteId, f.id, f.generation, at, step, bucket], 'sessions', sign);
    };
    add(0, ENTRY_BUCKET);
    for (let k = 1; k < times.length; k++) add(k, engagementBucket(times[k]! - times[k - 1]!));
    if (times.length === f.steps.length) add(COMPLETE_STEP, engagementBucket(times[times.length - 1]! - times[0]!));
  }
}
