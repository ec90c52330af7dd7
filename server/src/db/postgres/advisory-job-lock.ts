import pg from 'pg';
import type { JobLock } from '../../lib/job-lock.js';
import { connectionConfig } from './postgres-connection.js';

/**
 * Jobs' locks as PostgreSQL session advisory locks, keyed `loupe job:<job>` (hashed to the lock's
 * key space with hashtext; the migration and partition locks use other texts), each held on a
 * connection of its own for the run (`application_name=loupe jobs`): not one of the pool's, which
 * the job itself needs (a pool of one would wait for itself). `pg_try_advisory_lock` never waits, so
 * an instance that finds the job running elsewhere moves on at once, and a holder that dies
 * releases the lock with its connection.
 */
export function advisoryJobLock(url: string): JobLock {
  return {
    async exclusive(job, work) {
      const client = new pg.Client(connectionConfig(url, { applicationName: 'loupe jobs', statementTimeoutMs: 0 }));
      // A failure of the idle connection mid-run ends its session, and with it the lock: the run
      // finishes unguarded, which its idempotent steps allow; the error must not end the process.
      client.on('error', () => {});
      await client.connect();
      try {
        const key = `loupe job:${job}`;
        const { rows } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS got', [
          key,
        ]);
        if (!rows[0]?.got) return { ran: false };
        return { ran: true, value: await work() };
      } finally {
        // Ending the session releases the lock.
        await client.end().catch(() => {});
      }
    },
  };
}
