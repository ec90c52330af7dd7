import type { TestProject } from 'vitest/node';
import { migratePostgres } from '../../src/db/postgres/migrate-postgres.js';
import { startPostgres } from './postgres-server.js';

// The server-pg project's global setup (server/vitest.postgres.config.ts): ONE PostgreSQL for the
// whole run, with a template database migrated once. Each createTestApp() of that project then
// serves from its own copy (CREATE DATABASE … TEMPLATE, a file copy: tens of milliseconds, where a
// server start takes seconds and the migrations hundreds of milliseconds), dropped at close.

/** The database every test app's database is copied from. */
export const TEMPLATE_DATABASE = 'loupe_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by this setup: the server's maintenance database URL and the template's name. */
    loupePostgres: { adminUrl: string; template: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres({ database: TEMPLATE_DATABASE });
  try {
    await migratePostgres(server.url);
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide('loupePostgres', { adminUrl: server.urlOf('postgres'), template: TEMPLATE_DATABASE });
  return () => server.stop();
}
