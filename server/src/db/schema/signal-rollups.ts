import { integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// Daily questions are answered from these hourly rollups, updated in the same transaction as the
// events they count, so reads touch O(hours × dimensions) rows instead of O(events).
//
// Why UTC hours: any time zone whose offset is a whole number of hours (nearly all of them, at
// every DST state) regroups hours into its local days exactly. Zones with :30/:45 offsets (India,
// Nepal, parts of Australia) get days cut at the nearest UTC hour, i.e. up to 45 min of data lands
// on the neighbouring day; quarter-hour buckets would fix that at 4× the rows, which we judged not
// worth it. `hour` is epoch ms at the start of the UTC hour. Dimension columns are NOT NULL
// ('' = unknown) so the composite primary keys really are unique (SQLite treats NULLs as distinct).
// Distinct counts (sessions) are made additive by counting each session or (session, page) once,
// in the bucket where it was first seen.

/** Per page and hour: traffic, engagement, scroll and friction. */
export const pageRollups = sqliteTable(
  'page_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    pageviews: counterColumn('pageviews'),
    /** Sessions that saw this page, each counted once (in the hour of its first view). */
    sessions: counterColumn('sessions'),
    engagedMs: counterColumn('engaged_ms'),
    /** Sum over those sessions of the deepest scroll (percent): avg = scrollSum ÷ sessions. */
    scrollSum: real('scroll_sum').notNull().default(0),
    clicks: counterColumn('clicks'),
    rageClicks: counterColumn('rage_clicks'),
    deadClicks: counterColumn('dead_clicks'),
    errorClicks: counterColumn('error_clicks'),
    jsErrors: counterColumn('js_errors'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.path, t.device] })],
);

/**
 * Per hour of session start, landing page and device. Bounce rate = 1 − engaged ÷ sessions;
 * single-page rate = 1 − multiPage ÷ sessions. Flags are counted when a session first earns them.
 */
export const sessionRollups = sqliteTable(
  'session_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
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

/** Clicks per element: `kind` is click | rage | dead | error; `clicks` sums rage-burst counts. */
export const clickRollups = sqliteTable(
  'click_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    path: text('path').notNull(),
    selector: text('selector').notNull(),
    kind: text('kind').notNull(),
    device: text('device').notNull(),
    events: counterColumn('events'),
    clicks: counterColumn('clicks'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.path, t.selector, t.kind, t.device] })],
);

/** JS and resource errors per fingerprint (type + top own frame, or normalised message). */
export const errorRollups = sqliteTable(
  'error_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    fingerprint: text('fingerprint').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    errors: counterColumn('errors'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.fingerprint, t.path, t.device] })],
);

/**
 * Web Vitals as log-bucketed histograms (see lib/vital-histogram.ts): percentiles are not additive,
 * histograms are, so p75 over any range and grouping is read from summed bucket counts.
 */
export const vitalRollups = sqliteTable(
  'vital_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    name: text('name').notNull(),
    bucket: integer('bucket').notNull(),
    samples: counterColumn('samples'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.path, t.device, t.name, t.bucket] })],
);

// Segment rollups: the same facts split by the visitor's segment (device, browser, language), so
// the read API can answer any combination of segment filters (analytics/cube-families.ts) from
// cubes instead of raw rows. Device and browser come from the User-Agent; a session's language is
// that of its first event, a page's that of each event. Rows from before these tables existed were
// rebuilt from the events, sessions and visits they came from (migration 0013).

/**
 * Per hour of session start, entry page and segment, like session_rollups; `convertedSessions`
 * counts the sessions with at least one goal (`track`), when they first reach one.
 */
export const sessionSegmentRollups = sqliteTable(
  'session_segment_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
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

/** Per page, hour and segment, like page_rollups (without plain clicks, which no segment read needs). */
export const pageSegmentRollups = sqliteTable(
  'page_segment_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: integer('hour').notNull(),
    path: text('path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    pageviews: counterColumn('pageviews'),
    /** Sessions that saw this page, each counted once (in the hour of its first view). */
    sessions: counterColumn('sessions'),
    engagedMs: counterColumn('engaged_ms'),
    scrollSum: real('scroll_sum').notNull().default(0),
    rageClicks: counterColumn('rage_clicks'),
    deadClicks: counterColumn('dead_clicks'),
    errorClicks: counterColumn('error_clicks'),
    jsErrors: counterColumn('js_errors'),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.path, t.device, t.browser, t.language] })],
);
