import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// The engagement histogram by who the session is (audience-engagement-counts.ts) split by the
// session's browser family or language (`dim`, as in audience-dimension-rates.ts): the engagement
// route under an audience of at most one trait with one of those filters reads these instead of
// the audience's sessions of the range. Its own table rather than a bucket column in
// audience_dimension_rates, which would multiply the breakdowns' rows by the buckets; `dim` rather
// than browser and language columns, which would multiply each other's values. Both filters at
// once still read the sessions. By UTC hour, day and month (`hour` = the unit's first hour).

const columns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  /** browser or language. */
  dim: text('dim').notNull(),
  hour: integer('hour').notNull(),
  returning: integer('returning').notNull(),
  device: text('device').notNull(),
  /** The session's browser family or language tag ('' = unknown). */
  value: text('value').notNull(),
  /** engagementBucket(the session's engaged_ms). */
  bucket: integer('bucket').notNull(),
  sessions: counterColumn('sessions'),
  engagedMs: counterColumn('engaged_ms'),
});

export const audienceDimensionEngagementCounts = sqliteTable('audience_dimension_engagement_counts', columns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.dim, t.hour, t.returning, t.device, t.value, t.bucket],
  }),
]);
export const audienceDimensionEngagementCountsDaily = sqliteTable(
  'audience_dimension_engagement_counts_daily',
  columns(),
  (t) => [
    primaryKey({
      columns: [t.siteId, t.traitKey, t.traitValue, t.dim, t.hour, t.returning, t.device, t.value, t.bucket],
    }),
  ],
);
export const audienceDimensionEngagementCountsMonthly = sqliteTable(
  'audience_dimension_engagement_counts_monthly',
  columns(),
  (t) => [
    primaryKey({
      columns: [t.siteId, t.traitKey, t.traitValue, t.dim, t.hour, t.returning, t.device, t.value, t.bucket],
    }),
  ],
);
