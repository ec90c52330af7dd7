import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { postgresChangeFeed } from '../db/postgres/postgres-change-feed.js';
import { type ChangeFeed, inProcessChangeFeed } from '../lib/change-feed.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where writes that change cached state are published and caches hear of them (lib/change-feed.ts). */
    changes: ChangeFeed;
  }
}

/**
 * The app's change feed. On SQLite one process serves the file, so the feed is in-process; on
 * PostgreSQL several instances may share the database, so it is `postgresChangeFeed`
 * (LISTEN/NOTIFY, db/postgres/postgres-change-feed.ts): a change on one instance reaches the others'
 * caches in milliseconds, and within its 5 s safety TTL when a notification is lost. Nothing that
 * publishes or listens depends on which.
 */
export const changeFeedPlugin = fp(
  async (app: FastifyInstance) => {
    const onError = (err: unknown) => app.log.error({ err }, 'a change could not be passed on to the caches');
    const { database } = app.config;
    const feed =
      database.kind === 'postgres' && app.pgPool !== undefined
        ? postgresChangeFeed({
            url: database.url,
            pool: app.pgPool,
            onError,
            onState: (s) => {
              if (s.state === 'lost') {
                app.log.warn(
                  { err: s.error, attempt: s.attempt },
                  'the change feed lost its PostgreSQL connection; caches drop everything every 5 s meanwhile',
                );
              } else if (s.connections > 1) app.log.info('the change feed listens again');
            },
          })
        : inProcessChangeFeed({ onError });
    app.decorate('changes', feed);
    app.addHook('onClose', () => feed.close());
  },
  { name: 'loupe-change-feed', dependencies: ['loupe-postgres-pool'] },
);
