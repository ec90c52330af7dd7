import { SHARE_COOKIE_PREFIX } from '@loupe/shared';
import { parse, serialize } from 'cookie';
import type { FastifyRequest } from 'fastify';

/** What newSessionToken makes: 32 bytes in base64url. Anything else is not worth a lookup. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** Share ids are `shr_` + base64url: safe as a cookie name as they are. */
const SHARE_ID_SHAPE = /^shr_[A-Za-z0-9_-]{1,60}$/;

export const shareCookieName = (shareId: string): string => `${SHARE_COOKIE_PREFIX}${shareId}`;

/**
 * The cookie of one shared view: undefined when the request has none for this share, null when it
 * has one that cannot be a session (answered like an ended one).
 */
export function shareTokenOf(request: FastifyRequest, shareId: string): string | null | undefined {
  const header = request.headers.cookie;
  if (!header || !SHARE_ID_SHAPE.test(shareId)) return undefined;
  const value = parse(header)[shareCookieName(shareId)];
  if (value === undefined) return undefined;
  return TOKEN_SHAPE.test(value) ? value : null;
}

const secure = (request: FastifyRequest) => request.protocol === 'https';

/**
 * HttpOnly (scripts never see it) and SameSite=Strict: a shared view is opened by its own page, so
 * the cookie never needs to ride along on a request started by another site.
 */
export function shareCookie(
  request: FastifyRequest,
  shareId: string,
  token: string,
  expiresAt: number,
  now = Date.now(),
): string {
  return serialize(shareCookieName(shareId), token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: secure(request),
    maxAge: Math.max(0, Math.round((expiresAt - now) / 1000)),
  });
}

export function clearedShareCookie(request: FastifyRequest, shareId: string): string {
  return serialize(shareCookieName(shareId), '', {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: secure(request),
    maxAge: 0,
  });
}
