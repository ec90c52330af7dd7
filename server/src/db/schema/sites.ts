import { DEFAULT_RAW_EVENTS_DAYS } from '@loupe/shared/constants';
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
  /**
   * When the writer last committed an event of this site (epoch ms): the dashboard's "is the script
   * installed?" light. Written once per site per group commit, so it costs one UPDATE per commit.
   */
  lastEventAt: integer('last_event_at'),
  /**
   * Retention (features/retention/): days of the site's time zone that raw events, with the sessions
   * and page visits derived from them, are kept; and answers, or null to keep them.
   */
  rawEventsDays: integer('raw_events_days').notNull().default(DEFAULT_RAW_EVENTS_DAYS),
  responsesDays: integer('responses_days'),
});

/**
 * Sites being deleted: the site's row is gone already (so nothing reads or sends to it), and its
 * rows in every other table are being removed in batches. A row here outlives a restart, which
 * resumes the removal; it is deleted last.
 */
export const siteDeletions = sqliteTable('site_deletions', {
  siteId: text('site_id').primaryKey(),
  name: text('name').notNull(),
  requestedAt: integer('requested_at').notNull(),
  /** The user who asked (null: the admin token). */
  requestedBy: text('requested_by'),
});
