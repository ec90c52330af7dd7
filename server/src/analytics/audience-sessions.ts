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

export function audienceSql(a: AudienceFilters): { sql: string; params: (string | number)[] } {
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

/**
 * The people of an audience, as a subquery of ids (column `id`): the visitors (visitor id) or
 * identified customers (customer_sessions) with a session that matches it and started at or after
 * `fromMs`. Retention cohorts keep whole people, with all their sessions, so an audience there is a
 * set of people, not of sessions.
 */
export function audiencePeopleSql(
  siteId: string,
  a: AudienceFilters,
  who: 'visitor' | 'customer',
  fromMs: number,
): { sql: string; params: (string | number)[] } {
  const aud = audienceSql(a);
  const sql =
    who === 'visitor'
      ? 'SELECT DISTINCT s.visitor_id AS id FROM sessions s WHERE s.site_id = ? AND s.first_ts >= ? AND s.visitor_id IS NOT NULL'
      : 'SELECT DISTINCT m.customer_id AS id FROM sessions s JOIN customer_sessions m ' +
        'ON m.site_id = s.site_id AND m.session_id = s.session_id WHERE s.site_id = ? AND s.first_ts >= ?';
  return { sql: `${sql}${aud.sql}`, params: [siteId, fromMs, ...aud.params] };
}
