import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../errors/catalogue.js';

/**
 * While the server shuts down, requests still arriving on open keep-alive connections are answered
 * 503 problem+json (code shutting_down, Retry-After: 1), so clients retry against the restarted
 * server. Fastify's own return503OnClosing is off because its fixed body is not problem+json.
 */
export const closingGuardPlugin = fp(
  async (app: FastifyInstance) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onRequest', async () => {
      if (closing) throw errors.shuttingDown();
    });
    // Requests in flight when shutdown began finish normally, but their keep-alive connections
    // would then stay open (idle sockets are only reaped once, when closing starts) and hold
    // server.close() until the keep-alive timeout; closing them after the answer lets it finish.
    app.addHook('onSend', async (_req, reply, payload) => {
      if (closing) reply.header('connection', 'close');
      return payload;
    });
  },
  { name: 'loupe-closing-guard' },
);
