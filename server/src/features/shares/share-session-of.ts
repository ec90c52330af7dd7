import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/open-database.js';
import { errors } from '../../errors/catalogue.js';
import { clearedShareCookie, shareTokenOf } from './share-cookie.js';
import { findShareSession, type ShareSession } from './share-sessions-store.js';

/**
 * The shared view's session whose cookie this request carries for the link `shareId`, and its
 * token. None: 401, and a cookie that no longer opens anything is cleared, so the browser stops
 * sending it.
 */
export function shareSessionOf(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  shareId: string,
): { session: ShareSession; token: string } {
  const token = shareTokenOf(request, shareId);
  const session = token ? findShareSession(db, shareId, token) : undefined;
  if (!session || !token) {
    if (token !== undefined) reply.header('set-cookie', clearedShareCookie(request, shareId));
    throw errors.unauthorized(
      'This shared view has ended (the link was revoked, or its session expired): open the link again.',
    );
  }
  return { session, token };
}
