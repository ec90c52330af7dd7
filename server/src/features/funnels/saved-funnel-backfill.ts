import { setImmediate as yieldToEvents } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { SavedFunnelDeltas } from '../ingest/derive/saved-funnel-deltas.js';
import { advisoryLockKey, prepareAdvisoryXactLock, prepareSiteWriteLocks } from '../ingest/writer/site-write-locks.js';
import { bandConversionBackfillStep } from './band-conversion-backfill-step.js';
import { pageConversionBackfillStep } from './page-conversion-backfill-step.js';
import { cachedStatement } from './cached-statement.js';

// The background count of saved funnels: a funnel saved (or whose steps changed) after sessions
// were stored is counted over those sessions here, a bounded batch of sessions per transaction, in
// session id order from the funnel's cursor; answers stored before goal conversion by band was
// counted at ingest are counted the same way, per site (band-conversion-backfill-step.ts), and so are
// sessions stored before goal conversion by page was (page-conversion-backfill-step.ts: the writer
// leaves the sessions past the cursor to this job); and the rows of discarded generations are
// deleted a bounded batch at a time. The ingest writer keeps counting new and changed sessions meanwhile:
// both run `SavedFunnelDeltas.recount`, which compares a session's walk with its stored progress,
// so a session counted by one is a no-op for the other, and SQLite runs their transactions one at a time.
// On PostgreSQL, where several instances run this job and the writer at once, each step first takes
// the job's lock (one step at a time across instances) and then the site's write lock, the one the
// ingest writer takes (site-write-locks.ts), so a step and a commit of the same site follow each
// other there too.

/** Sessions walked per transaction: a few milliseconds of the writer's lock at a time. */
const BACKFILL_BATCH_SESSIONS = 1000;
/** Rows deleted per table per transaction when a generation is discarded. */
const GARBAGE_BATCH_ROWS = 5000;

const COUNT_TABLES = [
  'saved_funnel_sessions',
  'saved_funnel_counts',
  'saved_funnel_counts_daily',
  'saved_funnel_counts_monthly',
] as const;

/** Locks a site's writes until the step's transaction ends; a no-op on SQLite. */
export type LockSite = (siteId: string) => void;

interface StepLocks {
  job(): void;
  site: LockSite;
}

/** The background count's advisory lock key on PostgreSQL, apart from the sites' and the migrations'. */
const JOB_LOCK_KEY = advisoryLockKey('loupe:saved-funnel-backfill');

function stepLocks(db: Database.Database): StepLocks {
  const lock = prepareAdvisoryXactLock(db);
  const sites = prepareSiteWriteLocks(db);
  if (lock === undefined || sites === undefined) return { job: () => {}, site: () => {} };
  return { job: () => lock(JOB_LOCK_KEY), site: (siteId) => sites([siteId]) };
}

/**
 * One bounded step of work: counts one batch of one funnel's stored sessions, or deletes one batch
 * of a discarded generation's rows. Returns false when there was nothing left to do.
 */
function backfillStep(db: Database.Database, locks: StepLocks): boolean {
  return db
    .transaction((): boolean => {
      locks.job();
      const f = cachedStatement(
        db,
        'SELECT id, site_id AS "siteId", generation, steps, backfill_cursor AS cursor FROM saved_funnels WHERE backfill_cursor IS NOT NULL LIMIT 1',
      ).get() as { id: string; siteId: string; generation: number; steps: string; cursor: string } | undefined;
      if (f !== undefined) {
        locks.site(f.siteId);
        const rows = cachedStatement(
          db,
          'SELECT session_id, steps FROM session_steps WHERE site_id = ? AND session_id > ? ORDER BY session_id LIMIT ?',
        )
          .raw()
          .all(f.siteId, f.cursor, BACKFILL_BATCH_SESSIONS) as [string, string][];
        const deltas = new SavedFunnelDeltas(db);
        const compiled = deltas.compile(f.id, f.generation, f.steps);
        for (const [sessionId, steps] of rows)
          deltas.recount(f.siteId, compiled, sessionId, deltas.walk(compiled, JSON.parse(steps) as number[]));
        deltas.apply();
        const next = rows.length < BACKFILL_BATCH_SESSIONS ? null : rows[rows.length - 1]![0];
        cachedStatement(db, 'UPDATE saved_funnels SET backfill_cursor = ? WHERE id = ? AND generation = ?').run(
          next,
          f.id,
          f.generation,
        );
        return true;
      }
      if (bandConversionBackfillStep(db, BACKFILL_BATCH_SESSIONS, locks.site)) return true;
      if (pageConversionBackfillStep(db, BACKFILL_BATCH_SESSIONS, locks.site)) return true;
      const g = cachedStatement(db, 'SELECT site_id, funnel_id, generation FROM saved_funnel_garbage LIMIT 1')
        .raw()
        .get() as [string, string, number] | undefined;
      if (g === undefined) return false;
      let deleted = 0;
      for (const table of COUNT_TABLES)
        deleted += cachedStatement(
          db,
          `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE site_id = ? AND funnel_id = ? AND generation = ? LIMIT ?)`,
        ).run(...g, GARBAGE_BATCH_ROWS).changes;
      if (deleted === 0)
        cachedStatement(
          db,
          'DELETE FROM saved_funnel_garbage WHERE site_id = ? AND funnel_id = ? AND generation = ?',
        ).run(...g);
      return true;
    })
    .immediate();
}

/**
 * Runs `backfillStep` until nothing is left, yielding to the event loop between steps (so reads
 * and ingest go on). `kick()` after a save starts it, or makes a run in progress look again.
 */
export class SavedFunnelBackfill {
  private running: Promise<void> | undefined;
  private again = false;
  private closing = false;
  private readonly locks: StepLocks;

  constructor(
    private readonly db: Database.Database,
    private readonly onError: (err: unknown) => void,
  ) {
    this.locks = stepLocks(db);
  }

  kick(): void {
    if (this.closing) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Resolves when no work is left (tests and benchmarks wait on it). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.running;
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      while (!this.closing && backfillStep(this.db, this.locks)) await yieldToEvents();
    } while (this.again && !this.closing);
  }
}
