import { bigint, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/saved-funnels.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts (steps and times are JSON the
// code keeps as text, so text).

export const savedFunnels = pgTable(
  'saved_funnels',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    name: text('name').notNull(),
    steps: text('steps').notNull(),
    generation: bigint('generation', { mode: 'number' }).notNull(),
    backfillCursor: text('backfill_cursor'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('saved_funnels_site').on(t.siteId)],
);

export const savedFunnelSessions = pgTable(
  'saved_funnel_sessions',
  {
    siteId: text('site_id').notNull(),
    funnelId: text('funnel_id').notNull(),
    generation: bigint('generation', { mode: 'number' }).notNull(),
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
  generation: bigint('generation', { mode: 'number' }).notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  step: bigint('step', { mode: 'number' }).notNull(),
  bucket: bigint('bucket', { mode: 'number' }).notNull(),
  sessions: counterColumn('sessions'),
};
export const savedFunnelCounts = pgTable('saved_funnel_counts', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.funnelId, t.generation, t.hour, t.step, t.bucket] }),
]);
export const savedFunnelCountsDaily = pgTable('saved_funnel_counts_daily', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.funnelId, t.generation, t.hour, t.step, t.bucket] }),
]);
export const savedFunnelCountsMonthly = pgTable('saved_funnel_counts_monthly', countColumns, (t) => [
  primaryKey({ columns: [t.siteId, t.funnelId, t.generation, t.hour, t.step, t.bucket] }),
]);

export const savedFunnelGarbage = pgTable(
  'saved_funnel_garbage',
  {
    siteId: text('site_id').notNull(),
    funnelId: text('funnel_id').notNull(),
    generation: bigint('generation', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.funnelId, t.generation] })],
);
