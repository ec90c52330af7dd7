import { SHARE_SESSION_TTL_MS, type Site } from '@loupe/shared';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/open-database.js';
import { shareSessions, shares } from '../../db/schema/index.js';
import { hashToken, newSessionToken, SESSION_SLIDE_EVERY_MS } from '../accounts/sessions-store.js';
import { findSiteById } from '../sites/sites-store.js';

export interface ShareSession {
  tokenHash: string;
  shareId: string;
  label: string;
  site: Site;
  expiresAt: number;
}

export function createShareSession(db: Db, shareId: string, now = Date.now()): { token: string; expiresAt: number } {
  const token = newSessionToken();
  const expiresAt = now + SHARE_SESSION_TTL_MS;
  db.insert(shareSessions)
    .values({ tokenHash: hashToken(token), shareId, createdAt: now, expiresAt })
    .run();
  return { token, expiresAt };
}

/**
 * The live session of a share's cookie, with the share's site; undefined when the cookie is
 * unknown, expired, or belongs to another share, or when the link was revoked (its sessions went
 * with it). Read on every request, so a revocation ends every open view at its next request.
 */
export function findShareSession(db: Db, shareId: string, token: string, now = Date.now()): ShareSession | undefined {
  const row = db
    .select({
      tokenHash: shareSessions.tokenHash,
      expiresAt: shareSessions.expiresAt,
      siteId: shares.siteId,
      label: shares.label,
    })
    .from(shareSessions)
    .innerJoin(shares, eq(shares.id, shareSessions.shareId))
    .where(and(eq(shareSessions.tokenHash, hashToken(token)), eq(shareSessions.shareId, shareId)))
    .get();
  if (!row || row.expiresAt <= now) return undefined;
  const site = findSiteById(db, row.siteId);
  return site && { tokenHash: row.tokenHash, shareId, label: row.label, site, expiresAt: row.expiresAt };
}

/** Sliding expiry, as for login sessions: at most one write per SESSION_SLIDE_EVERY_MS. */
export function slideShareSession(db: Db, session: ShareSession, now = Date.now()): number | undefined {
  if (session.expiresAt - now > SHARE_SESSION_TTL_MS - SESSION_SLIDE_EVERY_MS) return undefined;
  const expiresAt = now + SHARE_SESSION_TTL_MS;
  db.update(shareSessions).set({ expiresAt }).where(eq(shareSessions.tokenHash, session.tokenHash)).run();
  return expiresAt;
}

/** Expired rows are dead already (lookups check expiry); this only keeps the table small. */
export function deleteExpiredShareSessions(db: Db, now = Date.now()): number {
  return db.delete(shareSessions).where(lt(shareSessions.expiresAt, now)).run().changes;
}

/** Ends one view (its browser closed it); other views of the same link stay open. */
export function endShareSession(db: Db, shareId: string, token: string): void {
  db.delete(shareSessions)
    .where(and(eq(shareSessions.tokenHash, hashToken(token)), eq(shareSessions.shareId, shareId)))
    .run();
}
