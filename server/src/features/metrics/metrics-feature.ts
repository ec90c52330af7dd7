import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { breakdownRoutes } from './breakdown-routes.js';
import { overviewRoutes } from './overview-routes.js';
import { pagesRoutes } from './pages-routes.js';
import { scoresRoutes } from './scores-routes.js';
import { timeseriesRoutes } from './timeseries-routes.js';

/** The read API's aggregates: scores, pages, the overview, its series and breakdowns, all answered from rollup cubes. */
export const metricsFeature: FastifyPluginAsyncZod = async (app) => {
  await app.register(scoresRoutes);
  await app.register(pagesRoutes);
  await app.register(overviewRoutes);
  await app.register(timeseriesRoutes);
  await app.register(breakdownRoutes);
};
