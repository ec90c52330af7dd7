import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type ChangeFeed, inProcessChangeFeed } from '../lib/change-feed.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where writes that change cached state are published and caches hear of them (lib/change-feed.ts). */
    changes: ChangeFeed;
  }
}

/**
 * The app's change feed. The server serves from SQLite, one process, so the feed is in-process;
 * instances sharing PostgreSQL will take `postgresChangeFeed` (db/postgres/postgres-change-feed.ts)
 * here, and nothing that publishes or listens changes.
 */
export const changeFeedPlugin = fp(
  async (app: FastifyInstance) => {
    const feed = inProcessChangeFeed({
      onError: (err) => app.log.error({ err }, 'a cache failed to drop what a change made stale'),
    });
    app.decorate('changes', feed);
    app.addHook('onClose', () => feed.close());
  },
  { name: 'loupe-change-feed' },
);
