import { createHash, randomBytes } from 'node:crypto';
import type { Share, ShareWithKey } from '@loupe/shared';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/open-database.js';
import { shares } from '../../db/schema/index.js';

type ShareRow = typeof shares.$inferSelect;

export const newShareId = (): string => `shr_${randomBytes(9).toString('base64url')}`;
/** 256 random bits: unguessable, so (like the secret key) a fast unsalted hash is enough to store. */
export const newShareKey = (): string => randomBytes(32).toString('base64url');
export const hashShareKey = (key: string): string => createHash('sha256').update(key).digest('hex');

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const toShare = (r: ShareRow): Share => ({
  shareId: r.id,
  siteId: r.siteId,
  label: r.label,
  hasPassword: r.passwordHash !== null,
  createdAt: new Date(r.createdAt).toISOString(),
  lastUsedAt: iso(r.lastUsedAt),
});

/** The row with its hashes, for opening a link only. */
export type StoredShare = ShareRow;

export function createShare(
  db: Db,
  siteId: string,
  input: { label: string; passwordHash: string | null },
): ShareWithKey {
  const key = newShareKey();
  const row = db
    .insert(shares)
    .values({
      id: newShareId(),
      siteId,
      keyHash: hashShareKey(key),
      label: input.label,
      passwordHash: input.passwordHash,
      createdAt: Date.now(),
    })
    .returning()
    .get();
  return { ...toShare(row), key };
}

export function listShares(db: Db, siteId: string): Share[] {
  return (
    db
      .select()
      .from(shares)
      .where(eq(shares.siteId, siteId))
      // Ties in byte order, SQLite's, on PostgreSQL too (db/postgres/postgres-dialect.ts).
      .orderBy(asc(shares.createdAt), asc(sql`${shares.id} COLLATE BINARY`))
      .all()
      .map(toShare)
  );
}

export function countShares(db: Db, siteId: string): number {
  return db.select({ n: count() }).from(shares).where(eq(shares.siteId, siteId)).get()?.n ?? 0;
}

export function findStoredShare(db: Db, shareId: string): StoredShare | undefined {
  return db.select().from(shares).where(eq(shares.id, shareId)).get();
}

/** Revokes the link: its open views end with it (their sessions cascade). */
export function deleteShare(db: Db, siteId: string, shareId: string): boolean {
  return (
    db
      .delete(shares)
      .where(and(eq(shares.siteId, siteId), eq(shares.id, shareId)))
      .run().changes > 0
  );
}

export function markShareUsed(db: Db, shareId: string, now = Date.now()): void {
  db.update(shares).set({ lastUsedAt: now }).where(eq(shares.id, shareId)).run();
}
