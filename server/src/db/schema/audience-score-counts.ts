import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// The answers of trait_score_rollups (customer-traits.ts) by who gave them, without the prompt,
// browser and language: per trait (name, value; '' for every answer), new vs returning, device,
// kind and score, by UTC hour, day and month (`hour` = the unit's first hour). The overview and the
// time series under an audience read these as whole months and days plus edge hours
// (analytics/tier-plan.ts): a New York day is one UTC day's rows and ten hours' rather than 24
// hours' of every prompt, browser and language. The writer adds to them wherever it adds to
// trait_score_rollups (features/ingest/derive/customer-deltas.ts), so they are its sums.

const columns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  hour: integer('hour').notNull(),
  /** 1: the answer's session was a returning visitor's. */
  returning: integer('returning').notNull(),
  device: text('device').notNull(),
  kind: text('kind').notNull(),
  score: integer('score').notNull(),
  responses: counterColumn('responses'),
  comments: counterColumn('comments'),
});

export const audienceScoreCounts = sqliteTable('audience_score_counts', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.kind, t.score] }),
]);
export const audienceScoreCountsDaily = sqliteTable('audience_score_counts_daily', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.kind, t.score] }),
]);
export const audienceScoreCountsMonthly = sqliteTable('audience_score_counts_monthly', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.kind, t.score] }),
]);
