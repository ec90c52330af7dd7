import { randomBytes } from 'node:crypto';
import type { Site, User, UserRole } from '@loupe/shared';
import type { RunResult } from 'better-sqlite3';
import { and, count, eq } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { IMMEDIATE } from '../../db/immediate.js';
import type { Db } from '../../db/open-database.js';
import type * as schema from '../../db/schema/index.js';
import { loginSessions, users, userSites } from '../../db/schema/index.js';
import { findSiteById, listSites } from '../sites/sites-store.js';

type UserRow = typeof users.$inferSelect;

export const newUserId = (): string => `usr_${randomBytes(9).toString('base64url')}`;

export const toUser = (r: UserRow): User => ({ userId: r.id, email: r.email, role: r.role });

/** A user as the admin CLI lists it: never the hash. */
export interface UserListing extends User {
  sites: string[];
  createdAt: string;
}

/** The database or a transaction on it: what functions that may run inside a transaction take. */
export type Queryable = BaseSQLiteDatabase<'sync', RunResult, typeof schema>;

export class DuplicateEmailError extends Error {
  override name = 'DuplicateEmailError';
}

/**
 * `email` must already be normalised (emailSchema) and `passwordHash` made by hashPassword; grants
 * are for viewers (owners see every site). Throws DuplicateEmailError when the email is taken.
 */
export function createUser(db: Db, input: NewUser): User {
  return db.transaction((tx) => insertUser(tx, input), IMMEDIATE);
}

export interface NewUser {
  email: string;
  role: UserRole;
  passwordHash: string;
  siteIds?: string[];
}

/** createUser's insert, for a caller that is already in a transaction. */
export function insertUser(tx: Queryable, input: NewUser): User {
  const now = Date.now();
  try {
    const row = tx
      .insert(users)
      .values({
        id: newUserId(),
        email: input.email,
        role: input.role,
        passwordHash: input.passwordHash,
        createdAt: now,
        passwordChangedAt: now,
      })
      .returning()
      .get();
    for (const siteId of new Set(input.siteIds ?? [])) tx.insert(userSites).values({ userId: row.id, siteId }).run();
    return toUser(row);
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateEmailError(input.email);
    throw err;
  }
}

export function countUsers(db: Queryable): number {
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}

/** With the hash, for login only. */
export function findUserRowByEmail(db: Db, email: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.email, email)).get();
}

export function findUserById(db: Db, userId: string): User | undefined {
  const row = db.select().from(users).where(eq(users.id, userId)).get();
  return row && toUser(row);
}

/** By email (case-insensitively) or by id: what the admin CLI accepts. */
export function findUser(db: Db, emailOrId: string): User | undefined {
  if (emailOrId.startsWith('usr_')) return findUserById(db, emailOrId);
  const row = findUserRowByEmail(db, emailOrId.trim().normalize('NFC').toLowerCase());
  return row && toUser(row);
}

export function listUsers(db: Db): UserListing[] {
  const grants = new Map<string, string[]>();
  for (const g of db.select().from(userSites).all()) grants.set(g.userId, [...(grants.get(g.userId) ?? []), g.siteId]);
  return db
    .select()
    .from(users)
    .orderBy(users.createdAt)
    .all()
    .map((r) => ({ ...toUser(r), sites: grants.get(r.id) ?? [], createdAt: new Date(r.createdAt).toISOString() }));
}

export function findUserListing(db: Db, userId: string): UserListing | undefined {
  return listUsers(db).find((u) => u.userId === userId);
}

export function countOwners(db: Db): number {
  return db.select({ n: count() }).from(users).where(eq(users.role, 'owner')).get()?.n ?? 0;
}

/** Replaces the hash and ends every session of the user: a new password logs out everywhere. */
export function setPasswordHash(db: Db, userId: string, passwordHash: string): boolean {
  return db.transaction((tx) => {
    const changed = tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: Date.now() })
      .where(eq(users.id, userId))
      .run();
    tx.delete(loginSessions).where(eq(loginSessions.userId, userId)).run();
    return changed.changes > 0;
  }, IMMEDIATE);
}

/** A hash upgraded at login (same password, current cost): sessions stay. */
export function replacePasswordHash(db: Db, userId: string, passwordHash: string): void {
  db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
}

/** Removes the user; their sessions and grants go with them (foreign keys cascade). */
export function removeUser(db: Db, userId: string): boolean {
  return db.delete(users).where(eq(users.id, userId)).run().changes > 0;
}

export function grantSite(db: Db, userId: string, siteId: string): void {
  db.insert(userSites).values({ userId, siteId }).onConflictDoNothing().run();
}

export function revokeSite(db: Db, userId: string, siteId: string): boolean {
  return (
    db
      .delete(userSites)
      .where(and(eq(userSites.userId, userId), eq(userSites.siteId, siteId)))
      .run().changes > 0
  );
}

/** The sites a user may see: every site for an owner, the granted ones for a viewer. */
export function sitesOfUser(db: Db, user: User): Site[] {
  if (user.role === 'owner') return listSites(db);
  const granted = new Set(
    db
      .select({ siteId: userSites.siteId })
      .from(userSites)
      .where(eq(userSites.userId, user.userId))
      .all()
      .map((g) => g.siteId),
  );
  return listSites(db).filter((s) => granted.has(s.siteId));
}

/** The site, if it exists and the user may see it; otherwise undefined (answered as 404 either way). */
export function siteOfUser(db: Db, user: User, siteId: string): Site | undefined {
  const site = findSiteById(db, siteId);
  if (!site || user.role === 'owner') return site;
  const grant = db
    .select({ siteId: userSites.siteId })
    .from(userSites)
    .where(and(eq(userSites.userId, user.userId), eq(userSites.siteId, siteId)))
    .get();
  return grant ? site : undefined;
}
