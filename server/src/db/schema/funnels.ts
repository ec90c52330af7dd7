import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// The funnels' read model, derived by features/ingest/derive/session-step-deltas.ts in the same
// transaction as the events. Funnel steps are chosen when the funnel is read (a path pattern or a
// goal name), so what is kept is each session's own sequence of reaches, compact enough to walk
// at read time, and an index of which sessions first reached which page or goal when.

/**
 * The site's dictionary of step keys: every page path (`page`) and goal name (`track`) it has seen,
 * numbered, so a path pattern is matched against these few rows at read time, never against events.
 */
export const funnelKeys = sqliteTable(
  'funnel_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: text('site_id').notNull(),
    kind: text('kind', { enum: ['page', 'track'] }).notNull(),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('funnel_keys_site_kind_name').on(t.siteId, t.kind, t.name)],
);

/**
 * One row per session that viewed a page or tracked a goal: its visitor segment (of its first
 * event, as `sessions` has it) and `steps`, its reaches in time order as a flat JSON array
 * `[keyId, ts, keyId, ts, …]` (ties by key id), at most SESSION_STEP_LIMIT reaches (the earliest).
 */
export const sessionSteps = sqliteTable(
  'session_steps',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    /** Time of the session's first reach kept here. */
    firstTs: integer('first_ts').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    steps: text('steps').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.sessionId] }),
    index('session_steps_site_first_ts').on(t.siteId, t.firstTs),
  ],
);

/**
 * When each session first reached each key: the index a funnel's first step is looked up in
 * (by key, sample level and time, with the session id so the lookup never visits the table), so a
 * funnel reads only the sessions that entered it, or only its sample of them.
 */
export const sessionReaches = sqliteTable(
  'session_reaches',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    keyId: integer('key_id').notNull(),
    firstTs: integer('first_ts').notNull(),
    /** The session's sessionSampleLevel (lib/session-sample-level.ts), the same on all its rows. */
    sampleLevel: integer('sample_level').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.sessionId, t.keyId] }),
    index('session_reaches_key_sample').on(t.siteId, t.keyId, t.sampleLevel, t.firstTs, t.sessionId),
  ],
);
