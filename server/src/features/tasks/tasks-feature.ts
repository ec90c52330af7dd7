import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { tasksRoutes } from './tasks-routes.js';

/** Task success (`loupe('task', …)`): read from the task read model the ingest writer keeps (docs/tasks.md). */
export const tasksFeature: FastifyPluginAsyncZod = async (app) => {
  await app.register(tasksRoutes);
};
