import type { DatabaseConfig } from './database-config.js';
import { migrateDatabase } from './migrate-database.js';
import { openDatabase, type Db } from './open-database.js';
import { openPostgresDatabase } from './postgres/open-postgres-database.js';

/**
 * The server's database, opened and migrated: the SQLite file, or PostgreSQL through the
 * synchronous facade (db/postgres/). The server and every administration CLI (`npm run site`,
 * `user`, `seed`) open it through this one function, so a CLI given the server's LOUPE_DB or
 * DATABASE_URL writes exactly where the server reads.
 */
export async function openServerDatabase(database: DatabaseConfig): Promise<Db> {
  if (database.kind === 'postgres') return openPostgresDatabase(database.url);
  const db = openDatabase(database.path, { cacheMb: database.cacheMb });
  try {
    migrateDatabase(db);
  } catch (err) {
    db.$client.close();
    throw err;
  }
  return db;
}
