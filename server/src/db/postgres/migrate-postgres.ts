import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { packageRoot } from '../../package-root.js';
import { connectionConfig } from './postgres-connection.js';

/**
 * The session-level advisory lock every Loupe migrator takes before it looks at the database:
 * 0x4c6f757065 is "Loupe" in ASCII. Fixed forever, as instances of different versions must agree.
 */
export const MIGRATION_LOCK_KEY = 0x4c6f757065;

export interface MigrationResult {
  /** Migrations this call applied (0 when another instance, or an earlier start, had applied them). */
  applied: number;
  /** Migrations recorded in the database after it. */
  total: number;
}

export interface MigratePostgresOptions {
  /** server/drizzle-pg/ by default. */
  migrationsFolder?: string;
  /**
   * Called once this migrator waits for the lock, that is once another holds it (tests wait for
   * this rather than sleep; a start-up log can say why it pauses).
   */
  onWaiting?: () => void;
}

/**
 * Applies the committed migrations of server/drizzle-pg/ that `url`'s database lacks, on one
 * dedicated connection that holds MIGRATION_LOCK_KEY throughout. Instances started together then
 * migrate one after the other: the first applies, the next finds them applied (drizzle's migrator
 * alone would let both create the same tables, and one fail or both record each migration). A
 * session lock, not a transaction's: drizzle runs its own transaction, and if this process dies
 * the server ends the session and frees the lock.
 */
export async function migratePostgres(url: string, options: MigratePostgresOptions = {}): Promise<MigrationResult> {
  const migrationsFolder = options.migrationsFolder ?? path.join(packageRoot(), 'drizzle-pg');
  const client = new pg.Client(connectionConfig(url, { applicationName: 'loupe-migrate', statementTimeoutMs: 0 }));
  await client.connect();
  try {
    await lock(client, options.onWaiting);
    try {
      const before = await recorded(client);
      await migrate(drizzle({ client }), { migrationsFolder });
      const total = await recorded(client);
      return { applied: total - before, total };
    } finally {
      // On a broken connection this fails too; the session's end below frees the lock anyway, and
      // the migration's own error is the one to report.
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}

async function lock(client: pg.Client, onWaiting: (() => void) | undefined): Promise<void> {
  const [row] = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [MIGRATION_LOCK_KEY]))
    .rows;
  if (row?.ok) return;
  onWaiting?.();
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
}

/** Rows in drizzle's journal table; 0 before the first migration created it. */
async function recorded(client: pg.Client): Promise<number> {
  // Two statements: PostgreSQL resolves every table a statement names before it runs any of it.
  const [table] = (
    await client.query<{ name: string | null }>(`SELECT to_regclass('drizzle.__drizzle_migrations') AS name`)
  ).rows;
  if (!table?.name) return 0;
  const [row] = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).rows;
  return row?.n ?? 0;
}
