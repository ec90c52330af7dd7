import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { sites } from '../src/db/schema-pg/index.js';
import { MIGRATION_LOCK_KEY, migratePostgres } from '../src/db/postgres/migrate-postgres.js';
import { openPostgres, STATEMENT_TIMEOUT_MS } from '../src/db/postgres/postgres-connection.js';
import { postgresDatabases } from './helpers/postgres-database.js';

// The PostgreSQL connection and the migrations at start, on a real server: instances that start
// together take turns under the advisory lock, and each pooled connection has Loupe's settings.

const journal = JSON.parse(
  readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../drizzle-pg/meta/_journal.json'), 'utf8'),
) as { entries: unknown[] };
const MIGRATIONS = journal.entries.length;

// Migrations take seconds on a loaded machine (the CI's 2 shared cores).
describe('PostgreSQL connection and migrations', { timeout: 60_000 }, () => {
  // Empty databases on the run's server, one per scenario.
  const databases = postgresDatabases({ schema: 'empty' });
  const { urlOf } = databases;
  const opened: pg.Pool[] = [];

  afterAll(async () => {
    await Promise.all(opened.map((p) => p.end()));
    await databases.dropAll();
  });

  /** A pool on `database` of the test server for the test's own queries. */
  const poolOn = (label: string) => {
    const pool = new pg.Pool({ connectionString: urlOf(label), max: 2 });
    pool.on('error', () => {});
    opened.push(pool);
    return pool;
  };

  /** What the database holds: tables with their columns, and the migrations recorded. */
  async function snapshot(pool: pg.Pool) {
    const tables = await pool.query(
      `SELECT table_schema, table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) AS columns
       FROM information_schema.columns WHERE table_schema IN ('public', 'drizzle')
       GROUP BY table_schema, table_name ORDER BY table_schema, table_name`,
    );
    const migrations = await pool.query('SELECT id, hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id');
    return { tables: tables.rows, migrations: migrations.rows };
  }

  it('lets two migrators started together both succeed, applying each migration once', async () => {
    await databases.create('together');
    const url = urlOf('together');
    const results = await Promise.all([migratePostgres(url), migratePostgres(url)]);

    expect(results.map((r) => r.applied).sort()).toEqual([0, MIGRATIONS]);
    expect(results.map((r) => r.total)).toEqual([MIGRATIONS, MIGRATIONS]);
    const { migrations } = await snapshot(poolOn('together'));
    expect(migrations).toHaveLength(MIGRATIONS);
    expect(new Set(migrations.map((m) => m.hash)).size).toBe(MIGRATIONS);
  });

  it('changes nothing when run again', async () => {
    const pool = poolOn('together');
    const before = await snapshot(pool);
    expect(before.tables.length).toBeGreaterThan(20);
    expect(await migratePostgres(urlOf('together'))).toEqual({ applied: 0, total: MIGRATIONS });
    expect(await snapshot(pool)).toEqual(before);
  });

  it('waits while another holds the migration lock, touching nothing, and migrates once it is released', async () => {
    await databases.create('held');
    const holder = await poolOn('held').connect();
    await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    let waiting = false;
    const migrating = migratePostgres(urlOf('held'), { onWaiting: () => (waiting = true) });

    // The marker: the migrator's connection is blocked on the advisory lock.
    const observer = poolOn('held');
    for (;;) {
      const { rows } = await observer.query(
        `SELECT 1 FROM pg_stat_activity WHERE application_name = 'loupe-migrate' AND datname = current_database()
         AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
      );
      if (rows.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(waiting).toBe(true);
    expect((await observer.query(`SELECT to_regclass('drizzle.__drizzle_migrations') AS t`)).rows).toEqual([
      { t: null },
    ]);

    await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    holder.release();
    expect(await migrating).toEqual({ applied: MIGRATIONS, total: MIGRATIONS });
    // And it let go of the lock: another session takes it at once.
    expect((await observer.query('SELECT pg_try_advisory_lock($1) AS ok', [MIGRATION_LOCK_KEY])).rows).toEqual([
      { ok: true },
    ]);
    await observer.query('SELECT pg_advisory_unlock_all()');
  });

  it("gives every pooled connection synchronous_commit=on, a statement timeout and Loupe's name, whatever the defaults and the URL say, and jit=off unless the URL turns it on", async () => {
    await databases.create('settings');
    await migratePostgres(urlOf('settings'));
    const admin = poolOn('settings');
    const name = pg.escapeIdentifier(databases.get('settings').name);
    await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
    await admin.query(`ALTER DATABASE ${name} SET statement_timeout = 0`);

    const url = `${urlOf('settings')}?options=${encodeURIComponent('-c synchronous_commit=off -c work_mem=8MB')}`;
    const db = openPostgres({ url, poolSize: 3, onIdleError: () => {} });
    opened.push(db.$client);
    expect(db.$client.options.max).toBe(3);
    const settings = async () => {
      const { rows } = await db.$client.query(
        `SELECT current_setting('synchronous_commit') AS sync, current_setting('statement_timeout') AS timeout,
           current_setting('application_name') AS app, current_setting('work_mem') AS work_mem,
           current_setting('jit') AS jit`,
      );
      return rows[0];
    };
    // Three connections at once, so the pool opens each of them.
    const all = await Promise.all([settings(), settings(), settings()]);
    expect(db.$client.totalCount).toBe(3);
    for (const s of all) {
      expect(s).toEqual({
        sync: 'on',
        timeout: `${STATEMENT_TIMEOUT_MS / 1000}s`,
        app: 'loupe',
        work_mem: '8MB',
        jit: 'off',
      });
    }
    // A plain new connection gets the database's defaults, so the settings above are the pool's doing.
    const plain = new pg.Client({ connectionString: urlOf('settings') });
    await plain.connect();
    const defaults = await plain.query(
      `SELECT current_setting('synchronous_commit') AS sync, current_setting('jit') AS jit`,
    );
    await plain.end();
    expect(defaults.rows).toEqual([{ sync: 'off', jit: 'on' }]);
    // jit=off is only a default: an operator's URL may turn it back on.
    const withJit = openPostgres({
      url: `${urlOf('settings')}?options=${encodeURIComponent('-c jit=on')}`,
      poolSize: 1,
      onIdleError: () => {},
    });
    opened.push(withJit.$client);
    expect((await withJit.$client.query(`SELECT current_setting('jit') AS jit`)).rows).toEqual([{ jit: 'on' }]);

    // drizzle over the pool knows the tables of db/schema-pg/.
    await db.insert(sites).values({ id: 'site_a', name: 'Shop', publicKey: 'pk_a', secretHash: 'h', createdAt: 1 });
    expect(await db.query.sites.findMany({ columns: { id: true, name: true } })).toEqual([
      { id: 'site_a', name: 'Shop' },
    ]);
  });
});
