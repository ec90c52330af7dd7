import { bigint, index, json, pgTable, text } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of db/schema/audit-log.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    siteId: text('site_id'),
    at: bigint('at', { mode: 'number' }).notNull(),
    actorKind: text('actor_kind').notNull(),
    actorUserId: text('actor_user_id'),
    action: text('action').notNull(),
    targetKind: text('target_kind').notNull(),
    targetRef: text('target_ref'),
    rows: json('rows').$type<Record<string, number>>().notNull(),
    totalRows: bigint('total_rows', { mode: 'number' }).notNull(),
  },
  (t) => [index('audit_log_site_seq').on(t.siteId, t.seq)],
);
