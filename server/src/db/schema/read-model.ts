import { blob, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// What the read API needs beyond the ingest rollups, derived by features/ingest/derive/read-model-deltas.ts
// in the same transaction as the events. Hourly UTC buckets, like rollups.ts.

const count = (name: string) => integer(name).notNull().default(0);

/** One row per error fingerprint: first/last seen and the latest sample (already scrubbed). */
export const errorGroups = sqliteTable(
  'error_groups',
  {
    siteId: text('site_id').notNull(),
    fingerprint: text('fingerprint').notNull(),
    source: text('source').notNull(),
    errorType: text('error_type').notNull(),
    message: text('message').notNull(),
    /** JSON array of stack frames of the latest sample, or NULL. */
    frames: text('frames'),
    samplePath: text('sample_path').notNull(),
    firstTs: integer('first_ts').notNull(),
    lastTs: integer('last_ts').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.fingerprint] })],
);

/** (session, fingerprint) pairs already counted, so "sessions affected" counts each session once. */
export const sessionErrors = sqliteTable(
  'session_errors',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    fingerprint: text('fingerprint').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.sessionId, t.fingerprint] })],
);

/** Sessions affected per fingerprint, counted in the hour and on the page of the first occurrence. */
export const errorSessionRollups = sqliteTable(
  'error_session_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    fingerprint: text('fingerprint').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    sessions: count('sessions'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.fingerprint, t.path, t.device] })],
);

/** (session, goal) pairs already counted as a conversion. */
export const sessionGoals = sqliteTable(
  'session_goals',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.sessionId, t.name] })],
);

/**
 * `track` goals. `conversions` counts each session once, in the hour its session started (the
 * bucket session_rollups counts it in), so conversions ÷ sessions is a rate ≤ 1 over any range;
 * `events` counts every track event in its own hour.
 */
export const goalRollups = sqliteTable(
  'goal_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    name: text('name').notNull(),
    conversions: count('conversions'),
    events: count('events'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.name] })],
);

/**
 * HyperLogLog sketches of visitors (lib/visitor-sketch.ts) of the sessions that started in a UTC
 * hour or day: distinct counts are not additive, sketches are mergeable. `returning` holds only the
 * visitors of sessions whose visitor had an earlier session.
 */
export const visitorSketches = sqliteTable(
  'visitor_sketches',
  {
    siteId: text('site_id').notNull(),
    tier: text('tier', { enum: ['hour', 'day'] }).notNull(),
    start: integer('start').notNull(),
    visitors: blob('visitors', { mode: 'buffer' }).notNull(),
    returning: blob('returning', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.tier, t.start] })],
);

/**
 * Answers by the friction their session met before answering: `mask` has bit 1 rage, 2 dead,
 * 4 error click, 8 JS error. Counted in the hour of the answer, like score_rollups.
 */
export const frictionRollups = sqliteTable(
  'friction_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    kind: text('kind').notNull(),
    score: integer('score').notNull(),
    mask: integer('mask').notNull(),
    responses: count('responses'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.kind, t.score, t.mask] })],
);

/** Per page seen before answering: answers whose session met friction on that page (met=1) or not. */
export const frictionPageRollups = sqliteTable(
  'friction_page_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    kind: text('kind').notNull(),
    path: text('path').notNull(),
    score: integer('score').notNull(),
    met: integer('met').notNull(),
    responses: count('responses'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.kind, t.path, t.score, t.met] })],
);
