import { HOUR_MS } from '../lib/hour-bucket.js';

// Which hours a commit may still change, and how a read learns that one it kept did. The sums of a
// series bucket that ended long ago are the same at every read, so a read keeps them in memory
// (analytics/closed-bucket-memo.ts) under the site's generation of closed_hour_generations
// (db/schema/closed-hour-generations.ts), kept per UTC day, which the ingest writer bumps for each
// day of which a commit changes a closed hour (db/cubes/cube-tier-deltas.ts). Nearly every commit
// changes only the last hours, so a busy site's kept buckets survive its traffic; a late one makes
// those of its days stale, no others.
//
// Why the two bounds are an hour apart: a commit that does not bump changed only hours that ended
// after `now_w − LATE_AFTER_MS` by its clock; a kept bucket ended before `now_r − LATE_AFTER_MS −
// CLOCK_MARGIN_MS` by the reader's. So no such commit can touch a kept bucket while the writer's
// clock (taken inside its transaction) is at most an hour behind the reader's: another instance's
// clock on PostgreSQL, or the time between the writer's `now` and its COMMIT.

/** An hour is closed once it ended this long ago. */
export const LATE_AFTER_MS = 24 * HOUR_MS;
/** The most the clocks of a writer and a reader may differ, the transaction's own time included. */
export const CLOCK_MARGIN_MS = HOUR_MS;

/** Whether a commit at `now` changing the UTC hour starting at `hour` changes a closed hour. */
export const isClosedHour = (hour: number, now: number): boolean => hour + HOUR_MS <= now - LATE_AFTER_MS;

/** Whether a read at `now` may keep the sums of a bucket ending at `end`. */
export const isKeptBucket = (end: number, now: number): boolean => end <= now - LATE_AFTER_MS - CLOCK_MARGIN_MS;

/** The writer's bump of a site's UTC day: the same text on SQLite and PostgreSQL (the alias names the stored row on both). */
export const BUMP_CLOSED_HOUR_GENERATION_SQL =
  'INSERT INTO closed_hour_generations AS g (site_id, day, generation) VALUES (?, ?, 1) ' +
  'ON CONFLICT (site_id, day) DO UPDATE SET generation = g.generation + 1';

/** The reader's, for the UTC days [from, to) of a series: a day without a row is generation 0. */
export const CLOSED_HOUR_GENERATIONS_SQL =
  'SELECT day, generation FROM closed_hour_generations WHERE site_id = ? AND day >= ? AND day < ?';
