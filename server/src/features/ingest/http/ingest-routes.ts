import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import {
  COLLECT_PATH,
  collectBodyDocumentedSchema,
  collectBodySchema,
  collectResponseSchema,
  MAX_BODY_BYTES,
} from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../../../errors/catalogue.js';
import { wellFormedJsonParser } from '../../../plugins/request-bodies.js';
import { problemResponses } from '../../../errors/problem-responses.js';
import { documentedAs } from '../../docs/openapi-transforms.js';
import { classifyUserAgent } from '../../../privacy/user-agent.js';
import { WindowCounterStore } from '../../../lib/window-counter-store.js';
import { ingestCorsOptions } from './ingest-cors.js';
import { rateLimitKey } from './rate-limit-key.js';
import { prepareEvents } from './prepare-events.js';
import { collectBodyValidatorCompiler } from './fast-parse-envelope.js';
import { collectResponseSerializerCompiler } from './collect-response-serializer.js';
import { createSiteDirectory } from './site-directory.js';

/**
 * `POST /v1/collect`: the widget's batches. The answer (202) is sent only after the batch is
 * committed to disk by the group-commit writer (ingest-writer-plugin.ts); 503 + Retry-After when
 * too many rows already wait for it. Everything here (parsers, CORS, rate limit) is
 * scoped to this plugin; the admin API does not inherit it.
 */
export const ingestRoutes: FastifyPluginAsyncZod = async (app) => {
  const sites = createSiteDirectory(app.db, app.changes);
  app.addHook('onClose', async () => sites.close());
  const writer = app.ingestWriter;

  // Only JSON is accepted, as application/json or as text/plain (what sendBeacon and CORS "simple"
  // requests send, so no preflight). Both use the app's JSON parser (prototype-poisoning
  // protection, well-formed text); any other type answers 415.
  app.removeAllContentTypeParsers();
  const json = wellFormedJsonParser(app);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, json);
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, json);

  await app.register(cors, ingestCorsOptions(sites));
  await app.register(rateLimit, {
    max: app.config.rateLimit.max,
    timeWindow: app.config.rateLimit.windowMs,
    // Once the body is parsed (the site key is in it) and before it is validated, so malformed
    // batches count too.
    hook: 'preValidation',
    keyGenerator: (req) => rateLimitKey(req, sites),
    // Never evicts a live bucket (the plugin's LRU did, resetting a limited client's budget).
    store: WindowCounterStore.withCapacity(app.config.rateLimit.buckets),
    errorResponseBuilder: (_req, ctx) => errors.rateLimited(Math.max(1, Math.ceil(ctx.ttl / 1000))),
  });

  app.post(
    COLLECT_PATH,
    {
      bodyLimit: MAX_BODY_BYTES,
      // Validated as an envelope (a fast path, zod when it is not sure), then event by event;
      // documented with every event's schema.
      validatorCompiler: collectBodyValidatorCompiler,
      // The 202 written by hand when zod would write the same, zod otherwise.
      serializerCompiler: collectResponseSerializerCompiler,
      config: { swaggerTransform: documentedAs({ body: collectBodyDocumentedSchema }) },
      schema: {
        tags: ['ingestion'],
        summary: 'Collect a batch of widget events',
        description:
          'Send as text/plain (sendBeacon, no CORS preflight) or application/json. Answers 202 only ' +
          'after the events are durably committed; retried events are counted as duplicates.',
        consumes: ['text/plain', 'application/json'],
        body: collectBodySchema,
        response: { 202: collectResponseSchema, ...problemResponses(400, 401, 403, 413, 415, 429, 503) },
      },
    },
    async (req, reply) => {
      const { key, events, sentAt } = req.body;
      const site = sites.find(key);
      if (!site) throw errors.unknownSiteKey();
      const origin = req.headers.origin;
      if (origin !== undefined && !sites.allows(key, site, origin)) throw errors.originNotAllowed(origin);

      const { rows, rejected } = prepareEvents(events, sentAt, {
        siteId: site.siteId,
        receivedAt: Date.now(),
        client: classifyUserAgent(req.headers['user-agent']),
      });
      const { accepted, duplicates } = await writer.write(rows);
      return reply.code(202).send({ accepted, duplicates, rejected });
    },
  );
};
