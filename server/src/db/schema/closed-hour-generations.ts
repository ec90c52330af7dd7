import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Written by the ingest writer (features/ingest/writer/ingest-store.ts) in the commit that changes
// a closed hour; read by analytics/closed-bucket-memo.ts.

/**
 * Per site, how many commits changed an hour that had closed (analytics/closed-hours.ts: ended
 * over a day before the commit): a late event, a session running over a day, a comment merged into
 * an old answer. Reads keep the sums of closed series buckets in memory under the generation they
 * read first, so any such commit, on any instance, makes every kept bucket of the site stale at
 * once. Commits to open hours (nearly all) leave it alone. No row: generation 0.
 */
export const closedHourGenerations = sqliteTable('closed_hour_generations', {
  siteId: text('site_id').primaryKey(),
  generation: integer('generation').notNull(),
});
