import type { AudienceFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import type { AudienceWalk } from '../../analytics/audience-sample.js';
import { audienceWalkSql, plannedFor } from '../../analytics/audience-sessions.js';
import { DAY_MS } from '../../analytics/local-calendar.js';

// The error rate by page of an audience the counts do not key: its sessions' figures (the total
// and the series) and its visits' per page (the groups), of one walk of its sessions. Read as a
// row per session and visit, each an object in JS, that was most of the route's CPU at 10 M
// events; here the walk is one CTE materialised once (AS MATERIALIZED, on both engines) and both
// are counted by the database, the sessions per start hour (the series' buckets are local-calendar
// spans: bucketed in JS from the hours), the visits per page.

/** The walk's sessions started in one hour: all of them, those of the segment, those with an error. */
export interface HourErrors {
  hour: number;
  walked: number;
  sessions: number;
  errorSessions: number;
}

/** A page's visits of the range in the walk, of the segment, and those with an error. */
export interface PageErrors {
  path: string;
  visits: number;
  errorVisits: number;
}

/** The device, browser and language a read narrows to (undefined: any). */
export type ErrorSegment = Partial<Record<(typeof SEGMENT)[number], string | undefined>>;

const SEGMENT = ['device', 'browser', 'language'] as const;

type Row = { part: number; hour: number | null; path: string | null; walked: number; n: number; errors: number };

/**
 * The sessions `walk` reads of the audience's started in [fromHour, toHour), per hour, and the
 * visits in that range of those started up to a day before, per page, each of `segment` (a
 * session's own, a visit's own).
 */
export function audiencePageErrors(
  db: Database.Database,
  siteId: string,
  a: AudienceFilters,
  segment: ErrorSegment,
  fromHour: number,
  toHour: number,
  walk: AudienceWalk,
): { hours: HourErrors[]; pages: PageErrors[] } {
  const w = audienceWalkSql(a, walk, fromHour - DAY_MS, toHour);
  const named = SEGMENT.filter((c) => segment[c] !== undefined);
  const values = named.map((c) => segment[c]!);
  const inSegment = (t: string) => (named.length === 0 ? '1 = 1' : named.map((c) => `${t}.${c} = ?`).join(' AND '));
  const rows = db
    .prepare(
      `${plannedFor(a)}WITH w AS MATERIALIZED (SELECT s.session_id, s.hour, s.device, s.browser, s.language, ` +
        `s.js_errors FROM ${w.from} WHERE ${w.where}) ` +
        `SELECT 0 AS part, w.hour AS hour, NULL AS path, count(*) AS walked, sum(CASE WHEN ${inSegment('w')} THEN 1 ELSE 0 END) AS n, ` +
        `sum(CASE WHEN ${inSegment('w')} AND w.js_errors > 0 THEN 1 ELSE 0 END) AS errors FROM w WHERE w.hour >= ? ` +
        'GROUP BY w.hour UNION ALL ' +
        'SELECT 1, NULL, p.path, 0, count(*), sum(CASE WHEN p.js_errors > 0 THEN 1 ELSE 0 END) FROM w ' +
        'CROSS JOIN session_pages p ON p.site_id = ? AND p.session_id = w.session_id WHERE p.hour >= ? AND p.hour < ? ' +
        `AND (p.pageviews > 0 OR p.max_scroll >= 0) AND ${inSegment('p')} GROUP BY p.path`,
    )
    .all(...w.params(siteId), ...values, ...values, fromHour, siteId, fromHour, toHour, ...values) as Row[];
  const hours: HourErrors[] = [];
  const pages: PageErrors[] = [];
  for (const r of rows) {
    if (Number(r.part) === 0)
      hours.push({
        hour: Number(r.hour),
        walked: Number(r.walked),
        sessions: Number(r.n),
        errorSessions: Number(r.errors),
      });
    else pages.push({ path: r.path!, visits: Number(r.n), errorVisits: Number(r.errors) });
  }
  return { hours, pages };
}
