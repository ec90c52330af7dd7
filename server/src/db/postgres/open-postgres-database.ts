import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db } from '../open-database.js';
import * as schema from '../schema/index.js';
import { backfillAudienceSketches } from '../backfill-audience-sketches.js';
import { migratePostgres } from './migrate-postgres.js';
import { connectionConfig, STATEMENT_TIMEOUT_MS } from './postgres-connection.js';
import { SyncPostgres } from './sync-postgres.js';

/**
 * Seconds libpq waits for a connection unless the URL says otherwise. Without a bound, a connection
 * to a host that drops packets waits for the kernel's TCP timeout (minutes): a replacement writer
 * process would then never report ready or failed, and collects would queue behind it instead of
 * answering 503.
 */
export const CONNECT_TIMEOUT_S = 10;

/**
 * libpq's connection string for `url` with the settings every Loupe connection carries (see
 * connectionConfig: synchronous_commit=on and the statement timeout in the startup packet, which the
 * URL cannot turn off), and Loupe's application_name and connect_timeout unless the URL names them.
 */
export function libpqConninfo(url: string, applicationName: string): string {
  const config = connectionConfig(url, { applicationName, statementTimeoutMs: STATEMENT_TIMEOUT_MS });
  const parsed = new URL(config.connectionString as string);
  if (!parsed.searchParams.has('application_name')) parsed.searchParams.set('application_name', applicationName);
  if (!parsed.searchParams.has('connect_timeout'))
    parsed.searchParams.set('connect_timeout', String(CONNECT_TIMEOUT_S));
  // URLSearchParams writes a space as '+', which libpq does not decode (node-postgres does); a '+'
  // of the values themselves is written %2B, so every '+' of the query is a space.
  const query = parsed.search.replaceAll('+', '%20');
  parsed.search = '';
  return `${parsed.toString()}${query}`;
}

/**
 * The server's database on PostgreSQL: the committed migrations of drizzle-pg/ applied under the
 * migration lock (instances started together migrate one after the other), then one synchronous
 * connection (SyncPostgres) under drizzle's better-sqlite3 driver with SQLite's schema, so the
 * stores run the same code and SQL texts as on SQLite. Throws when the server cannot be reached.
 */
export async function openPostgresDatabase(url: string): Promise<Db> {
  await migratePostgres(url);
  const db = connectPostgresDatabase(url, 'loupe');
  // Visitor sketches cannot be built in SQL: the sessions stored before their table are added here.
  backfillAudienceSketches(db);
  return db;
}

/**
 * One more synchronous connection to an already migrated database, named `applicationName` in
 * pg_stat_activity (the ingest writer process's, writer-process.ts). Throws when it cannot connect.
 */
export function connectPostgresDatabase(url: string, applicationName: string): Db {
  const client = new SyncPostgres(libpqConninfo(url, applicationName));
  return drizzle(client as unknown as Database.Database, { schema }) as Db;
}

/** The connection under a Db, when it is PostgreSQL's. */
export function postgresClientOf(db: Db): SyncPostgres | undefined {
  const client: unknown = db.$client;
  return client instanceof SyncPostgres ? client : undefined;
}
