import { parseArgs } from 'node:util';
import {
  ConfigError,
  type DatabaseConfig,
  ensureEventPartitions,
  loadDatabaseConfig,
  migrateDatabase,
  migratePostgres,
  openDatabase,
  openPostgres,
  redactedUrl,
} from '@loupe/server';
import type { CliIo } from '../cli/cli-io.js';

/** Months of `events` partitions made ahead: a quarter, so upkeep that stops for weeks loses nothing to the default partition's slower path. */
const DEFAULT_MONTHS_AHEAD = 3;

const USAGE = `Usage: npm run -s migrate -- [--db PATH_OR_URL] [--months-ahead N]

Applies the database's pending migrations and prints one line of JSON.
  SQLite (a file path or file: URL): what the server does at every start.
  PostgreSQL (postgres:// URL): the migrations of server/drizzle-pg/ under an advisory lock
  (instances started together apply each migration once), then the events partitions of the
  previous, current and next N months. The server does the same at every start.

Options:
  --db PATH_OR_URL   the database (default: $LOUPE_DB, else $DATABASE_URL, else ./data/loupe.db)
  --months-ahead N   PostgreSQL: months of events partitions to make after this one (default ${DEFAULT_MONTHS_AHEAD}, 0-120)
  -h, --help         show this help`;

/** `npm run -s migrate -- …` with `argv`: 0 when migrated (or --help), 1 when it failed, 2 for a usage mistake. */
export async function runMigrateCli(argv: string[], io: CliIo, now = Date.now()): Promise<number> {
  const usage = (problem: string): number => {
    io.stderr(`error: ${problem}\n\n${USAGE}\n`);
    return 2;
  };
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, 'months-ahead': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    return usage((err as Error).message);
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const ahead = values['months-ahead'] ?? String(DEFAULT_MONTHS_AHEAD);
  if (!/^\d+$/.test(ahead) || Number(ahead) > 120) return usage('--months-ahead takes a whole number from 0 to 120');

  let database: DatabaseConfig;
  try {
    // --db stands for LOUPE_DB, and then the environment's database variables are not read at all.
    database = loadDatabaseConfig(
      values.db === undefined ? io.env : { LOUPE_DB: values.db, LOUPE_PG_POOL: io.env.LOUPE_PG_POOL },
    );
  } catch (err) {
    if (err instanceof ConfigError) return usage(err.message);
    throw err;
  }
  try {
    const result = await migrate(database, Number(ahead), now);
    io.stdout(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (err) {
    io.stderr(`error: cannot migrate: ${(err as Error).message}\n`);
    return 1;
  }
}

async function migrate(database: DatabaseConfig, monthsAhead: number, now: number): Promise<object> {
  if (database.kind === 'sqlite') {
    const db = openDatabase(database.path);
    try {
      migrateDatabase(db);
    } finally {
      db.$client.close();
    }
    return { database: 'sqlite', path: database.path };
  }
  const { applied, total } = await migratePostgres(database.url);
  const db = openPostgres({ url: database.url, poolSize: 1, onIdleError: () => {} });
  try {
    const partitions = await ensureEventPartitions(db.$client, { now, monthsAhead });
    return { database: 'postgres', url: redactedUrl(database.url), applied, migrations: total, partitions };
  } finally {
    await db.$client.end();
  }
}
