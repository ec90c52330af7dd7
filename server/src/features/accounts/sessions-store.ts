import { createHash, randomBytes } from 'node:crypto';
import { SESSION_TTL_MS, type User } from '@loupe/shared';
import { eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/open-database.js';
import { loginSessions, users } from '../../db/schema/index.js';
import { toUser } from './users-store.js';

/**
 * Expiry slides forward at most this often, not on every request: each slide is a write (and an
 * fsync), and a session used all day would otherwise write on every dashboard request.
 */
export const SESSION_SLIDE_EVERY_MS = 60 * 60 * 1000;

/** 32 random bytes; only the SHA-256 is stored, and lookups are by it (one indexed read). */
export const newSessionToken = (): string => randomBytes(32).toString('base64url');
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface LoginSession {
  tokenHash: string;
  user: User;
  expiresAt: number;
}

export function createLoginSession(db: Db, userId: string, now = Date.now()): { token: string; expiresAt: number } {
  const token = newSessionToken();
  const expiresAt = now + SESSION_TTL_MS;
  db.insert(loginSessions)
    .values({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt })
    .run();
  return { token, expiresAt };
}

/** The live session of a cookie value, with its user; undefined when unknown, ended or expired. */
export function findLoginSession(db: Db, token: string, now = Date.now()): LoginSession | undefined {
  const row = db
    .select()
    .from(loginSessions)
    .innerJoin(users, eq(users.id, loginSessions.userId))
    .where(eq(loginSessions.tokenHash, hashToken(token)))
    .get();
  if (!row || row.login_sessions.expiresAt <= now) return undefined;
  return { tokenHash: row.login_sessions.tokenHash, user: toUser(row.users), expiresAt: row.login_sessions.expiresAt };
}

/**
 * Sliding expiry: a session used again gets a fresh SESSION_TTL_MS, at most once per
 * SESSION_SLIDE_EVERY_MS. Returns the new expiry when it moved (the cookie's Max-Age follows).
 */
export function slideLoginSession(db: Db, session: LoginSession, now = Date.now()): number | undefined {
  if (session.expiresAt - now > SESSION_TTL_MS - SESSION_SLIDE_EVERY_MS) return undefined;
  const expiresAt = now + SESSION_TTL_MS;
  db.update(loginSessions).set({ expiresAt }).where(eq(loginSessions.tokenHash, session.tokenHash)).run();
  return expiresAt;
}

export function endLoginSession(db: Db, token: string): void {
  db.delete(loginSessions)
    .where(eq(loginSessions.tokenHash, hashToken(token)))
    .run();
}

/** Expired rows are dead already (lookups check expiry); this only keeps the table small. */
export function deleteExpiredLoginSessions(db: Db, now = Date.now()): number {
  return db.delete(loginSessions).where(lt(loginSessions.expiresAt, now)).run().changes;
}
