import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { cohortRollupColumns } from './cohort-rollup-table.js';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/audience-cohorts.ts: the same tables, columns and keys, whose
// meaning is documented there; the types follow the mapping in schema-pg/index.ts.

export const visitorTraitSessions = pgTable(
  'visitor_trait_sessions',
  {
    siteId: text('site_id').notNull(),
    visitorId: text('visitor_id').notNull(),
    traitKey: text('trait_key').notNull(),
    traitValue: text('trait_value').notNull(),
    returning: bigint('returning', { mode: 'number' }).notNull(),
    sessions: counterColumn('sessions'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.visitorId, t.traitKey, t.traitValue, t.returning] })],
);

export const audienceCohortRollups = pgTable(
  'audience_cohort_rollups',
  {
    siteId: text('site_id').notNull(),
    traitKey: text('trait_key').notNull(),
    traitValue: text('trait_value').notNull(),
    returning: bigint('returning', { mode: 'number' }).notNull(),
    ...cohortRollupColumns(),
  },
  (t) => [
    primaryKey({
      columns: [
        t.siteId,
        t.traitKey,
        t.traitValue,
        t.returning,
        t.interval,
        t.cohort,
        t.period,
        t.device,
        t.browser,
        t.language,
      ],
    }),
  ],
);
