import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// Who the customer is: what `loupe('identify', customerId, traits)` said, kept per session by the
// ingest writer (features/ingest/derive/identify-deltas.ts). The customer id itself is in
// sessions.customer_id; answers given after the call carry both (responses.customer_id, .traits).

/**
 * The traits of a session, one row per name; values are text (`pro`, `42`, `true`). An identify
 * call replaces the session's traits; one without an id or traits removes them.
 */
export const sessionTraits = sqliteTable(
  'session_traits',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    /** The session's `sessions.hour` (fixed when the session is first stored). */
    hour: integer('hour').notNull().default(0),
    /** sessionSampleLevel(session_id): the deepest fixed sample the session belongs to. */
    sampleLevel: integer('sample_level').notNull().default(0),
    /**
     * sessionSampleLevel(visitor_id) of the session's visitor (0 without one): the deepest fixed
     * sample of people the visitor belongs to, the same on each of their sessions' rows, so a
     * sample of a trait's rows at a level holds every session of the people it holds.
     */
    personLevel: integer('person_level').notNull().default(0),
    /**
     * 1: the session has a task run (task_runs), set by the writer with the session's first run or
     * with the row when runs came first; never cleared (a run removed later leaves a row the read
     * joins to nothing). The tasks of an audience walk only these rows.
     */
    tasks: integer('tasks').notNull().default(0),
    /**
     * The session's visitor id (sessions.visitor_id, its first; NULL without one), kept with
     * person_level so a retention table of an audience reads its people from the person index
     * alone instead of looking each session up (features/cohorts/audience-people.ts).
     */
    visitorId: text('visitor_id'),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.sessionId, t.key] }),
    // The sessions with a trait value, by sample level, then by the hour they started: a read of an
    // audience walks its rarest trait's sessions of a range here, or a fixed sample of them (one
    // index range per level, bounded by the hour; analytics/audience-sessions.ts), and the trait
    // names are listed from it.
    index('session_traits_key_sample').on(t.siteId, t.key, t.value, t.sampleLevel, t.hour, t.sessionId),
    // The same by the visitor's level: a retention table of an audience walks a fixed sample of its
    // people here (features/cohorts/audience-people.ts), a sample of sessions not being one of people;
    // with the visitor id last, that walk reads its people without a row.
    index('session_traits_key_person').on(t.siteId, t.key, t.value, t.personLevel, t.hour, t.sessionId, t.visitorId),
    // The sessions with a trait value and a task run, by hour: the tasks of an audience
    // (features/tasks/audience-task-runs.ts) are read from these few rows, not a lookup of the runs
    // of every session with the trait (most have none).
    index('session_traits_key_tasks').on(t.siteId, t.key, t.value, t.hour, t.sessionId).where(sql`${t.tasks} = 1`),
  ],
);

/**
 * Answers per score value by one trait (name, value) of the answer and the visitor's segment
 * (device, browser, language, new or returning), hourly in UTC like score_rollups. Each answer
 * counts once per trait it carries, and once more under trait_key = '' (every answer), which
 * answers the `returning` filter without a trait. A filter on one trait, or a grouping by one,
 * reads these rows; several traits at once are read from the answers themselves.
 */
export const traitScoreRollups = sqliteTable(
  'trait_score_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    traitKey: text('trait_key').notNull(),
    traitValue: text('trait_value').notNull(),
    promptId: text('prompt_id').notNull(),
    kind: text('kind').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    /** 1: the answer's session was a returning visitor's (its visitor had an earlier session). */
    returning: integer('returning').notNull(),
    score: integer('score').notNull(),
    responses: counterColumn('responses'),
    comments: counterColumn('comments'),
  },
  (t) => [
    primaryKey({
      columns: [
        t.siteId,
        t.traitKey,
        t.traitValue,
        t.hour,
        t.promptId,
        t.kind,
        t.device,
        t.browser,
        t.language,
        t.returning,
        t.score,
      ],
    }),
  ],
);
