import type { AudienceFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { DAY_MS } from './local-calendar.js';

// Who the customer is (trait filters, new vs returning) is kept per session (session_traits,
// sessions.returning), not in the rollups. A question that names an audience is
// answered from the sessions of the range that match it, with their page visits: rows bounded by
// the sessions started in the range (the sessions' first_ts index), never the events.

/** A session as the rates count it. */
export interface AudienceSession {
  hour: number;
  device: string;
  browser: string;
  language: string;
  release: string;
  js_errors: number;
  engaged_ms: number;
}

/** A page visit of such a session. */
export interface AudienceVisit {
  hour: number;
  path: string;
  device: string;
  browser: string;
  language: string;
  js_errors: number;
}

export const hasAudience = (a: AudienceFilters) => a.traits.length > 0 || a.returning !== undefined;

// ---- Answers ---------------------------------------------------------------------------------------
// An answer is given by the audience when the traits it carried match (`responses.traits`: the
// traits identify gave its session before it was given, or a signed link's) and its session is
// returning or new as asked (a link's answer has no session of the site: it counts as new, as in
// trait_score_rollups). The answers are rows the read model keeps per session, so the routes that
// read answers (scores, responses, friction, journeys, touchpoints) narrow them here.

/** A trait of an answer (`json_each(<answer>.traits) AS t`) as the text it is filtered on (a signed link's booleans and numbers too). */
export const ANSWER_TRAIT_TEXT =
  "CASE t.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(t.value AS TEXT) END";

/**
 * The conditions (each with its `?` parameters) an answer row of `responses` referred to as `r`
 * (an alias or a quoted table name) meets when given by the audience.
 */
export function audienceAnswerConditions(
  a: AudienceFilters,
  r: string,
): { sql: string; params: (string | number)[] }[] {
  const out: { sql: string; params: (string | number)[] }[] = [];
  for (const t of a.traits) {
    out.push({
      sql: `EXISTS (SELECT 1 FROM json_each(${r}.traits) AS t WHERE t.key = ? AND ${ANSWER_TRAIT_TEXT} = ?)`,
      params: [t.key, t.value],
    });
  }
  if (a.returning !== undefined) {
    out.push({
      sql:
        `coalesce((SELECT s."returning" FROM sessions AS s WHERE s.site_id = ${r}.site_id ` +
        `AND s.session_id = ${r}.session_id), 0) = ?`,
      params: [a.returning ? 1 : 0],
    });
  }
  return out;
}

/** The same conditions as one ` AND …` suffix and its parameters. */
export function audienceAnswerSql(a: AudienceFilters, r: string): { sql: string; params: (string | number)[] } {
  const conds = audienceAnswerConditions(a, r);
  return { sql: conds.map((c) => ` AND ${c.sql}`).join(''), params: conds.flatMap((c) => c.params) };
}

/** The value of trait `key` an answer `r` carried (null: none), for a grouping by it; one `?` (the key). */
export const answerTraitSql = (r: string) =>
  `(SELECT ${ANSWER_TRAIT_TEXT} FROM json_each(${r}.traits) AS t WHERE t.key = ?)`;

function audienceSql(a: AudienceFilters): { sql: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  for (const t of a.traits) {
    parts.push(
      'EXISTS (SELECT 1 FROM session_traits t WHERE t.site_id = s.site_id AND t.session_id = s.session_id ' +
        'AND t.key = ? AND t.value = ?)',
    );
    params.push(t.key, t.value);
  }
  if (a.returning !== undefined) {
    parts.push('s."returning" = ?');
    params.push(a.returning ? 1 : 0);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

/**
 * The audience's sessions started in [fromHour, toHour) (their `hour`: fixed when first stored).
 * first_ts only moves earlier than that hour, by at most the day an event may be late, so the
 * index on first_ts bounds the scan.
 */
function sessionWindow(fromHour: number, toHour: number) {
  return {
    sql: 's.site_id = ? AND s.first_ts >= ? AND s.first_ts < ? AND s.hour >= ? AND s.hour < ?',
    params: (siteId: string) => [siteId, fromHour - DAY_MS, toHour, fromHour, toHour],
  };
}

export function audienceSessions(
  db: Database.Database,
  siteId: string,
  a: AudienceFilters,
  fromHour: number,
  toHour: number,
): AudienceSession[] {
  const w = sessionWindow(fromHour, toHour);
  const aud = audienceSql(a);
  return db
    .prepare(
      `SELECT s.hour, s.device, s.browser, s.language, s.release, s.js_errors, s.engaged_ms FROM sessions s WHERE ${w.sql}${aud.sql}`,
    )
    .all(...w.params(siteId), ...aud.params) as AudienceSession[];
}

/** The page visits in [fromHour, toHour) of the audience's sessions (a visit starts within a day of its session). */
export function audienceVisits(
  db: Database.Database,
  siteId: string,
  a: AudienceFilters,
  fromHour: number,
  toHour: number,
): AudienceVisit[] {
  const w = sessionWindow(fromHour - DAY_MS, toHour);
  const aud = audienceSql(a);
  return db
    .prepare(
      'SELECT p.hour, p.path, p.device, p.browser, p.language, p.js_errors FROM sessions s ' +
        `JOIN session_pages p ON p.site_id = s.site_id AND p.session_id = s.session_id WHERE ${w.sql}${aud.sql} ` +
        'AND p.hour >= ? AND p.hour < ? AND (p.pageviews > 0 OR p.max_scroll >= 0)',
    )
    .all(...w.params(siteId), ...aud.params, fromHour, toHour) as AudienceVisit[];
}

/** Clicks of an audience per page, element and kind (session_clicks summed). */
export interface AudienceClick {
  path: string;
  selector: string;
  kind: string;
  events: number;
  clicks: number;
}

/**
 * The clicks in [fromHour, toHour) of the audience's sessions (a session lasts at most a day, so
 * it started within a day before its clicks), of `kinds`, narrowed by page and device.
 */
export function audienceClicks(
  db: Database.Database,
  siteId: string,
  a: AudienceFilters,
  fromHour: number,
  toHour: number,
  f: { kinds: readonly string[]; path?: string | undefined; device?: string | undefined },
): AudienceClick[] {
  const w = sessionWindow(fromHour - DAY_MS, toHour);
  const aud = audienceSql(a);
  const conds = ['c.hour >= ?', 'c.hour < ?', `c.kind IN (${f.kinds.map(() => '?').join(', ')})`];
  const params: (string | number)[] = [fromHour, toHour, ...f.kinds];
  if (f.path !== undefined) {
    conds.push('c.path = ?');
    params.push(f.path);
  }
  if (f.device !== undefined) {
    conds.push('c.device = ?');
    params.push(f.device);
  }
  return db
    .prepare(
      'SELECT c.path, c.selector, c.kind, sum(c.events) AS events, sum(c.clicks) AS clicks FROM sessions s ' +
        `JOIN session_clicks c ON c.site_id = s.site_id AND c.session_id = s.session_id WHERE ${w.sql}${aud.sql} ` +
        `AND ${conds.join(' AND ')} GROUP BY c.path, c.selector, c.kind`,
    )
    .all(...w.params(siteId), ...aud.params, ...params) as AudienceClick[];
}
