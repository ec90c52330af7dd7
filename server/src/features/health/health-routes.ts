import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const healthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  uptimeSeconds: z.number(),
  writer: z.object({
    state: z.enum(['starting', 'up', 'restarting', 'gone']).describe(
      "The ingest writer's thread: `restarting` after it died (commits wait for the new one), " +
        '`gone` when none will start (ingestion fails; the server needs attention).',
    ),
    queuedRows: z.number().int().describe('Events waiting for the next commit (back-pressure refuses past LOUPE_WRITER_MAX_QUEUED_ROWS).'),
    inFlightRows: z.number().int().describe('Events of the commit in progress.'),
  }),
});

/**
 * Liveness and readiness in one: 200 only when the database answers and the ingest writer can
 * commit (or will, once its restarting thread is up); 503 with the same body when the writer is
 * gone, so a load balancer or orchestrator takes this instance out instead of it answering 500s.
 */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Health check',
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_req, reply) => {
      app.db.$client.prepare('SELECT 1').get();
      const w = app.ingestWriter;
      const state = w.backendState;
      const gone = state === 'gone';
      return reply.code(gone ? 503 : 200).send({
        status: gone ? 'unavailable' : 'ok',
        uptimeSeconds: Math.round(process.uptime()),
        writer: { state, queuedRows: w.queuedRows, inFlightRows: w.inFlightRows },
      });
    },
  );
};
