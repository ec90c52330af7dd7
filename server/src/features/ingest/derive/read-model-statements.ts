import type Database from 'better-sqlite3';
import { prepareRollupTable } from './rollup-deltas.js';
import { prepareTieredRollupTables } from './tiered-rollup-deltas.js';
import { perDatabase } from '../../../lib/per-database.js';

// Statements of the read-model derivations (read-model-deltas.ts), prepared once per database.
// Raw SQL on the better-sqlite3 handle for the same reason as ingest-statements.ts.

function prepare(db: Database.Database) {
  return {
    sessionExists: db.prepare('SELECT 1 FROM sessions WHERE site_id = ? AND session_id = ?').pluck(),
    visitorSeen: db.prepare('SELECT 1 FROM sessions WHERE site_id = ? AND visitor_id = ? LIMIT 1').pluck(),
    sessionPlace: db.prepare(
      'SELECT hour, entry_path, device, browser, language FROM sessions WHERE site_id = ? AND session_id = ?',
    ),

    selectSketch: db.prepare(
      'SELECT visitors, "returning" FROM visitor_sketches WHERE site_id = ? AND tier = ? AND start = ?',
    ),
    saveSketch: db.prepare(
      'INSERT INTO visitor_sketches (site_id, tier, start, visitors, "returning") VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (site_id, tier, start) DO UPDATE SET visitors = excluded.visitors, "returning" = excluded."returning"',
    ),

    selectSegmentSketch: db.prepare(
      'SELECT visitors, "returning" FROM visitor_segment_sketches WHERE site_id = ? AND tier = ? AND start = ? AND device = ? ' +
        'AND browser = ? AND language = ?',
    ),
    saveSegmentSketch: db.prepare(
      'INSERT INTO visitor_segment_sketches (site_id, tier, start, device, browser, language, visitors, "returning") ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, tier, start, device, browser, language) DO UPDATE SET ' +
        'visitors = excluded.visitors, "returning" = excluded."returning"',
    ),

    errorGroupExists: db.prepare('SELECT 1 FROM error_groups WHERE site_id = ? AND fingerprint = ?').pluck(),
    upsertErrorGroup: db.prepare(
      'INSERT INTO error_groups (site_id, fingerprint, source, error_type, message, frames, sample_path, first_ts, last_ts) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, fingerprint) DO UPDATE SET ' +
        // SET expressions all read the old row, so last_ts below is still the previous one here.
        'source = CASE WHEN excluded.last_ts >= last_ts THEN excluded.source ELSE source END, ' +
        'error_type = CASE WHEN excluded.last_ts >= last_ts THEN excluded.error_type ELSE error_type END, ' +
        'message = CASE WHEN excluded.last_ts >= last_ts THEN excluded.message ELSE message END, ' +
        'frames = CASE WHEN excluded.last_ts >= last_ts THEN excluded.frames ELSE frames END, ' +
        'sample_path = CASE WHEN excluded.last_ts >= last_ts THEN excluded.sample_path ELSE sample_path END, ' +
        'first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts)',
    ),
    insertSessionError: db.prepare(
      'INSERT INTO session_errors (site_id, session_id, fingerprint) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    insertSessionGoal: db.prepare(
      'INSERT INTO session_goals (site_id, session_id, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),

    sessionResponses: db.prepare(
      'SELECT display_id, kind, score, created_at, friction_pageviews, friction_rage, friction_dead, ' +
        'friction_error_clicks, friction_js_errors, friction_score, friction_pages, journey, device, browser, language, ' +
        // Who answered, as the audience reads see it (analytics/audience-sessions.ts): the traits it
        // carried and its session's returning flag, final once the session is first stored.
        'traits, coalesce((SELECT s."returning" FROM sessions AS s WHERE s.site_id = r.site_id AND ' +
        's.session_id = r.session_id), 0) AS "returning" FROM responses AS r WHERE r.site_id = ? AND r.session_id = ?',
    ),
    /** Bounded: a hostile client can make one session arbitrarily long. */
    sessionFrictionEvents: db.prepare(
      "SELECT ts, type, path, click_kind AS kind, CASE WHEN type = 'error' THEN json_extract(payload, '$.source') END AS source " +
        "FROM events WHERE site_id = ? AND session_id = ? AND ts < ? AND type IN ('pageview', 'click', 'error') " +
        "AND (type <> 'click' OR click_kind <> 'click') ORDER BY ts LIMIT 10000",
    ),
    updateResponseFriction: db.prepare(
      'UPDATE responses SET friction_pageviews = ?, friction_rage = ?, friction_dead = ?, friction_error_clicks = ?, ' +
        'friction_js_errors = ?, friction_score = ?, friction_pages = ?, journey = ? WHERE site_id = ? AND display_id = ?',
    ),

    errorSessionRollups: prepareRollupTable(
      db,
      'error_session_rollups',
      ['site_id', 'hour', 'fingerprint', 'path', 'device'],
      ['sessions'],
    ),
    goalRollups: prepareRollupTable(db, 'goal_rollups', ['site_id', 'hour', 'name'], ['conversions', 'events']),
    goalSegmentRollups: prepareRollupTable(
      db,
      'goal_segment_rollups',
      ['site_id', 'hour', 'name', 'entry_path', 'device', 'browser', 'language'],
      ['conversions'],
    ),
    frictionRollups: prepareRollupTable(
      db,
      'friction_rollups',
      ['site_id', 'hour', 'kind', 'score', 'mask'],
      ['responses'],
    ),
    /** By hour, day and month of the answer (`hour` is the fourth key column). */
    journeyRollups: prepareTieredRollupTables(
      db,
      'journey_rollups',
      ['site_id', 'kind', 'depth', 'hour', 'journey', 'score', 'device', 'browser', 'language'],
      ['responses'],
    ),
    /** The same answers per journey and score band (`hour` is the fifth key column). */
    journeyBandRollups: prepareTieredRollupTables(
      db,
      'journey_band_rollups',
      ['site_id', 'kind', 'depth', 'band', 'hour', 'journey'],
      ['responses', 'score_sum'],
    ),
    frictionPageRollups: prepareRollupTable(
      db,
      'friction_page_rollups',
      ['site_id', 'hour', 'kind', 'path', 'score', 'met'],
      ['responses'],
    ),
  };
}

export type ReadModelStatements = ReturnType<typeof prepare>;

/** The statements, prepared once per database. */
export const readModelStatements: (db: Database.Database) => ReadModelStatements = perDatabase(prepare);
