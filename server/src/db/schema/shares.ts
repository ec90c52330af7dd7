import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sites } from './sites.js';

/**
 * Shared links: read-only views of one site. The link's key (32 random bytes) is stored only as its
 * SHA-256, like the site's secret key; the optional password as a scrypt hash, like a user's.
 */
export const shares = sqliteTable(
  'shares',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    keyHash: text('key_hash').notNull().unique(),
    label: text('label').notNull(),
    passwordHash: text('password_hash'),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
  },
  (t) => [index('shares_site_idx').on(t.siteId)],
);

/**
 * The cookie a shared view gets once its link (and password) checked out: 32 random bytes, stored
 * as their SHA-256. Revoking the link deletes these rows with it, so every open view ends at once.
 */
export const shareSessions = sqliteTable(
  'share_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    shareId: text('share_id')
      .notNull()
      .references(() => shares.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('share_sessions_share_idx').on(t.shareId), index('share_sessions_expires_idx').on(t.expiresAt)],
);
