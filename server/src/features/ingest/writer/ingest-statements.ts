import type Database from 'better-sqlite3';
import { perDialect } from '../../../db/sql-dialect.js';
import {
  PAGE_ROLLUP_COUNTERS,
  PAGE_SEGMENT_ROLLUP_COUNTERS,
  SESSION_ROLLUP_COUNTERS,
  SESSION_SEGMENT_ROLLUP_COUNTERS,
} from '../../../db/schema/rollup-counters.js';
import { prepareRollupTable, type RollupTable } from '../derive/rollup-deltas.js';
import { prepareResolutionRollups } from '../../responses/resolution-counts.js';
import { prepareTaskStatements } from '../derive/task-deltas.js';

// Every statement of the ingest hot path, prepared once. Raw SQL on the better-sqlite3 handle
// (not drizzle's query builder) because the writer must stay within 15 % of raw insert speed; the
// tables themselves are defined by the drizzle schema in db/schema/.

export const EVENT_COLUMNS = [
  'site_id',
  'id',
  'type',
  'ts',
  'received_at',
  'session_id',
  'visitor_id',
  'path',
  'device',
  'browser',
  'language',
  'click_kind',
  'selector',
  'fingerprint',
  'vital_name',
  'vital_value',
  'prompt_id',
  'display_id',
  'track_name',
  'payload',
] as const;

export const INSERT_EVENT_SQL =
  `INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')}) ` +
  'ON CONFLICT (site_id, id) DO NOTHING';

/**
 * PostgreSQL's events are partitioned by client_ts, the time the client stamped (the payload's
 * clientTs when the server corrected the clock, else ts), which the key holds too (schema-pg/events.ts).
 * Computed from the same parameters as SQLite's, so the rows bind the same values on both engines.
 */
const INSERT_EVENT_SQL_POSTGRES =
  `INSERT INTO events (${EVENT_COLUMNS.join(', ')}, client_ts) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')}, ` +
  `coalesce((?${EVENT_COLUMNS.indexOf('payload') + 1}::json ->> 'clientTs')::int8, ?${EVENT_COLUMNS.indexOf('ts') + 1})) ` +
  'ON CONFLICT (site_id, id, client_ts) DO NOTHING';

/** The additive counters of a session row. */
export const SESSION_COUNTS = [
  'events',
  'pageviews',
  'engaged_ms',
  'rage_clicks',
  'dead_clicks',
  'error_clicks',
  'js_errors',
  'responses',
  'tracks',
] as const;

const SESSION_COLUMNS = [
  'site_id',
  'session_id',
  'visitor_id',
  'hour',
  'first_ts',
  'last_ts',
  'entry_path',
  'exit_path',
  'device',
  'browser',
  'language',
  'release',
  ...SESSION_COUNTS,
  'engaged',
  'frustrated',
  // Drawn from the id (lib/session-sample-level.ts), so the same on every upsert; never in the SET.
  'sample_level',
];

