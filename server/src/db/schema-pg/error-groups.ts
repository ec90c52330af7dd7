import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/error-groups.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const errorGroups = pgTable(
  'error_groups',
  {
    siteId: text('site_id').notNull(),
    fingerprint: text('fingerprint').notNull(),
    source: text('source').notNull(),
    errorType: text('error_type').notNull(),
    message: text('message').notNull(),
    frames: text('frames'),
    samplePath: text('sample_path').notNull(),
    firstTs: bigint('first_ts', { mode: 'number' }).notNull(),
    lastTs: bigint('last_ts', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.fingerprint] })],
);

export const sessionErrors = pgTable(
  'session_errors',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    fingerprint: text('fingerprint').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.sessionId, t.fingerprint] })],
);

export const errorSessionRollups = pgTable(
  'error_session_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    fingerprint: text('fingerprint').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    sessions: counterColumn('sessions'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.fingerprint, t.path, t.device] })],
);
