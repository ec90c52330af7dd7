import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/open-database.js';
import { recordAudit } from '../audit/audit-store.js';
import type { SiteRetentionRun } from './retention-job.js';

/**
 * The audit log's entry for one site's retention run: actor `retention job`, action
 * `retention.purge`, the site as its target, and the rows deleted per table (counts only, never a
 * deleted row's content or ids). Written when the site's run ends, also when a shutdown cut it
 * short (the next run records the rest).
 */
export function recordRetentionRun(db: Db, log: FastifyBaseLogger, run: SiteRetentionRun, at = Date.now()): void {
  recordAudit(db, {
    siteId: run.siteId,
    actor: 'retention job',
    action: 'retention.purge',
    target: { kind: 'site', ref: run.siteId },
    rows: { ...run.deleted },
    at,
  });
  log.info(
    {
      siteId: run.siteId,
      eventsBefore: new Date(run.eventsBefore).toISOString(),
      responsesBefore: run.responsesBefore === null ? null : new Date(run.responsesBefore).toISOString(),
      deleted: run.deleted,
      complete: run.complete,
    },
    'retention run deleted expired rows',
  );
}
