import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { sites } from './sites.js';

// The PostgreSQL twin of db/schema/shares.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const shares = pgTable(
  'shares',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    keyHash: text('key_hash').notNull().unique(),
    label: text('label').notNull(),
    passwordHash: text('password_hash'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    lastUsedAt: bigint('last_used_at', { mode: 'number' }),
  },
  (t) => [index('shares_site_idx').on(t.siteId)],
);

export const shareSessions = pgTable(
  'share_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    shareId: text('share_id')
      .notNull()
      .references(() => shares.id, { onDelete: 'cascade' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('share_sessions_share_idx').on(t.shareId), index('share_sessions_expires_idx').on(t.expiresAt)],
);
