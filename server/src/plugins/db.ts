import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { watchDatabaseFiles, type DatabaseFiles } from '../db/database-files.js';
import type { Db } from '../db/open-database.js';
import { openServerDatabase } from '../db/open-server-database.js';
import type { DatabaseConfig } from '../db/database-config.js';
import { errors } from '../errors/catalogue.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    /** Whether the main connection's files are still the ones at LOUPE_DB (database-files.ts). */
    dbFiles: DatabaseFiles;
  }
}

export interface DbPluginOptions {
  database: DatabaseConfig;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Opens and migrates the database (a SQLite file, or PostgreSQL through db/postgres/) and closes it
 * last on shutdown. Registered before the features,
 * so its onClose runs after theirs (Fastify runs onClose hooks in reverse order): the ingest writer
 * flushes into a still-open database.
 *
 * A request that may write (any method but GET, HEAD and OPTIONS) is refused with 503 while the
 * database files at LOUPE_DB are no longer the ones open: deleted or replaced under the server,
 * anything written would be lost with them. The ingest writer checks its own connection per commit.
 */
export const dbPlugin = fp(
  async (app: FastifyInstance, opts: DbPluginOptions) => {
    const { database } = opts;
    const db = await openServerDatabase(database);
    // On PostgreSQL no file can be deleted under the server: PostgreSQL's own server owns the storage.
    const files: DatabaseFiles =
      database.kind === 'postgres' ? { check: () => undefined } : watchDatabaseFiles(database.path);
    app.decorate('db', db);
    app.decorate('dbFiles', files);
    let reported = false;
    app.addHook('onRequest', async (request) => {
      if (READS.has(request.method)) return;
      const moved = files.check();
      if (moved === undefined) return;
      if (!reported) app.log.error({ reason: moved }, 'refusing writes: restart the server on the right database file');
      reported = true;
      throw errors.storageUnavailable();
    });
    app.addHook('onClose', async () => {
      db.$client.close();
    });
  },
  { name: 'loupe-db' },
);
