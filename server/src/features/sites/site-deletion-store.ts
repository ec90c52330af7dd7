import type { Site } from '@loupe/shared';
import { asc, eq } from 'drizzle-orm';
import { IMMEDIATE } from '../../db/immediate.js';
import { perDialect } from '../../db/sql-dialect.js';
import { storedTables } from '../../db/stored-tables.js';
import type { Db } from '../../db/open-database.js';
import { siteDeletions, sites } from '../../db/schema/index.js';
import { type AuditActor, recordAudit } from '../audit/audit-store.js';
import { deleteSiteWebhooks } from '../webhooks/webhooks-store.js';

export interface PendingSiteDeletion {
  siteId: string;
  name: string;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Rows deleted per table. */
export type RowCounts = Record<string, number>;

/**
 * Tables the deletion of a site leaves alone: the list of deletions (its row goes last, when
 * everything else is gone) and the audit log, whose record of the deletion must outlive the site.
 */
const KEPT_TABLES = new Set(['site_deletions', 'audit_log']);

/**
 * Every table with a `site_id` column, read from the database itself, so a table added later is
 * deleted from without anyone remembering to list it. The cube tiers go like any table (no
 * trigger derives them from the rollups any more: the ingest writer keeps them).
 */
export function siteScopedTables(db: Db): { name: string; rowid: boolean }[] {
  return storedTables(db.$client)
    .filter((t) => !KEPT_TABLES.has(t.name) && t.columns.has('site_id'))
    .map(({ name, rowid }) => ({ name, rowid }));
}

/**
 * The rows that go with the site's own row by foreign key (prompts, settings, grants, shared links
 * and their views), per table: the schema's `ON DELETE CASCADE` references to `sites`, read from
 * the database like the site-scoped tables. Only one level deep: nothing cascades further today.
 */
function cascadedRows(db: Db, siteId: string): RowCounts {
  const client = db.$client;
  const counts: RowCounts = {};
  for (const ref of cascadesFromSites(db)) {
    const n = client
      .prepare(`SELECT count(*) FROM ${quote(ref.table)} WHERE ${quote(ref.from)} = ?`)
      .pluck()
      .get(siteId);
    counts[ref.table] = (counts[ref.table] ?? 0) + Number(n);
  }
  return counts;
}

/** Each column that references `sites` with ON DELETE CASCADE, as the database's catalog has it. */
function cascadesFromSites(db: Db): { table: string; from: string }[] {
  const client = db.$client;
  return perDialect(client, {
    sqlite: () => {
      const tables = client
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .pluck()
        .all() as string[];
      return tables.flatMap((table) =>
        (
          client.prepare(`PRAGMA foreign_key_list(${quote(table)})`).all() as {
            table: string;
            from: string;
            on_delete: string;
          }[]
        )
          .filter((ref) => ref.table === 'sites' && ref.on_delete === 'CASCADE')
          .map((ref) => ({ table, from: ref.from })),
      );
    },
    // confdeltype 'c' is ON DELETE CASCADE; conparentid 0 skips the copies a partition inherits.
    postgres: () =>
      client
        .prepare(
          'SELECT r.relname AS "table", a.attname AS "from" FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid ' +
            'JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] ' +
            "WHERE c.contype = 'f' AND c.confrelid = 'sites'::regclass AND c.confdeltype = 'c' AND c.conparentid = 0",
        )
        .all() as { table: string; from: string }[],
  })();
}

/** The site's webhook endpoints, their deliveries and the deliveries' attempts, per table. */
function webhookRows(db: Db, siteId: string): RowCounts {
  const count = (sql: string) => Number(db.$client.prepare(sql).pluck().get(siteId));
  return {
    webhooks: count('SELECT count(*) FROM webhooks WHERE site_id = ?'),
    webhook_deliveries: count('SELECT count(*) FROM webhook_deliveries WHERE site_id = ?'),
    webhook_attempts: count(
      'SELECT count(*) FROM webhook_attempts WHERE delivery_seq IN (SELECT seq FROM webhook_deliveries WHERE site_id = ?)',
    ),
  };
}

/**
 * Removes the site's row (its prompts, settings, grants and shared links go with it, by foreign
 * key) and its webhooks with their deliveries and attempt log (nothing more is sent about it; the
 * attempts have no site_id of their own), and records the deletion, in one transaction: from here
 * on the site does not exist for any reader, and its keys open nothing. Answers the rows removed
 * per table, or null when there is no such site.
 */
export function beginSiteDeletion(db: Db, site: Site, requestedBy: string | null, now = Date.now()): RowCounts | null {
  return db.transaction((tx) => {
    // Counted first: the cascade's and the webhooks' rows are gone once the site's row is.
    const counts = { ...cascadedRows(db, site.siteId), ...webhookRows(db, site.siteId) };
    const gone = tx.delete(sites).where(eq(sites.id, site.siteId)).run().changes;
    if (gone === 0) return null;
    counts.sites = gone;
    // Raw statements on the same connection: inside this transaction.
    deleteSiteWebhooks(db, site.siteId);
    tx.insert(siteDeletions)
      .values({ siteId: site.siteId, name: site.name, requestedAt: now, requestedBy })
      .onConflictDoNothing()
      .run();
    return counts;
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

/**
 * Ends a deletion: its record goes and the audit log gets its entry (who asked, and the rows
 * deleted per table), in one transaction, so a deletion is either pending or audited. A deletion
 * resumed after a restart counts only the rows this run deleted.
 */
export function finishSiteDeletion(db: Db, siteId: string, rows: RowCounts, now = Date.now()): void {
  db.transaction((tx) => {
    const pending = tx.select().from(siteDeletions).where(eq(siteDeletions.siteId, siteId)).get();
    if (!pending) return;
    const actor: AuditActor = (pending.requestedBy as `usr_${string}` | null) ?? 'admin token';
    recordAudit(db, { siteId, actor, action: 'site.delete', target: { kind: 'site', ref: siteId }, rows, at: now });
    tx.delete(siteDeletions).where(eq(siteDeletions.siteId, siteId)).run();
  }, IMMEDIATE);
}
