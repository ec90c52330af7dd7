import { DEFAULT_RAW_EVENTS_DAYS } from '@loupe/shared/constants';
import { sql } from 'drizzle-orm';
import { bigint, json, pgTable, text } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of db/schema/sites.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const sites = pgTable('sites', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  origins: json('origins').$type<string[]>().notNull().default(sql`'[]'`),
  publicKey: text('public_key').notNull().unique(),
  secretHash: text('secret_hash').notNull().unique(),
  timeZone: text('time_zone').notNull().default('UTC'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  secretRotatedAt: bigint('secret_rotated_at', { mode: 'number' }),
  lastEventAt: bigint('last_event_at', { mode: 'number' }),
  rawEventsDays: bigint('raw_events_days', { mode: 'number' }).notNull().default(DEFAULT_RAW_EVENTS_DAYS),
  responsesDays: bigint('responses_days', { mode: 'number' }),
});

export const siteDeletions = pgTable('site_deletions', {
  siteId: text('site_id').primaryKey(),
  name: text('name').notNull(),
  requestedAt: bigint('requested_at', { mode: 'number' }).notNull(),
  requestedBy: text('requested_by'),
});
