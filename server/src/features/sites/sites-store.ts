import type { Site, SiteWithSecret } from '@loupe/shared';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open-database.js';
import { sites } from '../../db/schema/index.js';
import { hashSecret, newPublicKey, newSecretKey, newSiteId } from './site-keys.js';
import { IMMEDIATE } from '../../db/immediate.js';
import { type AuditActor, recordAudit } from '../audit/audit-store.js';
import { recountSiteAudienceCohorts } from '../ingest/derive/audience-cohort-counts.js';

type SiteRow = typeof sites.$inferSelect;

const toSite = (r: SiteRow): Site => ({
  siteId: r.id,
  name: r.name,
  origins: r.origins,
  publicKey: r.publicKey,
  timeZone: r.timeZone,
  createdAt: new Date(r.createdAt).toISOString(),
  lastEventAt: r.lastEventAt === null ? null : new Date(r.lastEventAt).toISOString(),
  rawEventsDays: r.rawEventsDays,
  responsesDays: r.responsesDays,
});

export function createSite(
  db: Db,
  input: { name: string; origins: string[]; timeZone?: string; rawEventsDays?: number; responsesDays?: number | null },
): SiteWithSecret {
  const secretKey = newSecretKey();
  const row = db
    .insert(sites)
    .values({
      id: newSiteId(),
      name: input.name,
      origins: [...new Set(input.origins)],
      publicKey: newPublicKey(),
      secretHash: hashSecret(secretKey),
      timeZone: input.timeZone ?? 'UTC',
      ...(input.rawEventsDays !== undefined ? { rawEventsDays: input.rawEventsDays } : {}),
      responsesDays: input.responsesDays ?? null,
      createdAt: Date.now(),
    })
    .returning()
    .get();
  return { ...toSite(row), secretKey };
}

export function listSites(db: Db): Site[] {
  return db.select().from(sites).orderBy(sites.createdAt).all().map(toSite);
}

export function findSiteById(db: Db, siteId: string): Site | undefined {
  const row = db.select().from(sites).where(eq(sites.id, siteId)).get();
  return row && toSite(row);
}

export function findSiteByPublicKey(db: Db, publicKey: string): Site | undefined {
  const row = db.select().from(sites).where(eq(sites.publicKey, publicKey)).get();
  return row && toSite(row);
}

export function findSiteBySecretKey(db: Db, secretKey: string): Site | undefined {
  const row = db
    .select()
    .from(sites)
    .where(eq(sites.secretHash, hashSecret(secretKey)))
    .get();
  return row && toSite(row);
}

/** The old secret stops working at once; the new one is returned exactly this once. */
export function rotateSecret(db: Db, siteId: string): SiteWithSecret | undefined {
  const secretKey = newSecretKey();
  const row = db
    .update(sites)
    .set({ secretHash: hashSecret(secretKey), secretRotatedAt: Date.now() })
    .where(eq(sites.id, siteId))
    .returning()
    .get();
  return row && { ...toSite(row), secretKey };
}

/**
 * Changes what `changes` names (name, time zone, origins, retention windows); undefined when there
 * is no such site. Origins the new list drops are recorded in the audit log as removed by `actor`,
 * in the same transaction, like `removeOrigin`'s.
 */
export function updateSite(
  db: Db,
  siteId: string,
  changes: {
    name?: string | undefined;
    timeZone?: string | undefined;
    origins?: string[] | undefined;
    rawEventsDays?: number | undefined;
    responsesDays?: number | null | undefined;
  },
  actor: AuditActor = 'admin token',
): Site | undefined {
  const set = {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.timeZone !== undefined ? { timeZone: changes.timeZone } : {}),
    ...(changes.origins !== undefined ? { origins: [...new Set(changes.origins)] } : {}),
    ...(changes.rawEventsDays !== undefined ? { rawEventsDays: changes.rawEventsDays } : {}),
    // null is a value here: "keep answers".
    ...(changes.responsesDays !== undefined ? { responsesDays: changes.responsesDays } : {}),
  };
  if (Object.keys(set).length === 0) return findSiteById(db, siteId);
  // Read, then write: take the write lock first (db/immediate.ts says why).
  return db.transaction((tx) => {
    const before = tx
      .select({ origins: sites.origins, timeZone: sites.timeZone })
      .from(sites)
      .where(eq(sites.id, siteId))
      .get();
    const row = tx.update(sites).set(set).where(eq(sites.id, siteId)).returning().get();
    if (!before || !row) return undefined;
    if (row.timeZone !== before.timeZone) recountSiteAudienceCohorts(db.$client, siteId);
    for (const origin of before.origins.filter((o) => !row.origins.includes(o)))
      recordAudit(db, { siteId, actor, action: 'origin.remove', target: { kind: 'origin', ref: origin }, rows: {} });
    return toSite(row);
  }, IMMEDIATE);
}

export function addOrigin(db: Db, siteId: string, origin: string): Site | undefined {
  // Read, then write: take the write lock first (db/immediate.ts says why).
  return db.transaction((tx) => {
    const row = tx.select().from(sites).where(eq(sites.id, siteId)).get();
    if (!row) return undefined;
    if (row.origins.includes(origin)) return toSite(row);
    const updated = tx
      .update(sites)
      .set({ origins: [...row.origins, origin] })
      .where(eq(sites.id, siteId))
      .returning()
      .get();
    return updated && toSite(updated);
  }, IMMEDIATE);
}

/**
 * Removes one allowed origin and records who did in the audit log, in one transaction; `removed`
 * says whether it was there (removing one that is not changes nothing, like adding one that is).
 * Undefined when there is no such site.
 */
export function removeOrigin(
  db: Db,
  siteId: string,
  origin: string,
  actor: AuditActor,
): { site: Site; removed: boolean } | undefined {
  // Read, then write: take the write lock first (db/immediate.ts says why).
  return db.transaction((tx) => {
    const row = tx.select().from(sites).where(eq(sites.id, siteId)).get();
    if (!row) return undefined;
    if (!row.origins.includes(origin)) return { site: toSite(row), removed: false };
    const updated = tx
      .update(sites)
      .set({ origins: row.origins.filter((o) => o !== origin) })
      .where(eq(sites.id, siteId))
      .returning()
      .get();
    if (!updated) return undefined;
    recordAudit(db, { siteId, actor, action: 'origin.remove', target: { kind: 'origin', ref: origin }, rows: {} });
    return { site: toSite(updated), removed: true };
  }, IMMEDIATE);
}
