/** A problem+json answer (RFC 9457) of the API, or a network failure (status 0). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Field-level messages of a 400 (`errors` member of the problem). */
    readonly fields: { path: string; message: string }[] = [],
    /** Seconds from Retry-After on 429/503. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}
