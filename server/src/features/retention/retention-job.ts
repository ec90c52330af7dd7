import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/open-database.js';
import type { SiteCutoff } from '../../db/postgres/event-partitions.js';
import { inProcessJobLock, type JobLock } from '../../lib/job-lock.js';
import type { EventWriter } from '../ingest/writer/event-writer.js';
import { LocalCalendar } from '../../analytics/local-calendar.js';
import { COHORT_INTERVALS, periodOf } from '../ingest/derive/cohort-deltas.js';
import { retentionCutoff } from './retention-cutoff.js';
import {
  noRetentionCounts,
  retentionSettings,
  retentionStore,
  type RetentionCounts,
  type RetentionStore,
  type SiteRetention,
} from './retention-store.js';

/**
 * Rows per transaction: a few milliseconds of deleting, during which the event loop and the ingest
 * writer wait for this connection (better-sqlite3 is synchronous and SQLite has one write lock).
 */
export const RETENTION_BATCH_ROWS = 500;
/** Sessions read per step; the step deletes as many of them as fit in RETENTION_BATCH_ROWS events. */
const SESSIONS_PER_STEP = 500;
/** Sessions still running across the cutoff looked at per run (normally the few open at that instant). */
const MAX_STRADDLING = 10_000;
/** How long a batch waits for the writer to finish its commit before it goes anyway. */
const MAX_WRITER_WAIT_MS = 250;

export interface SiteRetentionRun {
  siteId: string;
  /** The instants before which raw events and answers expired in this run (null: answers kept). */
  eventsBefore: number;
  responsesBefore: number | null;
  deleted: RetentionCounts;
  /** False when the app began closing before the site was done: the next run carries on. */
  complete: boolean;
}

export interface RetentionJobDeps {
  db: Db;
  writer: Pick<EventWriter, 'queuedRows' | 'inFlightRows'>;
  log: FastifyBaseLogger;
  /** Called once per site and run that deleted anything (also when cut short): the audit log's entry. */
  onSiteDone?: (run: SiteRetentionRun) => void;
  batchRows?: number;
  /** Several instances (PostgreSQL): one runs the job at a time, the others skip that run. */
  lock?: JobLock;
  /**
   * PostgreSQL: drops the months of events that every site's window has left whole
   * (`dropExpiredEventPartitions`) before the rows that remain are deleted one batch at a time.
   */
  dropPartitions?: (cutoffs: SiteCutoff[]) => Promise<string[]>;
}

/**
 * Deletes what each site's retention windows no longer cover (docs/retention.md): sessions whose
 * last event is older than `rawEventsDays` with their events, page visits and error and goal marks;
 * older events of sessions still running at the cutoff; and, when `responsesDays` is set, older
 * answers with their own events and webhook deliveries. Aggregates (rollups, tiers, sketches,
 * error groups) are never touched, so every figure of an old day stays as it was.
 *
 * Like the site deleter, it deletes on the main connection in short transactions and gives way
 * between them; it also waits for a commit of the ingest writer in progress (ingestion first), so
 * a backlog of a year costs ingestion a few milliseconds now and then, never a stall. Idempotent:
 * a run cut short by a crash or a close leaves only rows the next run deletes the same way.
 */
export class RetentionJob {
  private readonly store: RetentionStore;
  private readonly batchRows: number;
  private running: Promise<SiteRetentionRun[]> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(private readonly deps: RetentionJobDeps) {
    this.store = retentionStore(deps.db);
    this.batchRows = deps.batchRows ?? RETENTION_BATCH_ROWS;
  }

  /** Runs at once over every site (joins a run in progress); resolves with what each site lost. */
  runOnce(now = Date.now()): Promise<SiteRetentionRun[]> {
    if (this.closing) return Promise.resolve([]);
    this.running ??= this.run(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** The first run after `delayMs`, then one every `intervalMs` after each run ends. */
  start(delayMs: number, intervalMs: number): void {
    const schedule = (ms: number) => {
      if (this.closing) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.runOnce()
          .catch((err: unknown) => this.deps.log.error({ err }, 'retention run failed; it is retried at the next one'))
          .finally(() => schedule(intervalMs));
      }, ms);
      // Never what keeps a process alive; close() clears it anyway.
      this.timer.unref();
    };
    schedule(delayMs);
  }

