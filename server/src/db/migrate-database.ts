import path from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { packageRoot } from '../package-root.js';
import type { Db } from './open-database.js';

/** Applies the committed drizzle-kit migrations (server/drizzle/); safe to run on every start. */
export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: path.join(packageRoot(), 'drizzle') });
}