const insertSql = (table: string, cols: readonly string[]) =>
  `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;

export function prepareIngestStatements(db: Database.Database) {
  return {
    insertEvent: db.prepare(perDialect(db, { sqlite: INSERT_EVENT_SQL, postgres: INSERT_EVENT_SQL_POSTGRES })),

    /**
     * One statement per session and batch: insert, or add the batch's counts. RETURNING gives the
     * new totals (old = new − batch), and the flags, start and visitor as they were, so no SELECT
     * is needed first. first_ts and visitor_id are left out of the SET: SQLite rewrites the entries
     * of every index with a column the SET names, changed or not (sessions_site_first_ts and
     * sessions_site_visitor), which made a stored session's upsert cost 1.6 times as much; they
     * change only when a batch brings an earlier event or the first visitor id, and then
     * setSessionStart writes them.
     */
    upsertSession: db.prepare(
      `${insertSql('sessions', SESSION_COLUMNS)} ON CONFLICT (site_id, session_id) DO UPDATE SET ` +
        'exit_path = CASE WHEN excluded.last_ts >= last_ts THEN excluded.exit_path ELSE exit_path END, ' +
        'last_ts = max(last_ts, excluded.last_ts), ' +
        SESSION_COUNTS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ') +
        ` RETURNING hour, first_ts, visitor_id, entry_path, device, browser, language, release, engaged, frustrated, ${SESSION_COUNTS.join(', ')}`,
    ),
    setSessionFlags: db.prepare('UPDATE sessions SET engaged = ?, frustrated = ? WHERE site_id = ? AND session_id = ?'),
    setSessionStart: db.prepare(
      'UPDATE sessions SET first_ts = ?, visitor_id = ? WHERE site_id = ? AND session_id = ?',
    ),
    /** A session's first visitor id, come after its traits: their rows' visitor and person_level (lib/session-sample-level.ts). */
    setTraitsPerson: db.prepare(
      'UPDATE session_traits SET visitor_id = ?, person_level = ? WHERE site_id = ? AND session_id = ?',
    ),

    /** The dashboard's "last event received": once per site per commit, never moving backwards. */
    touchSite: db.prepare('UPDATE sites SET last_event_at = max(coalesce(last_event_at, 0), ?) WHERE id = ?'),

    selectPageVisit: db.prepare(
      'SELECT hour, device, browser, language, pageviews, max_scroll, js_errors FROM session_pages ' +
        'WHERE site_id = ? AND session_id = ? AND path = ?',
    ),
    insertPageVisit: db.prepare(
      `${insertSql('session_pages', [
        'site_id',
        'session_id',
        'path',
        'hour',
        'device',
        'browser',
        'language',
        'pageviews',
        'max_scroll',
        'js_errors',
      ])} ON CONFLICT (site_id, session_id, path) DO NOTHING`,
    ),
    updatePageVisit: db.prepare(
      'UPDATE session_pages SET pageviews = ?, max_scroll = ?, js_errors = ? WHERE site_id = ? AND session_id = ? AND path = ?',
    ),

    selectResponse: db.prepare(
      'SELECT prompt_id, kind, score, comment, path, device, browser, language, created_at, updated_at, ' +
        'session_id, channel, traits, resolved_at FROM responses WHERE site_id = ? AND display_id = ?',
    ),
    insertResponse: db.prepare(
      insertSql('responses', [
        'site_id',
        'display_id',
        'prompt_id',
        'kind',
        'score',
        'comment',
        'session_id',
        'visitor_id',
        'path',
        'device',
        'browser',
        'language',
        'created_at',
        'updated_at',
        'channel',
        'touchpoint',
        'customer_id',
        'traits',
        'link_flag',
        'sample_level',
        '"returning"',
      ]),
    ),
    // The answer's traits as its audience filters read them (db/schema/response-traits.ts).
    insertResponseTrait: db.prepare(
      `${insertSql('response_traits', [
        'site_id',
        'display_id',
        'key',
        'value',
        'sample_level',
        'created_at',
        'kind',
        'score',
        'commented',
        'path',
        'device',
        'browser',
        'language',
      ])} ON CONFLICT (site_id, display_id, key) DO NOTHING`,
    ),
    updateResponse: db.prepare(
      'UPDATE responses SET score = ?, comment = ?, updated_at = ? WHERE site_id = ? AND display_id = ?',
    ),
    // The answer's figures its traits' rows carry, when a later event changes them.
    updateResponseTraits: db.prepare(
      'UPDATE response_traits SET score = ?, commented = ? WHERE site_id = ? AND display_id = ?',
    ),

    tasks: prepareTaskStatements(db),

    pageRollups: prepareRollupTable(db, 'page_rollups', ['site_id', 'hour', 'path', 'device'], PAGE_ROLLUP_COUNTERS),
    sessionRollups: prepareRollupTable(
      db,
      'session_rollups',
      ['site_id', 'hour', 'entry_path', 'device'],
      SESSION_ROLLUP_COUNTERS,
    ),
    pageSegmentRollups: prepareRollupTable(
      db,
      'page_segment_rollups',
      ['site_id', 'hour', 'path', 'device', 'browser', 'language'],
      PAGE_SEGMENT_ROLLUP_COUNTERS,
    ),
    sessionSegmentRollups: prepareRollupTable(
      db,
      'session_segment_rollups',
      ['site_id', 'hour', 'entry_path', 'device', 'browser', 'language'],
      SESSION_SEGMENT_ROLLUP_COUNTERS,
    ),
    clickRollups: prepareRollupTable(
      db,
      'click_rollups',
      ['site_id', 'hour', 'path', 'selector', 'kind', 'device'],
      ['events', 'clicks'],
    ),
    sessionClicks: prepareRollupTable(
      db,
      'session_clicks',
      ['site_id', 'session_id', 'hour', 'path', 'selector', 'kind', 'device'],
      ['events', 'clicks'],
    ),
    errorRollups: prepareRollupTable(
      db,
      'error_rollups',
      ['site_id', 'hour', 'fingerprint', 'path', 'device'],
      ['errors'],
    ),
    vitalRollups: prepareRollupTable(
      db,
      'vital_rollups',
      ['site_id', 'hour', 'path', 'device', 'name', 'bucket'],
      ['samples'],
    ),
    scoreRollups: prepareRollupTable(
      db,
      'score_rollups',
      ['site_id', 'hour', 'prompt_id', 'kind', 'path', 'device', 'language', 'score'],
      ['responses', 'comments'],
    ),
    promptRollups: prepareRollupTable(
      db,
      'prompt_rollups',
      ['site_id', 'hour', 'prompt_id', 'path', 'device', 'language'],
      ['shown', 'dismissed'],
    ),
    resolutionRollups: prepareResolutionRollups(db),
    /** A merged answer's session flag, for its resolution counts by who answered (0 without a row). */
    sessionReturning: db
      .prepare<[string, string], number>('SELECT "returning" FROM sessions WHERE site_id = ? AND session_id = ?')
      .pluck(),
    scoreSegmentRollups: prepareRollupTable(
      db,
      'score_segment_rollups',
      ['site_id', 'hour', 'prompt_id', 'kind', 'path', 'device', 'browser', 'language', 'score'],
      ['responses', 'comments'],
    ),
    displaySegmentRollups: prepareRollupTable(
      db,
      'display_segment_rollups',
      ['site_id', 'hour', 'prompt_id', 'path', 'device', 'browser', 'language'],
      ['shown', 'dismissed'],
    ),
  };
}

export type IngestStatements = ReturnType<typeof prepareIngestStatements>;

type CounterOf<T> = T extends RollupTable<infer C> ? C : never;
export type PageCounter = CounterOf<IngestStatements['pageRollups']>;
export type PageSegmentCounter = CounterOf<IngestStatements['pageSegmentRollups']>;
export type SessionCounter = CounterOf<IngestStatements['sessionRollups']>;
export type SessionSegmentCounter = CounterOf<IngestStatements['sessionSegmentRollups']>;
export type ScoreCounter = CounterOf<IngestStatements['scoreRollups']>;
