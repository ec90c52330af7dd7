import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of db/schema/page-groups.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const pageGroups = pgTable(
  'page_groups',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    name: text('name').notNull(),
    match: text('match', { enum: ['exact', 'prefix', 'wildcard'] }).notNull(),
    pattern: text('pattern').notNull(),
    position: bigint('position', { mode: 'number' }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('page_groups_site_position').on(t.siteId, t.position)],
);
