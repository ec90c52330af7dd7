import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loadEncryptionKey, secretBox } from '../webhooks/secret-box.js';
import { hostedPageRoutes } from './hosted-page-routes.js';
import { linkSurveysRoutes } from './link-surveys-routes.js';

/**
 * Link surveys: a prompt answered on Loupe's own hosted page, from an e-mail, a text, a QR code or
 * a public link (docs/link-surveys.md). Link secrets are sealed with the instance's key, as
 * webhook secrets are.
 */
export const linkSurveysFeature: FastifyPluginAsyncZod = async (app) => {
  const box = secretBox(loadEncryptionKey(app.config.webhooks.encryptionKey, app.config.dbPath));
  await app.register(hostedPageRoutes, { box });
  await app.register(linkSurveysRoutes, { box });
};
