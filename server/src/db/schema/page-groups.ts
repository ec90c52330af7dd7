import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * A site's **page groups** (features/page-groups/): a name for the pages whose path matches a
 * pattern (exact, prefix or wildcard, as a prompt's URL rule), so scores can be read per
 * touchpoint ("Checkout", "Product pages"). Applied when read, over the per-page score rollups:
 * changing a group changes every answer, past ones too, with no re-ingest. A path belongs to the
 * first group, by position, whose pattern matches it.
 */
export const pageGroups = sqliteTable(
  'page_groups',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    name: text('name').notNull(),
    match: text('match', { enum: ['exact', 'prefix', 'wildcard'] }).notNull(),
    pattern: text('pattern').notNull(),
    position: integer('position').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('page_groups_site_position').on(t.siteId, t.position)],
);
