// The first part of migration 0013 (committed as generated then; its triggers are gone since): the
// segment rollups (db/schema: session_segment_rollups, page_segment_rollups, score_segment_rollups,
// display_segment_rollups, goal_segment_rollups) rebuilt from the rows ingestion had already
// derived their older siblings from, so a database that existed before them answers segment
// filters over its whole history. Each statement computes what the ingest derivations
// (features/ingest/derive) would have written for the same rows; a test replays them against a
// freshly ingested database and compares.
//
// The events table is scanned twice (page and display facts, goal events per session); on a large
// database this makes the upgrade take a while once. The visitor sketches per segment cannot be
// built in SQL: db/backfill-segment-sketches.ts does them after the migrations.

const HOUR = 3_600_000;

/** Goal events per session (the column is new): > 0 is what makes a session converted. */
const sessionTracks =
  'UPDATE sessions SET tracks = t.n FROM (SELECT site_id, session_id, count(*) AS n FROM events ' +
  "WHERE type = 'track' GROUP BY site_id, session_id) AS t WHERE sessions.site_id = t.site_id AND sessions.session_id = t.session_id;";

/** Each visit's segment is its session's (ingestion takes the visit's first event's: the same). */
const visitSegments =
  'UPDATE session_pages SET browser = s.browser, language = s.language FROM sessions AS s ' +
  'WHERE session_pages.site_id = s.site_id AND session_pages.session_id = s.session_id;';

const sessionSegments =
  'INSERT INTO session_segment_rollups (site_id, hour, entry_path, device, browser, language, sessions, engaged_sessions, ' +
  'multi_page_sessions, converted_sessions, pageviews, engaged_ms) ' +
  'SELECT site_id, hour, entry_path, device, browser, language, count(*), sum(engaged), sum(pageviews >= 2), sum(tracks > 0), ' +
  'sum(pageviews), sum(engaged_ms) FROM sessions GROUP BY site_id, hour, entry_path, device, browser, language;';

/** Page views, engagement and friction from the events in their own hour; visits and scroll from the visits. */
const pageSegments =
  'INSERT INTO page_segment_rollups (site_id, hour, path, device, browser, language, pageviews, sessions, engaged_ms, ' +
  'scroll_sum, rage_clicks, dead_clicks, error_clicks, js_errors) ' +
  'SELECT site_id, hour, path, device, browser, language, sum(pageviews), sum(sessions), sum(engaged_ms), sum(scroll_sum), ' +
  'sum(rage_clicks), sum(dead_clicks), sum(error_clicks), sum(js_errors) FROM (' +
  `SELECT site_id, ts - ts % ${HOUR} AS hour, path, device, browser, language, type = 'pageview' AS pageviews, 0 AS sessions, ` +
  "CASE WHEN type = 'engagement' THEN coalesce(json_extract(payload, '$.engagedMs'), 0) ELSE 0 END AS engaged_ms, " +
  "0 AS scroll_sum, click_kind IS 'rage' AS rage_clicks, click_kind IS 'dead' AS dead_clicks, click_kind IS 'error' AS error_clicks, " +
  "type = 'error' AND json_extract(payload, '$.source') IS NOT 'resource' AS js_errors FROM events " +
  "WHERE type IN ('pageview', 'engagement', 'click', 'error') AND click_kind IS NOT 'click' " +
  'UNION ALL SELECT site_id, hour, path, device, browser, language, 0, 1, 0, max_scroll, 0, 0, 0, 0 FROM session_pages' +
  ') GROUP BY site_id, hour, path, device, browser, language;';

const scoreSegments =
  'INSERT INTO score_segment_rollups (site_id, hour, prompt_id, kind, path, device, browser, language, score, responses, comments) ' +
  `SELECT site_id, created_at - created_at % ${HOUR} AS hour, prompt_id, kind, path, device, browser, language, score, count(*), ` +
  'count(comment) FROM responses GROUP BY site_id, hour, prompt_id, kind, path, device, browser, language, score;';

const displaySegments =
  'INSERT INTO display_segment_rollups (site_id, hour, prompt_id, path, device, browser, language, shown, dismissed) ' +
  `SELECT site_id, ts - ts % ${HOUR} AS hour, prompt_id, path, device, browser, language, sum(type = 'prompt_shown'), ` +
  "sum(type = 'prompt_dismissed') FROM events WHERE type IN ('prompt_shown', 'prompt_dismissed') " +
  'GROUP BY site_id, hour, prompt_id, path, device, browser, language;';

/** A conversion counts in its session's hour, under its session's entry page and segment. */
const goalSegments =
  'INSERT INTO goal_segment_rollups (site_id, hour, name, entry_path, device, browser, language, conversions) ' +
  'SELECT g.site_id, s.hour, g.name, s.entry_path, s.device, s.browser, s.language, count(*) FROM session_goals AS g ' +
  'JOIN sessions AS s ON s.site_id = g.site_id AND s.session_id = g.session_id ' +
  'GROUP BY g.site_id, s.hour, g.name, s.entry_path, s.device, s.browser, s.language;';

/** In order: the new session and visit columns first, the rollups that read them after. */
export const segmentSourceBackfillStatements = (): string[] => [
  sessionTracks,
  visitSegments,
  sessionSegments,
  pageSegments,
  scoreSegments,
  displaySegments,
  goalSegments,
];
