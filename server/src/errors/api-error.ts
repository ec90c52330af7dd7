import type { ErrorCode } from '@loupe/shared/errors';

export interface ProblemField {
  path: string;
  message: string;
}

/**
 * The one error type routes throw. The error handler turns it into RFC 9457 problem+json with a
 * stable `code`; anything else that reaches the handler is an internal error and its message hidden.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: ProblemField[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
  }
}
