import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type pg from 'pg';
import { advisoryJobLock } from '../db/postgres/advisory-job-lock.js';
import { openPostgres } from '../db/postgres/postgres-connection.js';
import { inProcessJobLock, type JobLock } from '../lib/job-lock.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * On PostgreSQL, the instance's pool of asynchronous connections (LOUPE_PG_POOL at most, opened
     * on demand) for its background work: the change feed's NOTIFYs, partition upkeep and drops.
     * Requests and the ingest writer run on the synchronous connection (`app.db`) instead.
     * Undefined on SQLite.
     */
    pgPool: pg.Pool | undefined;
    /** Background jobs' runs, one instance at a time (lib/job-lock.ts; on PostgreSQL, its own connection per run). */
    jobLock: JobLock;
  }
}

/**
 * The pool and the jobs' lock. Registered after the database and before what uses them, so the
 * pool closes after all of them.
 */
export const postgresPoolPlugin = fp(
  async (app: FastifyInstance) => {
    const { database } = app.config;
    if (database.kind !== 'postgres') {
      app.decorate('pgPool', undefined);
      app.decorate('jobLock', inProcessJobLock);
      return;
    }
    const pool = openPostgres({
      url: database.url,
      poolSize: database.poolSize,
      onIdleError: (err) =>
        app.log.warn({ err }, 'an idle PostgreSQL connection of the pool failed; it is replaced on demand'),
    }).$client;
    app.decorate('pgPool', pool);
    app.decorate('jobLock', advisoryJobLock(database.url));
    app.addHook('onClose', () => pool.end());
  },
  { name: 'loupe-postgres-pool', dependencies: ['loupe-db'] },
);