  /** Clears the timer and stops between batches; resolves when the batch in progress is done. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async run(now: number): Promise<SiteRetentionRun[]> {
    const locked = await (this.deps.lock ?? inProcessJobLock).exclusive('retention', () => this.sites(now));
    if (locked.ran) return locked.value;
    this.deps.log.info('retention: another instance is running it; this one skips the run');
    return [];
  }

  private async sites(now: number): Promise<SiteRetentionRun[]> {
    const settings = retentionSettings(this.deps.db);
    if (this.deps.dropPartitions && !this.closing) {
      const cutoffs = settings.map((s) => ({
        siteId: s.siteId,
        before: retentionCutoff(s.timeZone, s.rawEventsDays, now),
      }));
      const dropped = await this.deps.dropPartitions(cutoffs);
      if (dropped.length > 0) this.deps.log.info({ partitions: dropped }, 'retention: dropped whole months of events');
    }
    const runs: SiteRetentionRun[] = [];
    for (const site of settings) {
      if (this.closing) break;
      const run = await this.site(site, now);
      runs.push(run);
      if (Object.values(run.deleted).some((n) => n > 0)) this.siteDone(run);
    }
    return runs;
  }

  private async site(site: SiteRetention, now: number): Promise<SiteRetentionRun> {
    const run: SiteRetentionRun = {
      siteId: site.siteId,
      eventsBefore: retentionCutoff(site.timeZone, site.rawEventsDays, now),
      responsesBefore: site.responsesDays === null ? null : retentionCutoff(site.timeZone, site.responsesDays, now),
      deleted: noRetentionCounts(),
      complete: false,
    };
    // Answers first: their own events are found through their sessions, which the next step removes.
    if (run.responsesBefore !== null) await this.responses(site.siteId, run.responsesBefore, run.deleted);
    await this.expiredSessions(site.siteId, run.eventsBefore, run.deleted);
    await this.straddlingSessions(site.siteId, run.eventsBefore, run.deleted);
    await this.cohorts(site, run.eventsBefore, run.deleted);
    run.complete = !this.closing;
    return run;
  }

  private async responses(siteId: string, before: number, counts: RetentionCounts): Promise<void> {
    // Each answer costs a few statements (its events, its deliveries): a quarter of a batch of rows.
    const limit = Math.max(1, Math.floor(this.batchRows / 4));
    for (;;) {
      if (!(await this.turn())) return;
      const batch = this.store.expiredResponses(siteId, before, limit);
      if (batch.length === 0) return;
      this.timed(() => this.store.deleteResponses(siteId, batch, counts));
      if (batch.length < limit) return;
    }
  }

  private async expiredSessions(siteId: string, before: number, counts: RetentionCounts): Promise<void> {
    for (;;) {
      if (!(await this.turn())) return;
      const found = this.store.expiredSessions(siteId, before, SESSIONS_PER_STEP);
      if (found.length === 0) return;
      // As many whole sessions as fit in one batch of events; a session larger than a batch alone,
      // its events first in batches of their own (the session's row stays until they are gone).
      const ids: string[] = [];
      let rows = 0;
      for (const s of found) {
        if (ids.length > 0 && rows + s.events > this.batchRows) break;
        ids.push(s.sessionId);
        rows += s.events;
      }
      if (ids.length === 1 && rows > this.batchRows) {
        if (!(await this.deleteEvents(siteId, ids[0]!, before, counts))) return;
        if (!(await this.turn())) return;
      }
      this.timed(() => this.store.deleteSessions(siteId, ids, counts));
    }
  }

  /**
   * The retention cohorts' rows per person and period (visitor_periods, customer_periods) of periods
   * that ended before the cutoff, and the people (visitor_cohorts, customer_cohorts) left with none.
   * The cohort rollups stay: they hold counts. The period containing the cutoff stays whole.
   */
  private async cohorts(site: SiteRetention, before: number, counts: RetentionCounts): Promise<void> {
    const cal = new LocalCalendar(site.timeZone);
    for (const who of ['visitor', 'customer'] as const) {
      for (const interval of COHORT_INTERVALS) {
        const period = periodOf(cal, before, interval);
        for (;;) {
          if (!(await this.turn())) return;
          const people = this.store.expiredCohortPeople(who, site.siteId, interval, period, this.batchRows);
          if (people.length === 0) break;
          this.timed(() => this.store.deleteCohortPeriods(who, site.siteId, interval, period, people, counts));
          if (people.length < this.batchRows) break;
        }
      }
    }
  }

  private async straddlingSessions(siteId: string, before: number, counts: RetentionCounts): Promise<void> {
    const ids = this.store.straddlingSessions(siteId, before, MAX_STRADDLING);
    for (const id of ids) if (!(await this.deleteEvents(siteId, id, before, counts))) return;
  }

  /** One session's events before `before`, a batch at a time; false when closing cut it short. */
  private async deleteEvents(siteId: string, sessionId: string, before: number, counts: RetentionCounts) {
    for (;;) {
      if (!(await this.turn())) return false;
      const n = this.timed(() => this.store.deleteSessionEvents(siteId, sessionId, before, this.batchRows));
      counts.events += n;
      if (n < this.batchRows) return true;
    }
  }

  /**
   * The audit entry of a site's run. Its deletes are committed already, so an entry that cannot be
   * written is reported and the other sites' runs go on (failing the run would undo nothing).
   */
  private siteDone(run: SiteRetentionRun): void {
    try {
      this.deps.onSiteDone?.(run);
    } catch (err) {
      this.deps.log.error(
        { err, siteId: run.siteId, deleted: run.deleted },
        'retention: the audit entry of a run failed',
      );
    }
  }

  private lastBatchMs = 0;

  private timed<T>(work: () => T): T {
    const t0 = performance.now();
    try {
      return work();
    } finally {
      this.lastBatchMs = performance.now() - t0;
    }
  }

  /**
   * Gives way before each batch: a pause as long as the last batch took (so deleting never holds more
   * than about half of the time), then until the ingest writer has no commit in flight or queued, so
   * this connection does not wait for the write lock with the event loop blocked. False once closing.
   */
  private async turn(): Promise<boolean> {
    if (this.closing) return false;
    await sleep(Math.max(1, Math.ceil(this.lastBatchMs)));
    const until = Date.now() + MAX_WRITER_WAIT_MS;
    const { writer } = this.deps;
    while (!this.closing && (writer.inFlightRows > 0 || writer.queuedRows > 0) && Date.now() < until) await sleep(1);
    return !this.closing;
  }
}
