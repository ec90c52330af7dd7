import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Timestamps are epoch milliseconds in INTEGER columns: compact, indexable, and time-zone free;
// time zones are applied when reading aggregates, never when storing.

export const sites = sqliteTable('sites', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** JSON array of allowed origins (scheme://host[:port]). */
  origins: text('origins', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  publicKey: text('public_key').notNull().unique(),
  /** SHA-256 of the secret key: the key itself is shown once and never stored. */
  secretHash: text('secret_hash').notNull().unique(),
  /** IANA time zone the dashboard reads the site's data in by default. */
  timeZone: text('time_zone').notNull().default('UTC'),
  createdAt: integer('created_at').notNull(),
  secretRotatedAt: integer('secret_rotated_at'),
});
