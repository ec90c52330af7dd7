import { bigint, doublePrecision, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/signal-rollups.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const pageRollups = pgTable(
  'page_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    pageviews: counterColumn('pageviews'),
    sessions: counterColumn('sessions'),
    engagedMs: counterColumn('engaged_ms'),
    scrollSum: doublePrecision('scroll_sum').notNull().default(0),
    clicks: counterColumn('clicks'),
    rageClicks: counterColumn('rage_clicks'),
    deadClicks: counterColumn('dead_clicks'),
    errorClicks: counterColumn('error_clicks'),
    jsErrors: counterColumn('js_errors'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.path, t.device] })],
);

export const sessionRollups = pgTable(
  'session_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    entryPath: text('entry_path').notNull(),
    device: text('device').notNull(),
    sessions: counterColumn('sessions'),
    engagedSessions: counterColumn('engaged_sessions'),
    multiPageSessions: counterColumn('multi_page_sessions'),
    frustratedSessions: counterColumn('frustrated_sessions'),
    respondedSessions: counterColumn('responded_sessions'),
    pageviews: counterColumn('pageviews'),
    engagedMs: counterColumn('engaged_ms'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.entryPath, t.device] })],
);

export const clickRollups = pgTable(
  'click_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    path: text('path').notNull(),
    selector: text('selector').notNull(),
    kind: text('kind').notNull(),
    device: text('device').notNull(),
    events: counterColumn('events'),
    clicks: counterColumn('clicks'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.path, t.selector, t.kind, t.device] })],
);

export const errorRollups = pgTable(
  'error_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    fingerprint: text('fingerprint').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    errors: counterColumn('errors'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.fingerprint, t.path, t.device] })],
);

export const vitalRollups = pgTable(
  'vital_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    name: text('name').notNull(),
    bucket: bigint('bucket', { mode: 'number' }).notNull(),
    samples: counterColumn('samples'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.path, t.device, t.name, t.bucket] })],
);

export const sessionSegmentRollups = pgTable(
  'session_segment_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    entryPath: text('entry_path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    sessions: counterColumn('sessions'),
    engagedSessions: counterColumn('engaged_sessions'),
    multiPageSessions: counterColumn('multi_page_sessions'),
    convertedSessions: counterColumn('converted_sessions'),
    pageviews: counterColumn('pageviews'),
    engagedMs: counterColumn('engaged_ms'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.entryPath, t.device, t.browser, t.language] })],
);

export const pageSegmentRollups = pgTable(
  'page_segment_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    pageviews: counterColumn('pageviews'),
    sessions: counterColumn('sessions'),
    engagedMs: counterColumn('engaged_ms'),
    scrollSum: doublePrecision('scroll_sum').notNull().default(0),
    rageClicks: counterColumn('rage_clicks'),
    deadClicks: counterColumn('dead_clicks'),
    errorClicks: counterColumn('error_clicks'),
    jsErrors: counterColumn('js_errors'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.path, t.device, t.browser, t.language] })],
);
