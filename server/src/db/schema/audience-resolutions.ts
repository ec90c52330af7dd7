import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// The overview's resolutions (resolution-rollups.ts) counted by who answered: one trait (name,
// value) the answer carried when given (`responses.traits`), or none (trait_key = '': every
// answer), its session's returning flag as stored now (0 without a session row, as the read of
// the answers joins it) and the answer's device. The same rows as resolution_rollups otherwise: a
// resolved answer in the hour it was resolved, in its time to resolve's log bucket, and a resolved
// complaint in the hour it was given under bucket −2. An overview that names an audience of at
// most one trait, with no filter but the device, reads these instead of the audience's answers
// (features/responses/audience-resolution-counts.ts keeps them). By UTC hour, day and month
// (`hour` = the unit's first hour), read as in analytics/tier-plan.ts.

const columns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  hour: integer('hour').notNull(),
  /** 1: the answer's session is a returning visitor's (`sessions.returning`). */
  returning: integer('returning').notNull(),
  device: text('device').notNull(),
  bucket: integer('bucket').notNull(),
  answers: counterColumn('answers'),
});

export const audienceResolutions = sqliteTable('audience_resolutions', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.bucket] }),
]);
export const audienceResolutionsDaily = sqliteTable('audience_resolutions_daily', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.bucket] }),
]);
export const audienceResolutionsMonthly = sqliteTable('audience_resolutions_monthly', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.bucket] }),
]);
