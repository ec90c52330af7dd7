import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { migrateDatabase } from '../db/migrate-database.js';
import { openDatabase, type Db } from '../db/open-database.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

export interface DbPluginOptions {
  dbPath: string;
}

/**
 * Opens and migrates the database and closes it last on shutdown. Registered before the features,
 * so its onClose runs after theirs (Fastify runs onClose hooks in reverse order): the ingest writer
 * flushes into a still-open database.
 */
export const dbPlugin = fp(
  async (app: FastifyInstance, opts: DbPluginOptions) => {
    const db = openDatabase(opts.dbPath);
    migrateDatabase(db);
    app.decorate('db', db);
    app.addHook('onClose', async () => {
      db.$client.close();
    });
  },
  { name: 'loupe-db' },
);
