import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// Saved funnels (features/funnels/saved-funnel-*.ts): a site's named funnels, counted by the ingest
// writer as events arrive (features/ingest/derive/saved-funnel-deltas.ts), so reading one over any
// range sums a few rows instead of walking every session that entered it. Plain tables the
// derivation upserts itself, no trigger.

/**
 * The definitions. `generation` changes with the steps: counts are kept per (funnel, generation), so
 * new steps start counting afresh while the old generation's rows are deleted in the background.
 * `backfill_cursor` is the last session id the background count reached over `session_steps`
 * (sessions stored before the funnel was saved); null once every stored session is counted.
 */
export const savedFunnels = sqliteTable(
  'saved_funnels',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    name: text('name').notNull(),
    /** The steps as written, a JSON array of strings (`/cart`, `/product/*`, `track:purchase`). */
    steps: text('steps').notNull(),
    generation: integer('generation').notNull(),
    backfillCursor: text('backfill_cursor'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('saved_funnels_site').on(t.siteId)],
);

/**
 * Each session's progress through each saved funnel: the time of every step it reached (a JSON
 * array, as funnel-walk.ts returns it), so a change to the session moves exactly its old
 * contribution out of the counts and its new one in. Only sessions that reached step 1 have a row.
 */
export const savedFunnelSessions = sqliteTable(
  'saved_funnel_sessions',
  {
    siteId: text('site_id').notNull(),
    funnelId: text('funnel_id').notNull(),
    generation: integer('generation').notNull(),
    sessionId: text('session_id').notNull(),
    times: text('times').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.funnelId, t.generation, t.sessionId] }),
    // A session's rows across funnels: what erasure and the retention job delete with it.
    index('saved_funnel_sessions_site_session').on(t.siteId, t.sessionId),
  ],
);

const countColumns = {
  siteId: text('site_id').notNull(),
  funnelId: text('funnel_id').notNull(),
  generation: integer('generation').notNull(),
  /** Start of the UTC hour (day, month) of the session's step 1: the funnel's range holds step 1. */
  hour: integer('hour').notNull(),
  /**
   * 0-based step reached; -1 for the whole funnel completed. Step 0's rows have bucket -1; step k's
   * bucket is the time from step k−1 (the whole funnel's, from step 0 to the last) as a log bucket
   * of lib/engagement-histogram.ts, so medians are read from summed counts.
   */
  step: integer('step').notNull(),
  bucket: integer('bucket').notNull(),
  sessions: counterColumn('sessions'),
};
/** Sessions per hour of step 1, step reached and time bucket; `_daily` and `_monthly` the same by UTC day and month. */
export const savedFunnelCounts = sqliteTable('saved_funnel_counts', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.funnelId, t.generation, t.hour, t.step, t.bucket] }),
]);
export const savedFunnelCountsDaily = sqliteTable('saved_funnel_counts_daily', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.funnelId, t.generation, t.hour, t.step, t.bucket] }),
]);
export const savedFunnelCountsMonthly = sqliteTable('saved_funnel_counts_monthly', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.funnelId, t.generation, t.hour, t.step, t.bucket] }),
]);

/** Generations whose rows the background job still has to delete (a funnel deleted, or its steps changed). */
export const savedFunnelGarbage = sqliteTable(
  'saved_funnel_garbage',
  {
    siteId: text('site_id').notNull(),
    funnelId: text('funnel_id').notNull(),
    generation: integer('generation').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.funnelId, t.generation] })],
);
