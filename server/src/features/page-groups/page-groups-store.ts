import { randomBytes } from 'node:crypto';
import type { PageGroup, PageGroupInput } from '@loupe/shared';
import { and, asc, count, eq, max, sql } from 'drizzle-orm';
import { IMMEDIATE } from '../../db/immediate.js';
import type { Db } from '../../db/open-database.js';
import { pageGroups } from '../../db/schema/index.js';

type Row = typeof pageGroups.$inferSelect;

export const toPageGroup = (r: Row): PageGroup => ({
  id: r.id,
  name: r.name,
  match: r.match,
  pattern: r.pattern,
  position: r.position,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

/** A site's groups in the order a path is matched against them. */
export function listPageGroups(db: Db, siteId: string): Row[] {
  return (
    db
      .select()
      .from(pageGroups)
      .where(eq(pageGroups.siteId, siteId))
      // Ties in byte order, SQLite's, on PostgreSQL too (db/postgres/postgres-dialect.ts).
      .orderBy(asc(pageGroups.position), asc(pageGroups.createdAt), asc(sql`${pageGroups.id} COLLATE BINARY`))
      .all()
  );
}

/** undefined when the site already has `limit` groups. */
export function createPageGroup(db: Db, siteId: string, input: PageGroupInput, limit: number, now = Date.now()) {
  return db.transaction((tx) => {
    const where = eq(pageGroups.siteId, siteId);
    if (tx.select({ n: count() }).from(pageGroups).where(where).get()!.n >= limit) return undefined;
    const last =
      tx
        .select({ p: max(pageGroups.position) })
        .from(pageGroups)
        .where(where)
        .get()?.p ?? -1;
    return tx
      .insert(pageGroups)
      .values({
        id: `pg_${randomBytes(9).toString('base64url')}`,
        siteId,
        name: input.name,
        match: input.match ?? 'wildcard',
        pattern: input.pattern,
        position: input.position ?? last + 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
  }, IMMEDIATE);
}

export function patchPageGroup(db: Db, siteId: string, id: string, patch: Partial<PageGroupInput>, now = Date.now()) {
  const set: Partial<Row> = { updatedAt: now };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.match !== undefined) set.match = patch.match;
  if (patch.pattern !== undefined) set.pattern = patch.pattern;
  if (patch.position !== undefined) set.position = patch.position;
  return db
    .update(pageGroups)
    .set(set)
    .where(and(eq(pageGroups.siteId, siteId), eq(pageGroups.id, id)))
    .returning()
    .get();
}

export function deletePageGroup(db: Db, siteId: string, id: string): boolean {
  return (
    db
      .delete(pageGroups)
      .where(and(eq(pageGroups.siteId, siteId), eq(pageGroups.id, id)))
      .run().changes > 0
  );
}
