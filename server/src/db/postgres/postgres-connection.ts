import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from '../schema-pg/index.js';

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

/**
 * A request's statement that runs longer than this is cancelled: the read target is 50 ms at p95,
 * so 30 s is a runaway query (a missing index, a lock wait), not a slow answer, and cancelling it
 * frees its connection for the requests queued behind it.
 */
export const STATEMENT_TIMEOUT_MS = 30_000;

/**
 * Defaults the URL's own `options` may change (they come first, and a later `-c` wins). jit=off:
 * the reads' plans cost past jit_above_cost at a million events (thousands of index probes), and
 * compiling them took 70–120 ms of a 50 ms budget for statements that run in tens of
 * milliseconds (docs/postgresql.md, "Reads"); JIT pays off for long analytical scans, not these.
 */
const DEFAULTS = '-c jit=off';

export interface ConnectionSettings {
  /** Shown in pg_stat_activity, so an operator can tell Loupe's connections (and which part) apart. */
  applicationName: string;
  /** 0: none (migrations rebuild tables, which takes as long as it takes). */
  statementTimeoutMs: number;
}

/**
 * node-postgres settings for one connection to `url`. The settings travel in the startup packet
 * (`options=-c …`), so every connection has them from its first statement, with no round trip and
 * no window in which a pooled connection runs a query before a `SET` would have. They are appended
 * to the URL's own `options`, where node-postgres would otherwise let the URL's replace them, and a
 * later `-c` wins, so the URL cannot turn them off.
 *
 * synchronous_commit = on whatever the server's or the database's default: the writer acknowledges
 * an event only after its COMMIT, and with `off` a crash of PostgreSQL could lose acknowledged events.
 */
export function connectionConfig(url: string, settings: ConnectionSettings): pg.ClientConfig {
  const parsed = new URL(url);
  const own = parsed.searchParams.get('options');
  const ours = `-c synchronous_commit=on -c statement_timeout=${settings.statementTimeoutMs}`;
  parsed.searchParams.set('options', [DEFAULTS, own, ours].filter(Boolean).join(' '));
  // The URL's application_name, when it has one, wins (node-postgres's rule): an operator who names
  // connections keeps that name.
  return { connectionString: parsed.toString(), application_name: settings.applicationName };
}

/**
 * `url` with `-c name=value` added to its `options`, after the URL's own: a setting of one kind of
 * connection (the ingest writer's lock_timeout), which connectionConfig then carries.
 */
export function withSetting(url: string, name: string, value: string | number): string {
  const parsed = new URL(url);
  const own = parsed.searchParams.get('options');
  parsed.searchParams.set('options', [own, `-c ${name}=${value}`].filter(Boolean).join(' '));
  return parsed.toString();
}

export interface OpenPostgresOptions {
  url: string;
  poolSize: number;
  /**
   * An idle pooled connection failed (the server restarted, a network cut): the pool drops it and
   * opens another on demand. Without a listener node-postgres's 'error' event would end the process.
   */
  onIdleError: (err: Error) => void;
}

/**
 * The server's PostgreSQL pool and drizzle over it, with the tables of db/schema-pg/. Connections
 * open on first use, so this does not fail on an unreachable server: the first query does.
 */
export function openPostgres(options: OpenPostgresOptions): PgDb {
  const pool = new pg.Pool({
    ...connectionConfig(options.url, { applicationName: 'loupe', statementTimeoutMs: STATEMENT_TIMEOUT_MS }),
    max: options.poolSize,
  });
  pool.on('error', options.onIdleError);
  return drizzle({ client: pool, schema });
}
