import { auditPageSchema, auditQuerySchema } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../../errors/problem-responses.js';
import { BODY_LIMITS } from '../../plugins/body-limits.js';
import { listAudit } from './audit-store.js';

/**
 * The audit log, read by the people who run the instance (an owner's session or the admin token):
 * it spans every site, deleted ones included, so a site's own secret key does not read it.
 */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/audit',
    {
      config: { access: 'owner' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        tags: ['audit'],
        summary: 'Read the audit log of deletions',
        description:
          'Every deletion and erasure, newest first: who (a user, the admin token, a secret key, the retention job), ' +
          'what (the action and a non-personal reference to its target), when, and how many rows per table. It holds ' +
          "no deleted content, and never a visitor's or session's id in clear. A deleted site's entries stay.",
        querystring: auditQuerySchema,
        response: { 200: auditPageSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => listAudit(app.db, request.query),
  );
};
