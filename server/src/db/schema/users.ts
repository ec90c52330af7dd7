import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sites } from './sites.js';

/**
 * People who log in to the dashboard (site keys are for scripts). `email` is stored normalised
 * (trimmed, NFC, lower-case), so the unique constraint is case-insensitive. `password_hash` is a
 * self-describing scrypt string (features/accounts/password-hash.ts); the password is never stored.
 */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  role: text('role', { enum: ['owner', 'viewer'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at').notNull(),
  passwordChangedAt: integer('password_changed_at').notNull(),
});

/** Which sites a viewer may read. Owners see every site and need no rows here. */
export const userSites = sqliteTable(
  'user_sites',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.siteId] }), index('user_sites_site_idx').on(t.siteId)],
);

/**
 * Login sessions. The cookie carries 32 random bytes; only their SHA-256 is stored, so a copy of
 * the database does not hold usable sessions. Expiry slides forward as the session is used.
 */
export const loginSessions = sqliteTable(
  'login_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('login_sessions_user_idx').on(t.userId), index('login_sessions_expires_idx').on(t.expiresAt)],
);

/** One-time links that create the first owner; stored hashed, valid for a day, at most one live. */
export const setupTokens = sqliteTable('setup_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
});
