import type { Server, ServerResponse } from 'node:http';

/** Node sets this (untyped) on the answer that uses up a connection's `maxRequestsPerSocket`. */
type LimitedResponse = ServerResponse & { maxRequestsOnConnectionReached?: boolean };

/**
 * Makes `maxRequestsPerSocket` end the connection. Node only announces the limit: the answer that
 * reaches it carries `Connection: close`, but the socket stays open, and every further request on
 * it is answered 503 with an empty body (not problem+json) until the idle timeout closes it. A client
 * that does not read the header (autocannon; some hand-written keep-alive pools) then sees nothing
 * but 503s. Marking that last answer as not kept alive makes Node close the socket once it is sent,
 * so such a client reconnects instead, as one that honours the header already does.
 */
export function closeAtRequestLimit(server: Server): void {
  // Prepended: Fastify's own listener may send the answer before a listener added after it runs.
  server.prependListener('request', (_req, res: LimitedResponse) => {
    if (res.maxRequestsOnConnectionReached) res.shouldKeepAlive = false;
  });
}
