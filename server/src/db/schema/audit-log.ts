import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Every deletion, who asked for it and how many rows it took (features/audit/). It holds no
 * deleted content: a visitor's or session's id is kept only as a keyed hash (`target_ref`), and a
 * site's entries outlive the site (the site deleter leaves this table alone).
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    /** Order of recording: the API's newest-first order and its cursor. */
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    /** The site concerned; null for an instance-wide action. Not a foreign key: the site may be gone. */
    siteId: text('site_id'),
    at: integer('at').notNull(),
    /** `user`, `admin token`, `secret key` or `retention job` (AUDIT_ACTOR_KINDS). */
    actorKind: text('actor_kind').notNull(),
    /** The user's id when actor_kind is `user`. */
    actorUserId: text('actor_user_id'),
    /** AUDIT_ACTIONS: `site.delete`, `visitor.erase`, … */
    action: text('action').notNull(),
    /** AUDIT_TARGET_KINDS: `site`, `visitor`, `session`, `customer`, `origin`. */
    targetKind: text('target_kind').notNull(),
    /** A non-personal reference: a site id, an origin, or a keyed hash of a visitor's or session's id. */
    targetRef: text('target_ref'),
    /** JSON {table: rows deleted}, tables with none left out. */
    rows: text('rows', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    totalRows: integer('total_rows').notNull(),
  },
  (t) => [index('audit_log_site_seq').on(t.siteId, t.seq)],
);
