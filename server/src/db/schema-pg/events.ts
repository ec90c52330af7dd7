import { bigint, doublePrecision, index, json, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of db/schema/events.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const events = pgTable(
  'events',
  {
    siteId: text('site_id').notNull(),
    id: text('id').notNull(),
    type: text('type').notNull(),
    ts: bigint('ts', { mode: 'number' }).notNull(),
    receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
    sessionId: text('session_id').notNull(),
    visitorId: text('visitor_id'),
    path: text('path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    clickKind: text('click_kind'),
    selector: text('selector'),
    fingerprint: text('fingerprint'),
    vitalName: text('vital_name'),
    vitalValue: doublePrecision('vital_value'),
    promptId: text('prompt_id'),
    displayId: text('display_id'),
    trackName: text('track_name'),
    payload: json('payload').$type<Record<string, unknown>>().notNull(),
    /**
     * PostgreSQL only: the event's own `ts`, as the client stamped it (before any clock-skew
     * correction), the monthly partition key. A partitioned table's primary key must hold its
     * partition key, and a retried event brings the same id and the same client time but may get
     * another correction (the skew is measured per request), so (site_id, id, client_ts) still
     * makes a retry a duplicate, which (site_id, id, ts) would not. See migration 0001_events_partitions.
     */
    clientTs: bigint('client_ts', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.id, t.clientTs] }),
    index('events_site_session_ts').on(t.siteId, t.sessionId, t.ts),
  ],
);
