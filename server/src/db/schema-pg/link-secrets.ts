import { bigint, pgTable, text } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of db/schema/link-secrets.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const linkSecrets = pgTable('link_secrets', {
  siteId: text('site_id').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  previousSecret: text('previous_secret'),
  previousUntil: bigint('previous_until', { mode: 'number' }),
});
