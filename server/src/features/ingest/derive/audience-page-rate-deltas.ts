import type Database from 'better-sqlite3';
import { perDatabase } from '../../../lib/per-database.js';
import { ReturningFlagMoves } from '../../responses/resolution-counts.js';
import { AudienceClickDeltas } from './audience-click-deltas.js';
import type { AudienceCohortDeltas } from './audience-cohort-counts.js';
import {
  AUDIENCE_PAGE_COUNTERS,
  type Contribution,
  contributionsOf,
  idOf,
  sameKeys,
} from './audience-session-contributions.js';
import { AudienceSessionRateDeltas } from './audience-session-rate-deltas.js';
import { AudienceTaskDeltas } from './audience-task-deltas.js';
import { prepareTieredRollupTables, TieredRollupDeltas } from './tiered-rollup-deltas.js';

// The pages table's rates by who the session is (db/schema/audience-page-rates.ts). A session's
// counts depend on its row (entry page, hour, views, engaged), its page visits and its traits,
// which an identify call may replace after the visits were counted. So the writer does not count
// events here: it reads the sessions the commit touches before the commit writes anything and
// again after (all of them at once, three statements each time), and adds the difference; a
// session whose traits or returning flag changed leaves its old keys whole and enters its new ones.
// What the counts hold is then always what the stored sessions say, exactly, whatever the order
// and the commits the events came in. The same reads feed the counts of the overview and the
// time series by who the session is (audience-session-rate-deltas.ts), tell under which keys the
// clicks by who the session is count and which sessions' clicks move (audience-click-deltas.ts),
// which sessions' resolved answers change flag in the resolution counts by who answered
// (resolution-counts.ts), and under which keys the touched sessions' task runs and answers after
// them count (audience-task-deltas.ts, which reads those runs and answers around the writes too).

type Counter = (typeof AUDIENCE_PAGE_COUNTERS)[number];
const N = AUDIENCE_PAGE_COUNTERS.length;

const prepare = (db: Database.Database) =>
  prepareTieredRollupTables(
    db,
    'audience_page_rates',
    ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'path'],
    AUDIENCE_PAGE_COUNTERS,
  );
const statements = perDatabase(prepare);

/** One commit's changes to the audience page rates: `touch` each session, `before` and `apply` around the writes. */
export class AudiencePageRateDeltas {
  private readonly db: Database.Database;
  private readonly deltas: TieredRollupDeltas<Counter>;
  /** The overview's and series' counts by who the session is, from the same reads. */
  private readonly sessionRates: AudienceSessionRateDeltas;
  /** Sessions touched, "site\u0001session" → [site, session]. */
  private readonly touched = new Map<string, [string, string]>();
  /** Touched sessions whose returning flag changed: their resolved answers move (resolution-counts.ts). */
  private readonly flags: ReturningFlagMoves;
  /** The clicks by who the session is: the commit's clicks are added to it (`clicks.add`) as they are summed. */
  readonly clicks: AudienceClickDeltas;
  /** The tasks by who the session is: the touched sessions' runs and answers, read around the writes too. */
  private readonly tasks: AudienceTaskDeltas;
  /** What the touched sessions counted before the commit's writes. */
  private stored = new Map<string, Contribution>();

  constructor(
    db: Database.Database,
    /** Who is in which trait's retention cohorts (visitor_trait_sessions), from the same reads. */
    private readonly cohorts?: AudienceCohortDeltas,
  ) {
    this.db = db;
    this.deltas = new TieredRollupDeltas(statements(db), 3);
    this.sessionRates = new AudienceSessionRateDeltas(db);
    this.flags = new ReturningFlagMoves(db);
    this.clicks = new AudienceClickDeltas(db);
    this.tasks = new AudienceTaskDeltas(db);
  }

  /** An event of the session is in this commit. */
  touch(siteId: string, sessionId: string): void {
    const id = idOf(siteId, sessionId);
    if (!this.touched.has(id)) this.touched.set(id, [siteId, sessionId]);
  }

  /**
   * Before the commit writes sessions, visits or traits: what each touched session counts now.
   * Its goals are stored as the events are added (read-model-deltas.ts), before this: `newGoals`,
   * the commit's, are taken out so that they count as new.
   */
  before(newGoals: readonly { siteId: string; sessionId: string; name: string }[] = []): void {
    this.stored = contributionsOf(this.db, this.touched);
    this.tasks.before(this.touched);
    for (const g of newGoals) {
      const x = this.stored.get(idOf(g.siteId, g.sessionId));
      if (x !== undefined) x.session.goals = x.session.goals.filter((name) => name !== g.name);
    }
  }

  /** After every write of the commit: each touched session's difference, then the upserts. */
  apply(): void {
    const after = contributionsOf(this.db, this.touched);
    for (const [id, [siteId, sessionId]] of this.touched) {
      const was = this.stored.get(id);
      const now = after.get(id);
      // No row counts as not returning, as the reads of answers under an audience take it.
      const [from, to] = [was?.returning ?? 0, now?.returning ?? 0];
      if (from !== to) this.flags.flagged(siteId, sessionId, from, to);
      this.sessionRates.change(siteId, was, now);
      this.cohorts?.sessionChanged(siteId, was, now);
      this.clicks.change(siteId, sessionId, was, now);
      if (was !== undefined && now !== undefined && sameKeys(was, now)) this.addDifference(siteId, was, now);
      else {
        if (was !== undefined) this.add(siteId, was, -1);
        if (now !== undefined) this.add(siteId, now, 1);
      }
    }
    this.tasks.apply(this.touched, this.stored, after);
    this.touched.clear();
    this.stored.clear();
    this.deltas.apply();
    this.sessionRates.apply();
    this.clicks.apply();
    this.flags.apply();
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
