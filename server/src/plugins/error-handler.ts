import { ERROR_CODES } from '@loupe/shared/errors';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { storageFaultOf } from '../db/storage-fault.js';
import { ApiError } from '../errors/api-error.js';
import { errors } from '../errors/catalogue.js';

const PROBLEM_TYPE_BASE = 'https://loupe.dev/problems/';

/** The RFC 9457 document of an error; `instance` is the request's path, when there is one. */
export function problemDocument(e: ApiError, instance: string | undefined) {
  return {
    type: `${PROBLEM_TYPE_BASE}${e.code}`,
    title: e.title,
    status: e.statusCode,
    code: e.code,
    ...(e.detail ? { detail: e.detail } : {}),
    ...(instance === undefined ? {} : { instance }),
    ...(e.errors ? { errors: e.errors } : {}),
  };
}

function send(reply: FastifyReply, e: ApiError): FastifyReply {
  if (e.headers) reply.headers(e.headers);
  return reply
    .code(e.statusCode)
    .type('application/problem+json')
    .send(problemDocument(e, reply.request.url.split('?')[0]));
}

/** Maps Fastify's own error codes to our catalogue, so clients only ever see our stable codes. */
function fromFastify(err: FastifyError, request: FastifyRequest): ApiError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      // Fastify's message carries no number; the route's own limit is the one that was exceeded.
      return errors.bodyTooLarge(request.routeOptions.bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      // Fastify's message has no type in it: say what the client really sent.
      return errors.unsupportedMediaType(request.headers['content-type']);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return errors.malformedBody(err.message);
    default:
      break;
  }
  if (err.statusCode === 400 && /JSON|prototype|constructor/i.test(err.message)) {
    return errors.malformedBody(err.message);
  }
  if (err.statusCode === 429) return undefined; // produced by the rate limiter's own builder
  return undefined;
}

/**
 * Fastify's `frameworkErrors` option: errors raised by the router before any route or hook runs
 * (a path parameter over maxParamLength, a malformed percent-encoding). Without it Fastify answers
 * them itself with plain application/json, the only non-problem+json errors the API had.
 */
export function frameworkErrors(err: FastifyError, _request: unknown, reply: FastifyReply): FastifyReply {
  const e =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? // No id that long exists: the resource is simply not there.
        errors.notFound(`resource (a path parameter is over ${MAX_PARAM_LENGTH} characters)`)
      : errors.validation(`The URL is not valid: ${err.message}`);
  return send(reply, e);
}

/**
 * The longest path parameter the router takes (Fastify's default is 100), set in buildApp. The
 * longest id a path carries is a customer id (`DELETE /v1/customers/:customerId`): up to
 * MAX_CUSTOMER_ID_LENGTH (128) characters, percent-encoded up to 9 characters each (a 3-byte
 * UTF-8 character); the limit only guards the router, the route's schema bounds the id itself.
 */
export const MAX_PARAM_LENGTH = 1152;

/**
 * One error handler for the whole app: every 4xx/5xx is RFC 9457 problem+json with a stable
 * `code`, and 5xx never reveal internals (the log has them).
 */
export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      if (err instanceof ApiError) return send(reply, err);
      if (hasZodFastifySchemaValidationErrors(err)) {
        const fields = err.validation.map((v) => ({
          // A root-level issue (e.g. an unknown key) has instancePath '/', which must not leave 'body.'.
          path: `${err.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`.replace(/\.$/, ''),
          message: v.message ?? 'invalid',
        }));
        return send(reply, errors.validation(fields.map((f) => `${f.path}: ${f.message}`).join('; '), fields));
      }
      const mapped = fromFastify(err, request);
      if (mapped) return send(reply, mapped);
      // A write on the main connection (prompts, sites, answers' notes) that the storage refused:
      // the client's answer is a 503 to retry, not an internal error.
      const fault = storageFaultOf(err);
      if (fault !== undefined) {
        request.log.error({ err, storage: fault }, 'storage refused a write');
        return send(reply, fault === 'full' ? errors.storageFull() : errors.storageUnavailable());
      }
      if (err.code === 'SQLITE_BUSY') return send(reply, errors.databaseBusy());
      const status = err.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        return send(
          reply,
          new ApiError(status, status === 404 ? ERROR_CODES.NOT_FOUND : ERROR_CODES.VALIDATION_FAILED, err.message),
        );
      }
      request.log.error({ err }, 'unhandled error');
      return send(reply, new ApiError(500, ERROR_CODES.INTERNAL, 'Internal server error', 'See the server log.'));
    });
    app.setNotFoundHandler((request, reply) =>
      send(reply, errors.notFound(`route ${request.method} ${request.url.split('?')[0]}`)),
    );
  },
  { name: 'loupe-error-handler' },
);
