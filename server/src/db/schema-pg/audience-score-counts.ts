import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/audience-score-counts.ts: the same tables, columns and keys,
// whose meaning is documented there; the types follow the mapping in schema-pg/index.ts.

const columns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  returning: bigint('returning', { mode: 'number' }).notNull(),
  device: text('device').notNull(),
  kind: text('kind').notNull(),
  score: bigint('score', { mode: 'number' }).notNull(),
  responses: counterColumn('responses'),
  comments: counterColumn('comments'),
});

export const audienceScoreCounts = pgTable('audience_score_counts', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.kind, t.score] }),
]);
export const audienceScoreCountsDaily = pgTable('audience_score_counts_daily', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.kind, t.score] }),
]);
export const audienceScoreCountsMonthly = pgTable('audience_score_counts_monthly', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.kind, t.score] }),
]);
