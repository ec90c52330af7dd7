import type { AudienceFilters, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import type { AudienceWalk } from './audience-sample.js';
import { audienceWalkSql, plannedFor } from './audience-sessions.js';
import { DAY_MS } from './local-calendar.js';

// The pages table of an audience the counts do not key needs, of one walk of its sessions, their
// visits of the range per page and their entries per entry page. Read as rows (a row per visit and
// one per session, each an object in JS, the walk twice), that was most of the route's CPU at
// 10 M events; here the walk is one CTE materialised once (AS MATERIALIZED, on both engines), and
// both are summed by the database.

/** A page's visits of the range in the walk (unscaled). */
export interface PageVisitTotals {
  path: string;
  visits: number;
  pageviews: number;
  jsErrors: number;
  scrollSum: number;
}

/** The walk's sessions of the range that entered on a page (unscaled). */
export interface EntryTotals {
  path: string;
  sessions: number;
  engaged: number;
  multiPage: number;
}

/** A row of the statement: part 0 a page's visits, part 1 an entry page's sessions (columns by part). */
interface Row {
  part: number;
  path: string;
  n: number;
  a: number;
  b: number;
  c: number;
}

const SEGMENT = ['device', 'browser', 'language'] as const;

/**
 * The visits in [fromHour, toHour) of the audience's sessions `walk` reads (a visit starts within
 * a day of its session, so the walk takes the day before too), per page, of `f`'s segment (the
 * visit's own device, browser and language) and page; and the sessions started in the range of
 * the segment, per entry page (every entry page: `sampled` counts them all).
 */
export function audiencePageTotals(
  db: Database.Database,
  siteId: string,
  a: AudienceFilters,
  f: SegmentFilters,
  fromHour: number,
  toHour: number,
  walk: AudienceWalk,
): { visits: PageVisitTotals[]; entries: EntryTotals[] } {
  const w = audienceWalkSql(a, walk, fromHour - DAY_MS, toHour);
  const segment = SEGMENT.filter((c) => f[c] !== undefined);
  const visitConds = [...segment.map((c) => ` AND p.${c} = ?`), f.path === undefined ? '' : ' AND p.path = ?'];
  const visitParams = [...segment.map((c) => f[c]!), ...(f.path === undefined ? [] : [f.path])];
  const rows = db
    .prepare(
      `${plannedFor(a)}WITH w AS MATERIALIZED (SELECT s.session_id, s.hour, s.entry_path, s.device, s.browser, ` +
        `s.language, s.engaged, s.pageviews FROM ${w.from} WHERE ${w.where}) ` +
        'SELECT 0 AS part, p.path AS path, count(*) AS n, sum(p.pageviews) AS a, sum(p.js_errors) AS b, ' +
        'sum(p.max_scroll) AS c FROM w CROSS JOIN session_pages p ON p.site_id = ? AND p.session_id = w.session_id ' +
        `WHERE p.hour >= ? AND p.hour < ? AND (p.pageviews > 0 OR p.max_scroll >= 0)${visitConds.join('')} ` +
        'GROUP BY p.path UNION ALL ' +
        'SELECT 1, w.entry_path, count(*), sum(w.engaged), sum(CASE WHEN w.pageviews >= 2 THEN 1 ELSE 0 END), 0 ' +
        `FROM w WHERE w.hour >= ?${segment.map((c) => ` AND w.${c} = ?`).join('')} GROUP BY w.entry_path`,
    )
    .all(
      ...w.params(siteId),
      siteId,
      fromHour,
      toHour,
      ...visitParams,
      fromHour,
      ...segment.map((c) => f[c]!),
    ) as Row[];
  const visits: PageVisitTotals[] = [];
  const entries: EntryTotals[] = [];
  for (const r of rows) {
    if (r.part === 0)
      visits.push({
        path: r.path,
        visits: Number(r.n),
        pageviews: Number(r.a),
        jsErrors: Number(r.b),
        scrollSum: Number(r.c),
      });
    else entries.push({ path: r.path, sessions: Number(r.n), engaged: Number(r.a), multiPage: Number(r.b) });
  }
  return { visits, entries };
}
