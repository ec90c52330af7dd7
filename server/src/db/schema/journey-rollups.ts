import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// The paths behind each answer, derived by features/ingest/derive/response-friction-deltas.ts in
// the same transaction as the events (with the friction before answering, from the same events).
// Hourly UTC buckets, with daily and monthly tiers the writer keeps alongside (a range reads
// whole months and days, analytics/tier-plan.ts).

const columns = () => ({
  siteId: text('site_id').notNull(),
  kind: text('kind').notNull(),
  depth: integer('depth').notNull(),
  hour: integer('hour').notNull(),
  journey: text('journey').notNull(),
  score: integer('score').notNull(),
  device: text('device').notNull(),
  browser: text('browser').notNull(),
  language: text('language').notNull(),
  responses: counterColumn('responses'),
});

/**
 * Answers by their **journey**: the last `depth` distinct page steps of the session before the
 * answer (a reload of the same page is one step), `journey` a JSON array of paths, oldest first.
 * Every answer counts once at each depth from 1 to its journey's length (at most five), so a
 * read of one depth is a GROUP BY over one slice of the table. Keyed by the answer's visitor
 * segment, so segment filters are answered too.
 */
export const journeyRollups = sqliteTable('journey_rollups', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.depth, t.hour, t.journey, t.score, t.device, t.browser, t.language] }),
]);
/** The same counts per UTC day and month (`hour` = their first hour), so a long range reads whole months. */
export const journeyRollupsDaily = sqliteTable('journey_rollups_daily', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.depth, t.hour, t.journey, t.score, t.device, t.browser, t.language] }),
]);
export const journeyRollupsMonthly = sqliteTable('journey_rollups_monthly', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.depth, t.hour, t.journey, t.score, t.device, t.browser, t.language] }),
]);

const bandColumns = () => ({
  siteId: text('site_id').notNull(),
  kind: text('kind').notNull(),
  depth: integer('depth').notNull(),
  /** The score's band (analytics/score-math.ts `segmentOf`): detractor, passive or promoter. */
  band: text('band').notNull(),
  hour: integer('hour').notNull(),
  journey: text('journey').notNull(),
  responses: counterColumn('responses'),
  /** The sum of the answers' scores, for the band's mean score. */
  scoreSum: counterColumn('score_sum'),
});

/**
 * The same answers folded to what GET /v1/insights/journeys reads when it has no segment filter:
 * per journey and score band, without the score and the visitor segment, so a band's journeys are
 * one index range (band before hour) of a few times fewer rows. Same grains, same writer.
 */
export const journeyBandRollups = sqliteTable('journey_band_rollups', bandColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.depth, t.band, t.hour, t.journey] }),
]);
export const journeyBandRollupsDaily = sqliteTable('journey_band_rollups_daily', bandColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.depth, t.band, t.hour, t.journey] }),
]);
export const journeyBandRollupsMonthly = sqliteTable('journey_band_rollups_monthly', bandColumns(), (t) => [
  primaryKey({ columns: [t.siteId, t.kind, t.depth, t.band, t.hour, t.journey] }),
]);
