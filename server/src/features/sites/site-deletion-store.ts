import type { Site } from '@loupe/shared';
import { asc, eq } from 'drizzle-orm';
import { IMMEDIATE } from '../../db/immediate.js';
import type { Db } from '../../db/open-database.js';
import { siteDeletions, sites } from '../../db/schema/index.js';
import { deleteSiteWebhooks } from '../webhooks/webhooks-store.js';

export interface PendingSiteDeletion {
  siteId: string;
  name: string;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Every table with a `site_id` column, read from the database itself, so a table added later is
 * deleted from without anyone remembering to list it. Tables with triggers come first: deleting
 * from a rollup table adjusts its tiers through them, and the tiers are deleted after. The list of
 * deletions itself is left out: its row goes last, when everything else is gone.
 */
export function siteScopedTables(db: Db): { name: string; rowid: boolean }[] {
  const sqlite = db.$client;
  const tables = sqlite
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
    )
    .all() as { name: string; sql: string }[];
  const triggered = new Set(
    (
      sqlite.prepare("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'").all() as {
        tbl_name: string;
      }[]
    ).map((t) => t.tbl_name),
  );
  return tables
    .filter((t) => t.name !== 'site_deletions')
    .filter((t) =>
      (sqlite.prepare(`PRAGMA table_info(${quote(t.name)})`).all() as { name: string }[]).some(
        (c) => c.name === 'site_id',
      ),
    )
    .map((t) => ({ name: t.name, rowid: !/WITHOUT\s+ROWID/i.test(t.sql), triggered: triggered.has(t.name) }))
    .sort((a, b) => Number(b.triggered) - Number(a.triggered))
    .map(({ name, rowid }) => ({ name, rowid }));
}

/**
 * Removes the site's row (its prompts, settings, grants and shared links go with it, by foreign
 * key) and its webhooks with their deliveries and attempt log (nothing more is sent about it; the
 * attempts have no site_id of their own), and records the deletion, in one transaction: from here
 * on the site does not exist for any reader, and its keys open nothing. False when there is no
 * such site.
 */
export function beginSiteDeletion(db: Db, site: Site, requestedBy: string | null, now = Date.now()): boolean {
  return db.transaction((tx) => {
    const gone = tx.delete(sites).where(eq(sites.id, site.siteId)).run().changes;
    if (gone === 0) return false;
    // Raw statements on the same connection: inside this transaction.
    deleteSiteWebhooks(db, site.siteId);
    tx.insert(siteDeletions)
      .values({ siteId: site.siteId, name: site.name, requestedAt: now, requestedBy })
      .onConflictDoNothing()
      .run();
    return true;
  }, IMMEDIATE);
}

/**
 * Deletes up to `limit` of the site's rows from one table, in its own short transaction, so the
 * ingest writer and other requests get the database between batches. Returns the rows deleted.
 */
export function deleteSiteRows(db: Db, table: { name: string; rowid: boolean }, siteId: string, limit: number): number {
  const t = quote(table.name);
  const sql = table.rowid
    ? `DELETE FROM ${t} WHERE rowid IN (SELECT rowid FROM ${t} WHERE site_id = ? LIMIT ?)`
    : `DELETE FROM ${t} WHERE site_id = ?`;
  const stmt = db.$client.prepare(sql);
  return (table.rowid ? stmt.run(siteId, limit) : stmt.run(siteId)).changes;
}

export function pendingSiteDeletions(db: Db): PendingSiteDeletion[] {
  return db
    .select({ siteId: siteDeletions.siteId, name: siteDeletions.name })
    .from(siteDeletions)
    .orderBy(asc(siteDeletions.requestedAt))
    .all();
}

export function finishSiteDeletion(db: Db, siteId: string): void {
  db.delete(siteDeletions).where(eq(siteDeletions.siteId, siteId)).run();
}
