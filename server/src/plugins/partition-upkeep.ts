import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ensureEventPartitions } from '../db/postgres/event-partitions.js';

/**
 * Months of `events` partitions made ahead of now: a quarter, so an upkeep that fails for weeks
 * (every instance down, a lock never granted) still sends nothing to the default partition.
 */
export const PARTITION_MONTHS_AHEAD = 3;
/** A day: a month's partition then exists months before its first event, whatever day it is. */
export const PARTITION_UPKEEP_INTERVAL_MS = 86_400_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** PostgreSQL: makes the events partitions of last month to PARTITION_MONTHS_AHEAD ahead (tests). */
    ensurePartitions: ((now?: number) => Promise<string[]>) | undefined;
  }
}

/**
 * PostgreSQL's upkeep of `events`' monthly partitions: at start, before the server serves, and then
 * daily on every instance (idempotent, and the migration's function takes a lock, so instances may
 * run it at once). An event of a month that has no partition still lands, in the default partition
 * (migration 0001): refusing it would lose data, and making its partition on demand would put DDL,
 * and the parent table's lock, in an ingest commit; the upkeep moves such rows out when it makes
 * their month. Failures are logged, never fatal: ingestion goes on into the default partition.
 */
export const partitionUpkeepPlugin = fp(
  async (app: FastifyInstance) => {
    const pool = app.pgPool;
    if (pool === undefined) {
      app.decorate('ensurePartitions', undefined);
      return;
    }
    const ensure = (now = Date.now()) => ensureEventPartitions(pool, { now, monthsAhead: PARTITION_MONTHS_AHEAD });
    app.decorate('ensurePartitions', ensure);
    const upkeep = async () => {
      try {
        await ensure();
      } catch (err) {
        app.log.error({ err }, 'events partitions: upkeep failed (events go to the default partition); retried daily');
      }
    };
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      await upkeep();
      timer = setInterval(() => void upkeep(), PARTITION_UPKEEP_INTERVAL_MS);
      timer.unref();
    });
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'loupe-partition-upkeep', dependencies: ['loupe-postgres-pool'] },
);
