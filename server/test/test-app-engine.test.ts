import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { createTestApp, testDatabaseKind } from './helpers/test-app.js';

// Runs in both server projects: `server` (SQLite) and `server-pg` (vitest.postgres.config.ts), where
// every createTestApp() must serve from PostgreSQL, each app from its own database, gone at close.

describe('createTestApp', () => {
  it('serves from the engine of the project, each app from a database of its own', async () => {
    const a = await createTestApp();
    const b = await createTestApp();
    try {
      expect(a.app.config.database.kind).toBe(testDatabaseKind());
      expect(b.app.config.database.kind).toBe(testDatabaseKind());
      createSite(a.app.db, { name: 'only in a', origins: [] });
      const count = (t: typeof a) => Number(t.app.db.$client.prepare('SELECT count(*) AS n FROM sites').pluck().get());
      expect([count(a), count(b)]).toEqual([1, 0]);
    } finally {
      await a.close();
      await b.close();
    }
  }, 30_000);

  it.runIf(testDatabaseKind() === 'postgres')(
    'drops its PostgreSQL database at close',
    async () => {
      const t = await createTestApp();
      const name = String(t.app.db.$client.prepare('SELECT current_database()').pluck().get());
      const { adminUrl } = inject('loupePostgres');
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        const exists = async () =>
          (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
        expect(await exists()).toBe(true);
        await t.close();
        expect(await exists()).toBe(false);
      } finally {
        await admin.end();
      }
    },
    30_000,
  );
});
