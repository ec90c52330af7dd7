import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One row per visit, kept current by the ingest writer, so a response can be joined to the
 * friction its session met and bounce is computed from sessions, not events. The widget decides
 * where a session ends (30 min idle, 24 h max); the server trusts its session id.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    visitorId: text('visitor_id'),
    /** The site's own customer id, from the session's latest identify call (NULL: anonymous or cleared). */
    customerId: text('customer_id'),
    /**
     * Client time of the identify call that decided customer_id (one with an id, or one that
     * clears), and of the one that decided the session's traits (any call): an older call that
     * arrives later changes neither. NULL before any.
     */
    customerTs: integer('customer_ts'),
    traitsTs: integer('traits_ts'),
    /**
     * 1 when the session's visitor had an earlier session (set when the session is first stored, as
     * the visitor sketches count returning visitors); 0 for a new visitor or one without a visitor id.
     */
    returning: integer('returning', { mode: 'boolean' }).notNull().default(false),
    /**
     * UTC hour (epoch ms) of the first event seen: the bucket all of this session's rollup counts
     * go to, fixed at creation so later transitions update the same rollup row.
     */
    hour: integer('hour').notNull(),
    firstTs: integer('first_ts').notNull(),
    lastTs: integer('last_ts').notNull(),
    entryPath: text('entry_path').notNull(),
    exitPath: text('exit_path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    /** The site's release (`data-release`) as the session's first stored events brought it; '' without one. */
    release: text('release').notNull().default(''),
    events: integer('events').notNull().default(0),
    pageviews: integer('pageviews').notNull().default(0),
    engagedMs: integer('engaged_ms').notNull().default(0),
    rageClicks: integer('rage_clicks').notNull().default(0),
    deadClicks: integer('dead_clicks').notNull().default(0),
    errorClicks: integer('error_clicks').notNull().default(0),
    jsErrors: integer('js_errors').notNull().default(0),
    responses: integer('responses').notNull().default(0),
    /** Goal (`track`) events; > 0 makes the session converted. */
    tracks: integer('tracks').notNull().default(0),
    /** GA4: ≥ 10 s engaged, or ≥ 2 page views, or any prompt answer. Only ever goes 0 → 1. */
    engaged: integer('engaged', { mode: 'boolean' }).notNull().default(false),
    /** Met any rage, dead or error click or JS error. Only ever goes 0 → 1. */
    frustrated: integer('frustrated', { mode: 'boolean' }).notNull().default(false),
    /** sessionSampleLevel(session_id): the deepest fixed sample the session belongs to (lib/session-sample-level.ts). */
    sampleLevel: integer('sample_level').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.sessionId] }),
    // returning and visitor_id make it cover an audience's people (audience-sessions.ts): a retention
    // read with `returning` walks the range's index entries, not one table row per session.
    index('sessions_site_first_ts').on(t.siteId, t.firstTs, t.returning, t.visitorId),
    index('sessions_site_visitor').on(t.siteId, t.visitorId),
    // An audience without a trait (`returning` with a segment or path filter) is walked from here:
    // each sample level's sessions, new or returning as asked, one range bounded by the start hour.
    index('sessions_site_sample').on(t.siteId, t.sampleLevel, t.returning, t.hour),
  ],
);

/**
 * Which paths each session saw, with the deepest scroll reached there: counts each (session, page)
 * once for the page's "sessions" and average scroll (Plausible's scroll depth is per visit and page).
 */
export const sessionPages = sqliteTable(
  'session_pages',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    path: text('path').notNull(),
    /** UTC hour of the first view: the page-rollup bucket this row's counts went to. */
    hour: integer('hour').notNull(),
    device: text('device').notNull(),
    /** The segment this visit's counts go to in page_segment_rollups (its first event's). */
    browser: text('browser').notNull().default(''),
    language: text('language').notNull().default(''),
    pageviews: integer('pageviews').notNull().default(0),
    maxScroll: real('max_scroll').notNull().default(0),
    /** JavaScript errors on this page in this visit (> 0: the visit counts in the page's error rate). */
    jsErrors: integer('js_errors').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.sessionId, t.path] })],
);

/**
 * Clicks per session, page, element, kind and hour: the click rollups' rows with the session they
 * came from, so a clicks question that names an audience (trait filters, new vs returning: kept
 * per session) is read from the audience's sessions (analytics/audience-sessions.ts), not from
 * events. Upserted by the writer beside click_rollups, summed per key over a commit.
 */
export const sessionClicks = sqliteTable(
  'session_clicks',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    /** UTC hour of the clicks (as in click_rollups). */
    hour: integer('hour').notNull(),
    path: text('path').notNull(),
    selector: text('selector').notNull(),
    /** click | rage | dead | error */
    kind: text('kind').notNull(),
    device: text('device').notNull(),
    /** Events (a rage burst is one). */
    events: integer('events').notNull().default(0),
    /** Clicks (a rage burst's count). */
    clicks: integer('clicks').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.sessionId, t.hour, t.path, t.selector, t.kind, t.device] })],
);
