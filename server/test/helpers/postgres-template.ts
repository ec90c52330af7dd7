import type { TestProject } from 'vitest/node';
import { migratePostgres } from '../../src/db/postgres/migrate-postgres.js';
import type { RunPostgres } from './postgres-database.js';
import { type PostgresServer, startPostgres } from './postgres-server.js';

// The global setup of every Vitest project whose tests use PostgreSQL (server, server-pg, scripts):
// ONE PostgreSQL for the whole run, shared by those projects, with a template database migrated
// once. Each test database is then a copy of it or an empty one on that server
// (postgres-database.ts), dropped by its test.
// Vitest runs a project's global setup only when it runs some of the project's files.

/** The database every test app's database is copied from. */
export const TEMPLATE_DATABASE = 'loupe_template';

/**
 * Files run in parallel (two workers, files of any of the projects) and a file may hold several
 * apps open at once, each with a request connection, the writer's, its pool (LOUPE_PG_POOL, 1 in
 * test apps) and its change feed's listener, besides a test's own pools: PostgreSQL's default of
 * 100 is too close.
 */
const MAX_CONNECTIONS = 300;

/** The run's server, shared by every project whose global setup this is, and how many use it. */
interface Shared {
  started: Promise<PostgresServer>;
  users: number;
}

// Vitest runs the projects' global setups one after another, before any test file, each in the
// main process under its project's own module runner (so with module state of its own, but one
// globalThis): the first project starts the server and migrates the template, and the others
// (server, server-pg, scripts) take the same one instead of waiting for a server each (a start and
// the migrations, several seconds of a CI core in which no test runs). Test databases are named by
// worker pid and a random suffix, so files of different projects never meet on one.
const SHARED = Symbol.for('loupe.test.runPostgres');
const registry = globalThis as { [SHARED]?: Shared };

async function startRunPostgres(): Promise<PostgresServer> {
  const server = await startPostgres({ database: TEMPLATE_DATABASE, maxConnections: MAX_CONNECTIONS });
  try {
    await migratePostgres(server.url);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  registry[SHARED] ??= { started: startRunPostgres(), users: 0 };
  const shared = registry[SHARED];
  const server = await shared.started;
  shared.users += 1;
  const provided: RunPostgres = { adminUrl: server.urlOf('postgres'), template: TEMPLATE_DATABASE };
  project.provide('loupePostgres', provided);
  // The last project's teardown stops it, at the end of the run.
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete registry[SHARED];
    await server.stop();
  };
}
