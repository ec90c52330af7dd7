import { ERROR_CODES } from '@loupe/shared/errors';
import { ApiError, type ProblemField } from './api-error.js';

// Every error the API answers with, in one place, so codes and titles stay consistent.
export const errors = {
  validation: (detail: string, fields?: ProblemField[]) =>
    new ApiError(400, ERROR_CODES.VALIDATION_FAILED, 'Request validation failed', detail, fields),
  malformedBody: (detail: string) =>
    new ApiError(400, ERROR_CODES.MALFORMED_BODY, 'Malformed request body', detail),
  bodyTooLarge: (limit: number) =>
    new ApiError(413, ERROR_CODES.BODY_TOO_LARGE, 'Request body too large', `The body limit is ${limit} bytes.`),
  unsupportedMediaType: (type: string | undefined) =>
    new ApiError(
      415,
      ERROR_CODES.UNSUPPORTED_MEDIA_TYPE,
      'Unsupported media type',
      `Content-Type ${type ?? '(none)'} is not accepted here.`,
    ),
  unknownSiteKey: () =>
    new ApiError(401, ERROR_CODES.UNKNOWN_SITE_KEY, 'Unknown site key', 'No site has this public key.'),
  originNotAllowed: (origin: string) =>
    new ApiError(
      403,
      ERROR_CODES.ORIGIN_NOT_ALLOWED,
      'Origin not allowed',
      `The site does not allow requests from ${origin}. Add it with: npm run site -- add-origin.`,
    ),
  unauthorized: (detail = 'Send Authorization: Bearer <key>.') =>
    new ApiError(401, ERROR_CODES.UNAUTHORIZED, 'Unauthorized', detail, undefined, {
      'www-authenticate': 'Bearer',
    }),
  forbidden: (detail: string) => new ApiError(403, ERROR_CODES.FORBIDDEN, 'Forbidden', detail),
  notFound: (what = 'resource') => new ApiError(404, ERROR_CODES.NOT_FOUND, 'Not found', `No such ${what}.`),
  conflict: (detail: string) => new ApiError(409, ERROR_CODES.CONFLICT, 'Conflict', detail),
  rateLimited: (retryAfterSeconds: number) =>
    new ApiError(
      429,
      ERROR_CODES.RATE_LIMITED,
      'Too many requests',
      `Retry after ${retryAfterSeconds} seconds.`,
      undefined,
      { 'retry-after': String(retryAfterSeconds) },
    ),
  shuttingDown: () =>
    new ApiError(503, ERROR_CODES.SHUTTING_DOWN, 'Server is shutting down', 'Retry shortly.', undefined, {
      'retry-after': '1',
    }),
};
