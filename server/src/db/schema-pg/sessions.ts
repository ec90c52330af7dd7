import { bigint, doublePrecision, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of db/schema/sessions.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const sessions = pgTable(
  'sessions',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    visitorId: text('visitor_id'),
    customerId: text('customer_id'),
    customerTs: bigint('customer_ts', { mode: 'number' }),
    traitsTs: bigint('traits_ts', { mode: 'number' }),
    returning: bigint('returning', { mode: 'number' }).notNull().default(0),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    firstTs: bigint('first_ts', { mode: 'number' }).notNull(),
    lastTs: bigint('last_ts', { mode: 'number' }).notNull(),
    entryPath: text('entry_path').notNull(),
    exitPath: text('exit_path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    release: text('release').notNull().default(''),
    events: bigint('events', { mode: 'number' }).notNull().default(0),
    pageviews: bigint('pageviews', { mode: 'number' }).notNull().default(0),
    engagedMs: bigint('engaged_ms', { mode: 'number' }).notNull().default(0),
    rageClicks: bigint('rage_clicks', { mode: 'number' }).notNull().default(0),
    deadClicks: bigint('dead_clicks', { mode: 'number' }).notNull().default(0),
    errorClicks: bigint('error_clicks', { mode: 'number' }).notNull().default(0),
    jsErrors: bigint('js_errors', { mode: 'number' }).notNull().default(0),
    responses: bigint('responses', { mode: 'number' }).notNull().default(0),
    tracks: bigint('tracks', { mode: 'number' }).notNull().default(0),
    engaged: bigint('engaged', { mode: 'number' }).notNull().default(0),
    frustrated: bigint('frustrated', { mode: 'number' }).notNull().default(0),
    sampleLevel: bigint('sample_level', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.sessionId] }),
    index('sessions_site_first_ts').on(t.siteId, t.firstTs, t.returning, t.visitorId),
    index('sessions_site_visitor').on(t.siteId, t.visitorId),
    index('sessions_site_sample').on(t.siteId, t.sampleLevel, t.returning, t.hour),
  ],
);

export const sessionPages = pgTable(
  'session_pages',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    path: text('path').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull().default(''),
    language: text('language').notNull().default(''),
    pageviews: bigint('pageviews', { mode: 'number' }).notNull().default(0),
    maxScroll: doublePrecision('max_scroll').notNull().default(0),
    jsErrors: bigint('js_errors', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.sessionId, t.path] })],
);

export const sessionClicks = pgTable(
  'session_clicks',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    path: text('path').notNull(),
    selector: text('selector').notNull(),
    kind: text('kind').notNull(),
    device: text('device').notNull(),
    events: bigint('events', { mode: 'number' }).notNull().default(0),
    clicks: bigint('clicks', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.sessionId, t.hour, t.path, t.selector, t.kind, t.device] })],
);
