import { SESSION_COOKIE } from '@loupe/shared';
import { parse, serialize } from 'cookie';
import type { FastifyRequest } from 'fastify';

/** What newSessionToken makes: 32 bytes in base64url. Anything else is not worth a lookup. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The session cookie's value: undefined when the request has no such cookie, null when it has one
 * that cannot be a session (forged or mangled), which is answered like an ended session.
 */
export function sessionTokenOf(request: FastifyRequest): string | null | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  const value = parse(header)[SESSION_COOKIE];
  if (value === undefined) return undefined;
  return TOKEN_SHAPE.test(value) ? value : null;
}

/** Secure over HTTPS, including behind a trusted proxy that says so (X-Forwarded-Proto). */
const secure = (request: FastifyRequest) => request.protocol === 'https';

export function sessionCookie(request: FastifyRequest, token: string, expiresAt: number, now = Date.now()): string {
  return serialize(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: secure(request),
    maxAge: Math.max(0, Math.round((expiresAt - now) / 1000)),
  });
}

export function clearedSessionCookie(request: FastifyRequest): string {
  return serialize(SESSION_COOKIE, '', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: secure(request),
    maxAge: 0,
  });
}

/**
 * Whether the request's Origin is this server's own origin (scheme, host and port as the request
 * reached us; behind a trusted proxy, as the proxy says). `Origin: null` never is.
 */
export function isSameOrigin(request: FastifyRequest, origin: string): boolean {
  try {
    return new URL(origin).origin === new URL(`${request.protocol ?? 'http'}://${request.host}`).origin;
  } catch {
    return false;
  }
}
