import { integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The traits each answer carried when given (`responses.traits`: its session's at that moment, or
 * a signed link's), one row per name, valued as the answers are filtered on (a link's booleans and
 * numbers as their text: `true`, `42`), with the answer's time. Traits never change once an answer
 * is stored (a later identify call leaves them), so the ingest writer writes these with the answer
 * and only its removal (erasure, data retention, the site's deletion) takes them. An audience the
 * answer counts do not key (two traits, or a trait with a segment filter) reads its answers of a
 * range from the rarest trait's index range here instead of parsing every answer's traits
 * (analytics/audience-answer-conditions.ts).
 */
export const responseTraits = sqliteTable(
  'response_traits',
  {
    siteId: text('site_id').notNull(),
    /** The answer (`responses.display_id`). */
    displayId: text('display_id').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    /**
     * The answer's sample level (lib/session-sample-level.ts over its display id: a link's answer
     * has no session), so a read of a busy audience walks a fixed sample of its answers.
     */
    sampleLevel: integer('sample_level').notNull().default(0),
    /** The answer's `created_at`: the routes bound answers by it. */
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    // The answers of a range with a trait value, in time order within each sample level (a read
    // names the levels it takes, so the time bounds each level's range), their ids read from the
    // key alone; an answer's other trait is one probe of it (all six columns: no row to read).
    primaryKey({ columns: [t.siteId, t.key, t.value, t.sampleLevel, t.createdAt, t.displayId] }),
    // An answer's traits: one per name, found to be removed with it or grouped by.
    uniqueIndex('response_traits_site_display_key').on(t.siteId, t.displayId, t.key),
  ],
);
