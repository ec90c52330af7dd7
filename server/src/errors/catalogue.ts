import { ERROR_CODES } from '@loupe/shared/errors';
import { ApiError, type ProblemField } from './api-error.js';

/**
 * How long a client should wait after a storage failure: a full disk is fixed by a person, so
 * there is no point in retrying within seconds; the widget keeps what it could not send.
 */
export const STORAGE_RETRY_AFTER_S = 30;

// Every error the API answers with, in one place, so codes and titles stay consistent.
export const errors = {
  validation: (detail: string, fields?: ProblemField[]) =>
    new ApiError(400, ERROR_CODES.VALIDATION_FAILED, 'Request validation failed', detail, fields),
  malformedBody: (detail: string) => new ApiError(400, ERROR_CODES.MALFORMED_BODY, 'Malformed request body', detail),
  bodyTooLarge: (limit: number) =>
    new ApiError(413, ERROR_CODES.BODY_TOO_LARGE, 'Request body too large', `The body limit is ${limit} bytes.`),
  /** `type` is the Content-Type header exactly as sent. */
  unsupportedMediaType: (type: string | undefined) =>
    new ApiError(
      415,
      ERROR_CODES.UNSUPPORTED_MEDIA_TYPE,
      'Unsupported media type',
      `Content-Type ${type ?? '(none)'} is not accepted here.`,
    ),
  unsupportedCharset: (type: string) =>
    new ApiError(
      415,
      ERROR_CODES.UNSUPPORTED_MEDIA_TYPE,
      'Unsupported media type',
      `Content-Type ${type} is not accepted: bodies are UTF-8 (charset=utf-8, or no charset).`,
    ),
  unsupportedEncoding: (encoding: string) =>
    new ApiError(
      415,
      ERROR_CODES.UNSUPPORTED_MEDIA_TYPE,
      'Unsupported content encoding',
      `Content-Encoding ${encoding} is not accepted: send the body as it is, without Content-Encoding.`,
    ),
  malformedRequest: (detail: string) => new ApiError(400, ERROR_CODES.MALFORMED_REQUEST, 'Malformed request', detail),
  requestTimeout: () =>
    new ApiError(
      408,
      ERROR_CODES.REQUEST_TIMEOUT,
      'Request timeout',
      'The request (its headers, or all of it) did not arrive in time; the connection is closed.',
    ),
  headersTooLarge: () =>
    new ApiError(
      431,
      ERROR_CODES.HEADERS_TOO_LARGE,
      'Request headers too large',
      'The request headers are over the server limit.',
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
      'www-authenticate': 'Bearer realm="loupe"',
    }),
  /** RFC 6750 §3.1: a token was sent but is wrong, so the challenge says invalid_token. */
  invalidToken: (detail: string) =>
    new ApiError(401, ERROR_CODES.UNAUTHORIZED, 'Unauthorized', detail, undefined, {
      'www-authenticate': 'Bearer realm="loupe", error="invalid_token"',
    }),
  forbidden: (detail: string) => new ApiError(403, ERROR_CODES.FORBIDDEN, 'Forbidden', detail),
  /** A shared link with a password, opened without one. */
  sharePasswordRequired: () =>
    new ApiError(
      401,
      ERROR_CODES.SHARE_PASSWORD_REQUIRED,
      'Password required',
      'This shared link is protected by a password.',
    ),
  /** A shared link's password was wrong. */
  wrongSharePassword: () =>
    new ApiError(
      401,
      ERROR_CODES.INVALID_CREDENTIALS,
      'Wrong password',
      'The password of this shared link is not that.',
    ),
  /** Login: one answer whether the email has no account or the password is wrong. */
  invalidCredentials: () =>
    new ApiError(
      401,
      ERROR_CODES.INVALID_CREDENTIALS,
      'Invalid email or password',
      'The email and password do not match an account.',
    ),
  /** A session cookie that is unknown, ended (logout) or expired; the header forgets it. */
  sessionEnded: (clearCookie: string) =>
    new ApiError(401, ERROR_CODES.UNAUTHORIZED, 'Unauthorized', 'Your session has ended. Log in again.', undefined, {
      'set-cookie': clearCookie,
    }),
  invalidSetupToken: () =>
    new ApiError(
      401,
      ERROR_CODES.INVALID_SETUP_TOKEN,
      'Invalid setup link',
      'This setup link is unknown, used or expired. Restart the server (it prints a fresh link while no user ' +
        'exists) or create an owner with `npm run -s user -- create --role owner`.',
    ),
  crossSiteRequest: (detail: string) =>
    new ApiError(403, ERROR_CODES.CROSS_SITE_REQUEST, 'Cross-site request refused', detail),
  adminDisabled: () =>
    new ApiError(
      403,
      ERROR_CODES.FORBIDDEN,
      'Admin API disabled',
      'No admin token is configured. Start the server with LOUPE_ADMIN_TOKEN set to a random string of at ' +
        'least 16 characters (e.g. `openssl rand -hex 32`), or use `npm run site -- create` on the server.',
    ),
  wrongKeyType: (detail: string) =>
    new ApiError(403, ERROR_CODES.WRONG_KEY_TYPE, 'Wrong kind of key', detail, undefined, {
      'www-authenticate': 'Bearer realm="loupe", error="insufficient_scope"',
    }),
  widgetNotBuilt: () =>
    new ApiError(
      503,
      ERROR_CODES.WIDGET_NOT_BUILT,
      'Widget not built',
      'The widget has not been built on this server (widget/dist is missing). Run `npm run build` ' +
        '(npm start does it for you).',
      undefined,
      { 'retry-after': '60' },
    ),
  dashboardNotBuilt: () =>
    new ApiError(
      503,
      ERROR_CODES.DASHBOARD_NOT_BUILT,
      'Dashboard not built',
      'The dashboard has not been built on this server (dashboard/dist is missing). Run `npm run build` ' +
        '(npm start does it for you).',
      undefined,
      { 'retry-after': '60' },
    ),
  notFound: (what = 'resource') => new ApiError(404, ERROR_CODES.NOT_FOUND, 'Not found', `No such ${what}.`),
  promptClosed: () =>
    new ApiError(
      410,
      ERROR_CODES.PROMPT_CLOSED,
      'Prompt closed',
      'This prompt is paused or deleted: it takes no answers.',
    ),
  webhookUrlRefused: (detail: string) =>
    new ApiError(
      400,
      ERROR_CODES.WEBHOOK_URL_REFUSED,
      'Webhook URL refused',
      `${detail} Deliveries go only to public addresses; a self-hosted server on a private network can allow ` +
        'them with LOUPE_WEBHOOK_ALLOW_PRIVATE=true.',
    ),
  webhookLimitReached: (max: number) =>
    new ApiError(
      409,
      ERROR_CODES.WEBHOOK_LIMIT_REACHED,
      'Too many webhooks',
      `A site has at most ${max} webhook endpoints. Delete one, or send several event types to one endpoint.`,
    ),
  pageGroupLimitReached: (max: number) =>
    new ApiError(
      409,
      ERROR_CODES.PAGE_GROUP_LIMIT_REACHED,
      'Too many page groups',
      `A site has at most ${max} page groups. Delete one, or widen a pattern to cover more pages.`,
    ),
  savedFunnelLimitReached: (max: number) =>
    new ApiError(
      409,
      ERROR_CODES.SAVED_FUNNEL_LIMIT_REACHED,
      'Too many saved funnels',
      `A site has at most ${max} saved funnels (each is counted as events arrive). Delete one, or ask GET /v1/funnels for a funnel you need once.`,
    ),
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
  /**
   * Back-pressure of the ingest writer (features/ingest/writer/event-writer.ts): too many rows wait for
   * the disk. Server-wide, unlike the per-client 429.
   */
  writerBusy: (retryAfterSeconds: number) =>
    new ApiError(
      503,
      ERROR_CODES.OVERLOADED,
      'Ingestion is busy',
      `Too many events are waiting to be stored. Retry after ${retryAfterSeconds} seconds.`,
      undefined,
      { 'retry-after': String(retryAfterSeconds) },
    ),
  /** Server-wide back-pressure on something other than ingestion (e.g. password hashing). */
  busy: (detail: string, retryAfterSeconds: number) =>
    new ApiError(
      503,
      ERROR_CODES.OVERLOADED,
      'Server is busy',
      `${detail} Retry after ${retryAfterSeconds} seconds.`,
      undefined,
      {
        'retry-after': String(retryAfterSeconds),
      },
    ),
  /** The disk is full (SQLITE_FULL); clears by itself once space returns. */
  storageFull: () =>
    new ApiError(
      503,
      ERROR_CODES.STORAGE_FULL,
      'Storage full',
      `The server's disk is full, so nothing was stored. Retry after ${STORAGE_RETRY_AFTER_S} seconds.`,
      undefined,
      { 'retry-after': String(STORAGE_RETRY_AFTER_S) },
    ),
  /**
   * The database cannot be written: deleted or replaced under the server, read-only, I/O errors.
   * The reason (with paths) is for the log and the operator, never for the client.
   */
  storageUnavailable: () =>
    new ApiError(
      503,
      ERROR_CODES.STORAGE_UNAVAILABLE,
      'Storage unavailable',
      'The server cannot write to its database, so nothing was stored. Retry later; the operator has to act.',
      undefined,
      { 'retry-after': String(STORAGE_RETRY_AFTER_S) },
    ),
  /**
   * The server runs on PostgreSQL and this route's SQL is not ported yet (plugins/postgres-routes.ts):
   * a clear refusal rather than an answer computed by SQL written for SQLite.
   */
  notOnPostgres: () =>
    new ApiError(
      501,
      ERROR_CODES.NOT_ON_POSTGRES,
      'Not served on PostgreSQL yet',
      'This server stores its data in PostgreSQL, where this route is not available yet. It is on SQLite.',
    ),
  /** SQLITE_BUSY after the busy timeout: another writer held the database too long. */
  databaseBusy: () =>
    new ApiError(
      503,
      ERROR_CODES.OVERLOADED,
      'Database busy',
      'The database was busy for too long. Retry shortly.',
      undefined,
      {
        'retry-after': '1',
      },
    ),
  shuttingDown: () =>
    new ApiError(503, ERROR_CODES.SHUTTING_DOWN, 'Server is shutting down', 'Retry shortly.', undefined, {
      'retry-after': '1',
    }),
};
