import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// Error groups and the sessions each affected, derived by features/ingest/derive/read-model-deltas.ts
// in the same transaction as the events. Hourly UTC buckets, like signal-rollups.ts.

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
    sessions: counterColumn('sessions'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.fingerprint, t.path, t.device] })],
);
