import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Every accepted event, once: the primary key (site_id, id) is what makes retried batches
 * idempotent (INSERT … ON CONFLICT DO NOTHING). Columns the read API filters on are narrow; the
 * rest of the event is kept in `payload` (JSON), already scrubbed. No IP address is ever stored.
 */
export const events = sqliteTable(
  'events',
  {
    siteId: text('site_id').notNull(),
    id: text('id').notNull(),
    type: text('type').notNull(),
    /** Client time in epoch ms, corrected by the batch's clock skew when that exceeds a second. */
    ts: integer('ts').notNull(),
    receivedAt: integer('received_at').notNull(),
    sessionId: text('session_id').notNull(),
    visitorId: text('visitor_id'),
    path: text('path').notNull(),
    /** mobile | tablet | desktop: the class the widget sent, else the User-Agent's (which is not kept). */
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    // Type-specific narrow columns (NULL for other types).
    clickKind: text('click_kind'),
    selector: text('selector'),
    fingerprint: text('fingerprint'),
    vitalName: text('vital_name'),
    vitalValue: real('vital_value'),
    promptId: text('prompt_id'),
    displayId: text('display_id'),
    trackName: text('track_name'),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.id] }),
    // The only read of raw events at ingest: a session's friction when its response arrives. Every
    // other read uses the rollups, so no other index is paid for on every insert.
    index('events_site_session_ts').on(t.siteId, t.sessionId, t.ts),
  ],
);
