import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/audience-answers.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

/** Who answered, as every table here keys it, with the answer's kind and hour. */
const whoColumns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  kind: text('kind').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  returning: bigint('returning', { mode: 'number' }).notNull(),
});

const pathColumns = () => ({
  ...whoColumns(),
  path: text('path').notNull(),
  score: bigint('score', { mode: 'number' }).notNull(),
  responses: counterColumn('responses'),
});

export const audiencePathScores = pgTable('audience_path_scores', pathColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.path, t.score] }),
]);
export const audiencePathScoresDaily = pgTable('audience_path_scores_daily', pathColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.path, t.score] }),
]);
export const audiencePathScoresMonthly = pgTable('audience_path_scores_monthly', pathColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.path, t.score] }),
]);

const journeyColumns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  kind: text('kind').notNull(),
  depth: bigint('depth', { mode: 'number' }).notNull(),
  band: text('band').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  returning: bigint('returning', { mode: 'number' }).notNull(),
  journey: text('journey').notNull(),
  responses: counterColumn('responses'),
  scoreSum: counterColumn('score_sum'),
});

export const audienceJourneyRollups = pgTable('audience_journey_rollups', journeyColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.depth, t.band, t.hour, t.returning, t.journey],
  }),
]);
export const audienceJourneyRollupsDaily = pgTable('audience_journey_rollups_daily', journeyColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.depth, t.band, t.hour, t.returning, t.journey],
  }),
]);
export const audienceJourneyRollupsMonthly = pgTable('audience_journey_rollups_monthly', journeyColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.depth, t.band, t.hour, t.returning, t.journey],
  }),
]);

const frictionColumns = () => ({
  ...whoColumns(),
  mask: bigint('mask', { mode: 'number' }).notNull(),
  score: bigint('score', { mode: 'number' }).notNull(),
  responses: counterColumn('responses'),
});

export const audienceFrictionRollups = pgTable('audience_friction_rollups', frictionColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.mask, t.score] }),
]);
export const audienceFrictionRollupsDaily = pgTable('audience_friction_rollups_daily', frictionColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.mask, t.score] }),
]);
export const audienceFrictionRollupsMonthly = pgTable('audience_friction_rollups_monthly', frictionColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.mask, t.score] }),
]);

const frictionPageColumns = () => ({
  ...whoColumns(),
  path: text('path').notNull(),
  met: bigint('met', { mode: 'number' }).notNull(),
  score: bigint('score', { mode: 'number' }).notNull(),
  responses: counterColumn('responses'),
});

export const audienceFrictionPageRollups = pgTable('audience_friction_page_rollups', frictionPageColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.path, t.met, t.score],
  }),
]);
export const audienceFrictionPageRollupsDaily = pgTable(
  'audience_friction_page_rollups_daily',
  frictionPageColumns(),
  (t) => [
    primaryKey({
      columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.path, t.met, t.score],
    }),
  ],
);
export const audienceFrictionPageRollupsMonthly = pgTable(
  'audience_friction_page_rollups_monthly',
  frictionPageColumns(),
  (t) => [
    primaryKey({
      columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.path, t.met, t.score],
    }),
  ],
);
