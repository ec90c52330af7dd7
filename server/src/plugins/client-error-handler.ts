import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ApiError } from '../errors/api-error.js';
import { errors } from '../errors/catalogue.js';
import { problemDocument } from './error-handler.js';

/** What Node's HTTP parser or its timers reported, as the problem to answer. */
function problemFor(err: NodeJS.ErrnoException): ApiError {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return errors.requestTimeout();
    case 'HPE_HEADER_OVERFLOW':
      return errors.headersTooLarge();
    default:
      return errors.malformedRequest(`The request is not valid HTTP/1.1 (${err.code ?? 'parse error'}).`);
  }
}

/**
 * Fastify's `clientErrorHandler`: errors Node's HTTP server raises before any route or hook
 * exists (headers over the limit, bad framing, the request and headers timeouts). Fastify's
 * default answers plain application/json; this answers problem+json like every other error, then
 * closes the connection, since the rest of its bytes cannot be trusted to be a request.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has no one to answer to.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // Node's own rule: never write a second response into one whose headers already went out.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const e = problemFor(err);
    const body = JSON.stringify(problemDocument(e, undefined));
    socket.write(
      `HTTP/1.1 ${e.statusCode} ${e.title}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n' +
        body,
    );
  }
  this.log.debug({ err }, 'client error');
  socket.destroy(err);
}
