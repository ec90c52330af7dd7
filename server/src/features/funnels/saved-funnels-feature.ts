import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SavedFunnelBackfill } from './saved-funnel-backfill.js';
import { savedFunnelsRoutes } from './saved-funnels-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The saved funnels' background count (saved-funnel-backfill.ts); `idle()` for tests and benchmarks. */
    savedFunnelBackfill: SavedFunnelBackfill;
  }
}

/** A failed background step (the database busy, say) is tried again after this long. */
const RETRY_MS = 5_000;

/**
 * Saved funnels: their routes and the background count, started once the server is ready (a
 * restart resumes where the cursors stopped) and stopped before the database closes. Wrapped with
 * fastify-plugin only so `app.savedFunnelBackfill` is visible outside it.
 */
export const savedFunnelsFeature = fp(
  async (app: FastifyInstance) => {
    const backfill: SavedFunnelBackfill = new SavedFunnelBackfill(app.db.$client, (err) => {
      app.log.error({ err }, 'saved funnels: background count failed; it is retried');
      setTimeout(() => backfill.kick(), RETRY_MS).unref();
    });
    app.decorate('savedFunnelBackfill', backfill);
    await app.register(savedFunnelsRoutes, { backfill });
    app.addHook('onReady', async () => backfill.kick());
    app.addHook('onClose', () => backfill.close());
  },
  { name: 'loupe-saved-funnels', dependencies: ['loupe-db'] },
);
