import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { StorageState } from '../ingest/writer/event-writer.js';

const healthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  uptimeSeconds: z.number(),
  writer: z.object({
    state: z
      .enum(['starting', 'up', 'restarting', 'gone'])
      .describe(
        "The ingest writer's thread: `restarting` after it died (commits wait for the new one), " +
          '`gone` when none will start (ingestion fails; the server needs attention).',
      ),
    queuedRows: z
      .number()
      .int()
      .describe('Events waiting for the next commit (back-pressure refuses past LOUPE_WRITER_MAX_QUEUED_ROWS).'),
    inFlightRows: z.number().int().describe('Events of the commit in progress.'),
  }),
  storage: z.object({
    state: z
      .enum(['ok', 'full', 'moved', 'failing'])
      .describe(
        'Whether writes reach the disk: `full` (no space left; clears by itself once there is), `moved` (the ' +
          'database file or its WAL was deleted or replaced under the running server: writes are refused until ' +
          'it restarts on the right file), `failing` (I/O errors, or the file became read-only). The log says more.',
      ),
    since: z.string().optional().describe('When the fault began (ISO 8601).'),
  }),
});

/** Probes of a faulty storage from this route: at most one a second, however often it is polled. */
const PROBE_INTERVAL_MS = 1000;

/**
 * Liveness and readiness in one: 200 only when the database answers, the ingest writer can commit
 * (or will, once its restarting thread is up) and the storage takes writes; 503 with the same
 * body otherwise, so a load balancer or orchestrator takes this instance out and monitoring sees
 * why. A faulty storage is probed with a small write here, so the answer turns ok again as soon as
 * space is back, without waiting for traffic.
 */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  let lastProbe = 0;

  async function storageNow(): Promise<StorageState> {
    const w = app.ingestWriter;
    const moved = app.dbFiles.check();
    if (moved !== undefined) return { state: 'moved', detail: moved };
    if (w.storage.state === 'ok' || w.storage.state === 'moved') return w.storage;
    if (Date.now() - lastProbe < PROBE_INTERVAL_MS) return w.storage;
    lastProbe = Date.now();
    return w.probeStorage();
  }

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
      const storage = await storageNow();
      const state = w.backendState;
      const ok = state !== 'gone' && storage.state === 'ok';
      return reply.code(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'unavailable',
        uptimeSeconds: Math.round(process.uptime()),
        writer: { state, queuedRows: w.queuedRows, inFlightRows: w.inFlightRows },
        storage: {
          state: storage.state,
          ...(storage.since === undefined ? {} : { since: new Date(storage.since).toISOString() }),
        },
      });
    },
  );
};
