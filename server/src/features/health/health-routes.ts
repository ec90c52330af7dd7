import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Liveness and readiness in one: answers 200 only when the database answers too. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Health check',
        response: { 200: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }) },
      },
    },
    async () => {
      app.db.$client.prepare('SELECT 1').get();
      return { status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) };
    },
  );
};
