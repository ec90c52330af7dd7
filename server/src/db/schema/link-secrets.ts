import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Each site's link secret (features/link-surveys/): the HMAC key its own backend signs link tokens
 * with. Sealed like webhook secrets (secret-box.ts): the server verifies with it, so a hash would
 * not do. Created on first use; after a rotation the previous secret still verifies until
 * previous_until, so links already in inboxes keep their context.
 */
export const linkSecrets = sqliteTable('link_secrets', {
  siteId: text('site_id').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: integer('created_at').notNull(),
  previousSecret: text('previous_secret'),
  previousUntil: integer('previous_until'),
});
