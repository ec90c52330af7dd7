import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/audience-dimension-engagement-counts.ts: the same tables, columns and
// keys, whose meaning is documented there; the types follow the mapping in schema-pg/index.ts.

const columns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  dim: text('dim').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  returning: bigint('returning', { mode: 'number' }).notNull(),
  device: text('device').notNull(),
  value: text('value').notNull(),
  bucket: bigint('bucket', { mode: 'number' }).notNull(),
  sessions: counterColumn('sessions'),
  engagedMs: counterColumn('engaged_ms'),
});

export const audienceDimensionEngagementCounts = pgTable('audience_dimension_engagement_counts', columns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.dim, t.hour, t.returning, t.device, t.value, t.bucket],
  }),
]);
export const audienceDimensionEngagementCountsDaily = pgTable(
  'audience_dimension_engagement_counts_daily',
  columns(),
  (t) => [
    primaryKey({
      columns: [t.siteId, t.traitKey, t.traitValue, t.dim, t.hour, t.returning, t.device, t.value, t.bucket],
    }),
  ],
);
export const audienceDimensionEngagementCountsMonthly = pgTable(
  'audience_dimension_engagement_counts_monthly',
  columns(),
  (t) => [
    primaryKey({
      columns: [t.siteId, t.traitKey, t.traitValue, t.dim, t.hour, t.returning, t.device, t.value, t.bucket],
    }),
  ],
);
