import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/open-database.js';
import type { SiteRetentionRun } from './retention-job.js';

/** Who the audit log names as the actor of every retention deletion. */
export const RETENTION_ACTOR = 'retention job';

/**
 * The record of one site's retention run: who (the job), what (rows per table), when and up to
 * which instants. Counts only, never a deleted row's content or ids. The one place a retention
 * run is recorded.
 */
export function recordRetentionRun(_db: Db, log: FastifyBaseLogger, run: SiteRetentionRun): void {
  log.info(
    {
      actor: RETENTION_ACTOR,
      siteId: run.siteId,
      eventsBefore: new Date(run.eventsBefore).toISOString(),
      responsesBefore: run.responsesBefore === null ? null : new Date(run.responsesBefore).toISOString(),
      deleted: run.deleted,
      complete: run.complete,
    },
    'retention run deleted expired rows',
  );
}
