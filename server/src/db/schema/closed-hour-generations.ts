import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Written by the ingest writer (db/cubes/cube-tier-deltas.ts) in the commit that changes a closed
// hour; read by analytics/closed-bucket-memo.ts.

/**
 * Per site and UTC day, how many commits changed one of the day's hours after it had closed
 * (db/closed-hours.ts: ended over a day before the commit): a late event, a comment merged into an
 * old answer. Reads keep the sums of closed series buckets in memory under the generations of the
 * days they cover, so such a commit, on any instance, makes the kept buckets of that day stale at
 * once and leaves the others. Commits to open hours (nearly all) write nothing here. No row:
 * generation 0.
 */
export const closedHourGenerations = sqliteTable(
  'closed_hour_generations',
  {
    siteId: text('site_id').notNull(),
    day: integer('day').notNull(),
    generation: integer('generation').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day] })],
);
