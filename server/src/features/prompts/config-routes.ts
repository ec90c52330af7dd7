import {
  CONFIG_MAX_AGE_SECONDS,
  CONFIG_PATH,
  configQuerySchema,
  PUBLIC_KEY_PREFIX,
  publicConfigSchema,
  type PublicConfig,
} from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { findSiteByPublicKey } from '../sites/sites-store.js';
import { configEtag, ifNoneMatchHits } from './config-etag.js';
import { activePublicPrompts, getPromptSettings } from './prompts-store.js';

/**
 * The widget's public config: the site's active prompts, reduced to what the widget needs.
 *
 * CORS is `*` on purpose: the answer holds only texts every visitor of the site sees anyway, it is
 * fetched without credentials, and one cacheable representation for all origins lets browsers and
 * CDNs share it (reflecting the Origin would need `Vary: Origin`, fragmenting the cache). Origin
 * checks belong where data is written (POST /v1/collect), not here.
 */
export const configRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('access-control-allow-origin', '*');
    if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    // The validator is computed from the bytes actually sent, after serialization, the way
    // @fastify/etag does it: whatever changes in the answer changes the ETag.
    const etag = configEtag(payload);
    reply.header('etag', etag).header('cache-control', `public, max-age=${CONFIG_MAX_AGE_SECONDS}`);
    if (!ifNoneMatchHits(request.headers['if-none-match'], etag)) return payload;
    reply.code(304).removeHeader('content-type').removeHeader('content-length');
    return '';
  });

  app.get(
    CONFIG_PATH,
    {
      schema: {
        tags: ['widget'],
        summary: "The widget's prompt config for a public key",
        description:
          `Active prompts only. Cacheable for ${CONFIG_MAX_AGE_SECONDS} s; send If-None-Match with the ETag to get 304 ` +
          'when nothing changed.',
        querystring: configQuerySchema,
        response: {
          200: publicConfigSchema,
          304: z.null().describe('Not modified: your cached copy is current'),
          ...problemResponses(400, 401),
        },
      },
    },
    async (request): Promise<PublicConfig> => {
      const { key } = request.query;
      const site = key.startsWith(PUBLIC_KEY_PREFIX) ? findSiteByPublicKey(app.db, key) : undefined;
      if (!site) throw errors.unknownSiteKey();
      const settings = getPromptSettings(app.db, site.siteId);
      return {
        cooldownDays: settings.globalCooldownDays,
        prompts: activePublicPrompts(app.db, site.siteId, settings.appearance),
      };
    },
  );
};
