import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { dropExpiredEventPartitions } from '../../db/postgres/event-partitions.js';
import { recordRetentionRun } from './retention-audit.js';
import { RetentionJob } from './retention-job.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The daily retention job (retention-job.ts); `runOnce()` for tests, benchmarks and scripts. */
    retention: RetentionJob;
  }
}

/** How long after start the first run waits: the server is serving by then, and a restart loop never deletes in a burst. */
export const RETENTION_START_DELAY_MS = 30_000;

/**
 * The retention job: first run shortly after the server is ready, then every
 * LOUPE_RETENTION_INTERVAL_MS. Registered after the database and the ingest writer, so on close it
 * stops (between batches, its timer cleared) before either of them closes. Wrapped with
 * fastify-plugin only so `app.retention` is visible outside it; it adds no hooks to other routes.
 */
export const retentionFeature = fp(
  async (app: FastifyInstance) => {
    const pool = app.pgPool;
    const job = new RetentionJob({
      db: app.db,
      writer: app.ingestWriter,
      log: app.log,
      onSiteDone: (run) => recordRetentionRun(app.db, app.log, run),
      // Every instance schedules the job; the lock lets one run it at a time (the others skip).
      lock: app.jobLock,
      ...(pool === undefined ? {} : { dropPartitions: (cutoffs) => dropExpiredEventPartitions(pool, cutoffs) }),
    });
    app.decorate('retention', job);
    app.addHook('onReady', async () => job.start(RETENTION_START_DELAY_MS, app.config.retention.intervalMs));
    app.addHook('onClose', () => job.close());
  },
  { name: 'loupe-retention', dependencies: ['loupe-db', 'loupe-postgres-pool', 'loupe-ingest-writer'] },
);
