import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/open-database.js';
import { inProcessJobLock, type JobLock } from '../../lib/job-lock.js';
import type { EventWriter } from '../ingest/writer/event-writer.js';
import { deleteSiteRows, finishSiteDeletion, type RowCounts, siteScopedTables } from './site-deletion-store.js';

/** Rows per delete: a few milliseconds of work, so ingestion and requests get the database between batches. */
const BATCH_ROWS = 2000;
/** A pass that still finds rows after this many means something keeps writing them: say so. */
const MAX_PASSES = 5;
/** How long to wait for the ingest writer to commit what it accepted before the site disappeared. */
const WRITER_WAIT_MS = 30_000;

export interface SiteDeleterDeps {
  db: Db;
  writer: Pick<EventWriter, 'queuedRows' | 'inFlightRows'>;
  log: FastifyBaseLogger;
  /**
   * Resolves once no commit that may have taken the site's write lock before its row was deleted is
   * still running (PostgreSQL: site-write-locks.ts, awaitSiteWrites). Absent on SQLite: the only
   * writer is this process's, which the deleter waits for.
   */
  awaitSiteWrites?: (siteId: string) => Promise<void>;
  /**
   * Several instances (PostgreSQL) resume a pending deletion at their start: one purges a site at a
   * time, and the others leave it (its audit entry is then written once).
   */
  lock?: JobLock;
}

/**
 * Removes every row of a deleted site, in every table with a `site_id`. The site's own row is gone
 * before this runs (site-deletion-store.ts: beginSiteDeletion), so nothing new can arrive except
 * what /v1/collect accepted in the moments before, which the ingest writers commit. On SQLite the
 * one writer is this process's: wait until it has committed everything queued. On PostgreSQL
 * other instances' ingest paths may take the site's key until the change feed tells them (up to
 * its 5 s safety bound when a notice is lost), but every ingest commit takes the site's write lock
 * and then drops the rows of a site that is gone (site-write-locks.ts): so wait until the commits
 * that held the lock when the row went have ended (awaitSiteWrites), no longer than they take.
 * Delete in batches, wait, and sweep once more. Only then is the deletion's own record removed; a
 * restart in between resumes it (resumePending).
 */
export class SiteDeleter {
  private readonly running = new Map<string, Promise<RowCounts>>();
  private closing = false;

  constructor(private readonly deps: SiteDeleterDeps) {}

  /**
   * Resolves with the rows deleted per table once every row of the site is gone and the deletion
   * is in the audit log. `before`: the rows removed when the deletion began (beginSiteDeletion).
   */
  purge(siteId: string, before: RowCounts = {}): Promise<RowCounts> {
    let run = this.running.get(siteId);
    if (!run) {
      run = this.run(siteId, { ...before }).finally(() => this.running.delete(siteId));
      this.running.set(siteId, run);
    }
    return run;
  }

  /** Stops between batches (a restart resumes) and waits for the batch in progress. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.running.values()]);
  }

  private async run(siteId: string, rows: RowCounts): Promise<RowCounts> {
    const lock = this.deps.lock ?? inProcessJobLock;
    const locked = await lock.exclusive(`site deletion ${siteId}`, () => this.deleteAll(siteId, rows));
    if (!locked.ran) this.deps.log.info({ siteId }, 'another instance is deleting this site; this one leaves it');
    return rows;
  }

  private async deleteAll(siteId: string, rows: RowCounts): Promise<void> {
    await this.sweep(siteId, rows);
    await this.ingestSettled(siteId);
    await this.sweep(siteId, rows);
    if (this.closing) return;
    finishSiteDeletion(this.deps.db, siteId, rows);
  }

  /**
   * Deletes until a pass over every table finds nothing (deleting rollups adjusts their tiers),
   * adding the rows deleted to `rows`.
   */
  private async sweep(siteId: string, rows: RowCounts): Promise<void> {
    const tables = siteScopedTables(this.deps.db);
    for (let pass = 1; pass <= MAX_PASSES; pass++) {
      let found = 0;
      for (const table of tables) {
        for (;;) {
          if (this.closing) return;
          const n = deleteSiteRows(this.deps.db, table, siteId, BATCH_ROWS);
          if (n > 0) rows[table.name] = (rows[table.name] ?? 0) + n;
          found += n;
          if (n < BATCH_ROWS) break;
          await sleep(0);
        }
      }
      if (found === 0) return;
    }
    this.deps.log.warn({ siteId }, `site deletion: rows still appeared after ${MAX_PASSES} passes`);
  }

  /** Until no commit can write the site any more: every instance's on PostgreSQL, this one's writer. */
  private async ingestSettled(siteId: string): Promise<void> {
    await this.deps.awaitSiteWrites?.(siteId);
    const until = Date.now() + WRITER_WAIT_MS;
    while (
      !this.closing &&
      (this.deps.writer.queuedRows > 0 || this.deps.writer.inFlightRows > 0) &&
      Date.now() < until
    )
      await sleep(20);
  }
}
