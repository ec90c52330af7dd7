import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// The engagement histogram (lib/engagement-histogram.ts) counted by who the session is: the
// sessions of audience_session_rates (audience-session-rates.ts: one trait of the session or none,
// new vs returning, device) by the log bucket of their engaged time, with that time summed. The
// engagement route under an audience of at most one trait, with no filter but the device, reads
// these instead of the audience's sessions of the range; its median then comes from the bucket
// counts, as it does without an audience. No browser or language column: each would multiply the
// rows by its values for filters the route rarely combines with an audience (docs/query-speed.md,
// "Engagement under an audience"); one of those filters reads the same rows split by it
// (audience-dimension-engagement-counts.ts), both read the sessions. By UTC hour, day and month
// (`hour` = the unit's first hour), read as in analytics/tier-plan.ts.

const columns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  hour: integer('hour').notNull(),
  returning: integer('returning').notNull(),
  device: text('device').notNull(),
  /** engagementBucket(the session's engaged_ms). */
  bucket: integer('bucket').notNull(),
  sessions: counterColumn('sessions'),
  engagedMs: counterColumn('engaged_ms'),
});

export const audienceEngagementCounts = sqliteTable('audience_engagement_counts', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.bucket] }),
]);
export const audienceEngagementCountsDaily = sqliteTable('audience_engagement_counts_daily', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.bucket] }),
]);
export const audienceEngagementCountsMonthly = sqliteTable('audience_engagement_counts_monthly', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.bucket] }),
]);
