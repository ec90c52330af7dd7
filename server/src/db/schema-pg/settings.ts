import { pgTable, text } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of db/schema/settings.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
