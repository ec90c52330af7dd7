import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Instance-wide key/value settings, e.g. which site is the built-in demo site. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
