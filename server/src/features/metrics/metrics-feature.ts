import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { overviewRoutes } from './overview-routes.js';
import { pagesRoutes } from './pages-routes.js';
import { scoresRoutes } from './scores-routes.js';

/** The read API's aggregates: scores, pages and the overview, all answered from rollup cubes. */
export const metricsFeature: FastifyPluginAsyncZod = async (app) => {
  await app.register(scoresRoutes);
  await app.register(pagesRoutes);
  await app.register(overviewRoutes);
};
