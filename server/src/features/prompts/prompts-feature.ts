import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { configRoutes } from './config-routes.js';
import { promptSettingsRoutes } from './prompt-settings-routes.js';
import { promptsRoutes } from './prompts-routes.js';

/** Prompts: secret-key CRUD and settings, and the public widget config (its own CORS scope). */
export const promptsFeature: FastifyPluginAsyncZod = async (app) => {
  await app.register(promptsRoutes);
  await app.register(promptSettingsRoutes);
  await app.register(configRoutes);
};
