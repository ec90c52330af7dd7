import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The traits each answer carried when given (`responses.traits`: its session's at that moment, or
 * a signed link's), one row per name, valued as the answers are filtered on (a link's booleans and
 * numbers as their text: `true`, `42`), with the answer's time. Traits never change once an answer
 * is stored (a later identify call leaves them), so the ingest writer writes these with the answer
 * and only its removal (erasure, data retention, the site's deletion) takes them. An audience the
 * answer counts do not key (two traits, or a trait with a segment filter) reads its answers of a
 * range from the rarest trait's index range here instead of parsing every answer's traits
 * (analytics/audience-answer-conditions.ts). Each row also carries what the score figures count of
 * its answer (kind, score, whether commented, page, device, browser, language), so the figures of
 * such an audience are summed from this table's index alone instead of looking every answer up by
 * id (a random read of `responses` per answer: at 10 M events about 4 µs each, 20 ms for a sample
 * of 5,000). The score and the comment can change after the answer is stored (a comment sent
 * after its score, a corrected score): the writer updates these rows with the answer.
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
    // The answer's own, as `responses` holds them now ('' and 0 only until the migration's backfill).
    kind: text('kind').notNull().default(''),
    score: integer('score').notNull().default(0),
    /** 1: the answer has a comment. */
    commented: integer('commented').notNull().default(0),
    path: text('path').notNull().default(''),
    device: text('device').notNull().default(''),
    browser: text('browser').notNull().default(''),
    language: text('language').notNull().default(''),
    /**
     * The answer's `resolved_at` (NULL while open), kept by the writer that resolves and reopens it:
     * an audience's resolutions are read from the resolved answers of its rarest trait.
     */
    resolvedAt: integer('resolved_at'),
  },
  (t) => [
    // The answers of a range with a trait value, in time order within each sample level (a read
    // names the levels it takes, so the time bounds each level's range), their ids read from the
    // key alone; an answer's other trait is one probe of it (all six columns: no row to read).
    primaryKey({ columns: [t.siteId, t.key, t.value, t.sampleLevel, t.createdAt, t.displayId] }),
    // An answer's traits: one per name, found to be removed with it or grouped by.
    uniqueIndex('response_traits_site_display_key').on(t.siteId, t.displayId, t.key),
    // The primary key's order with the answer's figures after it: an audience's score figures read
    // the range and its segment filters from the index alone (no row, no answer looked up).
    index('response_traits_figures').on(
      t.siteId,
      t.key,
      t.value,
      t.sampleLevel,
      t.createdAt,
      t.displayId,
      t.kind,
      t.score,
      t.commented,
      t.path,
      t.device,
      t.browser,
      t.language,
    ),
    // Partial: the resolved answers with a trait value by time of resolution (the overview's
    // resolutions under the audience), and all of them, by creation, for its resolved complaints.
    // Open answers, most of them, are not in it, so ingestion pays nothing.
    index('response_traits_resolved')
      .on(t.siteId, t.key, t.value, t.resolvedAt, t.createdAt, t.sampleLevel, t.displayId)
      .where(sql`resolved_at IS NOT NULL`),
  ],
);
