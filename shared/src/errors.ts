// Stable machine-readable error codes of the API's problem+json answers (RFC 9457 `code` member).
// Clients switch on these; the human-readable `title`/`detail` may change freely.
// No imports: the widget may read these too.

export const ERROR_CODES = {
  VALIDATION_FAILED: 'validation_failed',
  MALFORMED_BODY: 'malformed_body',
  /** Not readable as HTTP/1.1 at all (bad framing, a bad request line or header), found by Node's parser. */
  MALFORMED_REQUEST: 'malformed_request',
  /** The request's headers, or the whole request, took longer than the server allows. */
  REQUEST_TIMEOUT: 'request_timeout',
  HEADERS_TOO_LARGE: 'headers_too_large',
  BODY_TOO_LARGE: 'body_too_large',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
  UNKNOWN_SITE_KEY: 'unknown_site_key',
  ORIGIN_NOT_ALLOWED: 'origin_not_allowed',
  UNAUTHORIZED: 'unauthorized',
  /** Login: the email and password do not match an account (the same answer whichever is wrong). */
  INVALID_CREDENTIALS: 'invalid_credentials',
  /** The one-time setup link's token is unknown, used or expired. */
  INVALID_SETUP_TOKEN: 'invalid_setup_token',
  /** A change authenticated by the session cookie came without this server's own Origin. */
  CROSS_SITE_REQUEST: 'cross_site_request',
  FORBIDDEN: 'forbidden',
  /** A shared link with a password was opened without it; ask for it and try again. */
  SHARE_PASSWORD_REQUIRED: 'share_password_required',
  /** A public key (pk_) was sent where the site's secret key (sk_) is required, or the reverse. */
  WRONG_KEY_TYPE: 'wrong_key_type',
  NOT_FOUND: 'not_found',
  /** A paused or deleted prompt's hosted page or answer: it no longer takes answers. */
  PROMPT_CLOSED: 'prompt_closed',
  CONFLICT: 'conflict',
  RATE_LIMITED: 'rate_limited',
  /** A webhook URL that points at this machine or a private network (refused unless LOUPE_WEBHOOK_ALLOW_PRIVATE). */
  WEBHOOK_URL_REFUSED: 'webhook_url_refused',
  /** The site already has the most webhook endpoints allowed. */
  WEBHOOK_LIMIT_REACHED: 'webhook_limit_reached',
  /** The site already has the most page groups allowed. */
  PAGE_GROUP_LIMIT_REACHED: 'page_group_limit_reached',
  SAVED_FUNNEL_LIMIT_REACHED: 'saved_funnel_limit_reached',
  /** The ingest writer's queue is full (server-wide back-pressure, unlike the per-client 429). */
  OVERLOADED: 'overloaded',
  SHUTTING_DOWN: 'shutting_down',
  /** The server's disk is full: nothing was stored; retry later (Retry-After). */
  STORAGE_FULL: 'storage_full',
  /** The server cannot write its database (deleted or replaced under it, I/O errors): the operator must act. */
  STORAGE_UNAVAILABLE: 'storage_unavailable',
  /** The server runs on PostgreSQL, where this route is not served yet (it is on SQLite). */
  NOT_ON_POSTGRES: 'not_on_postgres',
  /** widget/dist is missing: the operator has to run `npm run build`. */
  WIDGET_NOT_BUILT: 'widget_not_built',
  /** dashboard/dist is missing: the operator has to run `npm run build`. */
  DASHBOARD_NOT_BUILT: 'dashboard_not_built',
  INTERNAL: 'internal_error',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];
