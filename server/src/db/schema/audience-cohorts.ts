import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { cohortRollupColumns } from './cohort-rollup-table.js';
import { counterColumn } from './counter-column.js';

// Retention cohorts under a trait (`GET /v1/metrics/retention?trait.<name>=<value>`, with or
// without `returning`), kept by features/ingest/derive/audience-cohort-counts.ts. The audience of
// a retention table is a set of people, not of sessions: a visitor is in it, with all their
// periods, when one of their stored sessions carries the trait (and is returning or new as asked).

/**
 * Who is in which audience: per visitor, trait and value of a session, and the session's
 * returning flag, how many of the visitor's stored sessions carry it. A row with no session left
 * is deleted. Personal data: erased with the visitor (docs/privacy.md).
 */
export const visitorTraitSessions = sqliteTable(
  'visitor_trait_sessions',
  {
    siteId: text('site_id').notNull(),
    visitorId: text('visitor_id').notNull(),
    traitKey: text('trait_key').notNull(),
    traitValue: text('trait_value').notNull(),
    returning: integer('returning').notNull(),
    sessions: counterColumn('sessions'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.visitorId, t.traitKey, t.traitValue, t.returning] })],
);

/**
 * cohort_rollups for the people of one trait: the same counters, of the visitors in
 * visitor_trait_sessions under (trait_key, trait_value) with a session whose returning flag is
 * `returning` (0 or 1), or either (2: the audience names no `returning`). Unlike cohort_rollups
 * these follow what is stored: a person's periods leave them when the retention job deletes their
 * rows, and a person leaves whole when no session of theirs carries the trait any more.
 */
export const audienceCohortRollups = sqliteTable(
  'audience_cohort_rollups',
  {
    siteId: text('site_id').notNull(),
    traitKey: text('trait_key').notNull(),
    traitValue: text('trait_value').notNull(),
    returning: integer('returning').notNull(),
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
