import type { TestProject } from 'vitest/node';
import { migratePostgres } from '../../src/db/postgres/migrate-postgres.js';
import type { RunPostgres } from './postgres-database.js';
import { startPostgres } from './postgres-server.js';

// The global setup of every Vitest project whose tests use PostgreSQL (server, server-pg, scripts):
// ONE PostgreSQL for the whole run, with a template database migrated once. Each test database is
// then a copy of it or an empty one on that server (postgres-database.ts), dropped by its test.
// Vitest runs a project's global setup only when it runs some of the project's files.

/** The database every test app's database is copied from. */
export const TEMPLATE_DATABASE = 'loupe_template';

/**
 * Files run in parallel (two workers) and a file may hold several apps open at once, each with a
 * request connection, the writer's, its pool (LOUPE_PG_POOL, 1 in test apps) and its change feed's
 * listener, besides a test's own pools: PostgreSQL's default of 100 is too close.
 */
const MAX_CONNECTIONS = 300;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres({ database: TEMPLATE_DATABASE, maxConnections: MAX_CONNECTIONS });
  try {
    await migratePostgres(server.url);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const provided: RunPostgres = { adminUrl: server.urlOf('postgres'), template: TEMPLATE_DATABASE };
  project.provide('loupePostgres', provided);
  return () => server.stop();
}
