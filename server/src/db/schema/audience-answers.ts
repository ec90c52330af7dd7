import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// Answers counted by who gave them: one trait (name, value) of the answer, or none (trait_key =
// '': every answer), and new vs returning, as trait_score_rollups counts them, with what the
// touchpoints, the journeys and the friction insight group by. A touchpoints, journeys or friction
// question that names an
// audience of at most one trait and no segment filter reads these instead of every answer of the
// range; the friction insight of such an audience reads its two friction cubes here. By UTC hour, day and month (`hour` = the unit's first hour), so a range reads whole
// months and days plus edge hours (analytics/tier-plan.ts). Kept by the ingest writer
// (features/ingest/derive/audience-answer-keys.ts), filled for older answers by
// db/backfill-audience-answers.ts.

/** Who answered, as every table here keys it, with the answer's kind and hour. */
const whoColumns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  kind: text('kind').notNull(),
  hour: integer('hour').notNull(),
  /** 1: the answer's session was a returning visitor's (as `sessions.returning`; 0 without a session). */
  returning: integer('returning').notNull(),
});

const pathColumns = () => ({
  ...whoColumns(),
  path: text('path').notNull(),
  score: integer('score').notNull(),
  responses: counterColumn('responses'),
});

/** Answers per page and score (the touchpoints' counts), by trait and new vs returning. */
export const audiencePathScores = sqliteTable('audience_path_scores', pathColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.path, t.score] }),
]);
export const audiencePathScoresDaily = sqliteTable('audience_path_scores_daily', pathColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.path, t.score] }),
]);
export const audiencePathScoresMonthly = sqliteTable('audience_path_scores_monthly', pathColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.path, t.score] }),
]);

const journeyColumns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  kind: text('kind').notNull(),
  depth: integer('depth').notNull(),
  /** The band of the score last counted in journey_rollups (`responses.friction_score`). */
  band: text('band').notNull(),
  hour: integer('hour').notNull(),
  returning: integer('returning').notNull(),
  journey: text('journey').notNull(),
  responses: counterColumn('responses'),
  /** The sum of the answers' scores, for the band's mean score. */
  scoreSum: counterColumn('score_sum'),
});

/** Answers per journey of one depth and score band (journey_band_rollups' counts), by trait and new vs returning. */
export const audienceJourneyRollups = sqliteTable('audience_journey_rollups', journeyColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.depth, t.band, t.hour, t.returning, t.journey],
  }),
]);
export const audienceJourneyRollupsDaily = sqliteTable('audience_journey_rollups_daily', journeyColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.depth, t.band, t.hour, t.returning, t.journey],
  }),
]);
export const audienceJourneyRollupsMonthly = sqliteTable('audience_journey_rollups_monthly', journeyColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.depth, t.band, t.hour, t.returning, t.journey],
  }),
]);

// The friction cubes (friction_rollups, friction_page_rollups) by who answered: each answer under
// the friction its session met before it and the score, as last counted in those cubes
// (`responses.friction_*`, `friction_score`, `friction_pages`), so a late friction event or a
// changed score moves it in both at once (features/ingest/derive/response-friction-deltas.ts).

const frictionColumns = () => ({
  ...whoColumns(),
  /** The friction types met before answering (FRICTION_BITS of response-friction.ts); 0: none. */
  mask: integer('mask').notNull(),
  /** The score last counted (`responses.friction_score`). */
  score: integer('score').notNull(),
  responses: counterColumn('responses'),
});

/** Answers per friction mask and score (friction_rollups' counts), by trait and new vs returning. */
export const audienceFrictionRollups = sqliteTable('audience_friction_rollups', frictionColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.mask, t.score] }),
]);
export const audienceFrictionRollupsDaily = sqliteTable('audience_friction_rollups_daily', frictionColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.mask, t.score] }),
]);
export const audienceFrictionRollupsMonthly = sqliteTable(
  'audience_friction_rollups_monthly',
  frictionColumns(),
  (t) => [primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.mask, t.score] })],
);

const frictionPageColumns = () => ({
  ...whoColumns(),
  /** A page seen before answering (a key of `responses.friction_pages`). */
  path: text('path').notNull(),
  /** 1: friction was met on that page before answering. */
  met: integer('met').notNull(),
  score: integer('score').notNull(),
  responses: counterColumn('responses'),
});

/** Answers per page seen before answering, friction met there or not, and score (friction_page_rollups' counts). */
export const audienceFrictionPageRollups = sqliteTable('audience_friction_page_rollups', frictionPageColumns(), (t) => [
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.path, t.met, t.score],
  }),
]);
export const audienceFrictionPageRollupsDaily = sqliteTable(
  'audience_friction_page_rollups_daily',
  frictionPageColumns(),
  (t) => [
    primaryKey({
      columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.path, t.met, t.score],
    }),
  ],
);
export const audienceFrictionPageRollupsMonthly = sqliteTable(
  'audience_friction_page_rollups_monthly',
  frictionPageColumns(),
  (t) => [
    primaryKey({
      columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.path, t.met, t.score],
    }),
  ],
);
