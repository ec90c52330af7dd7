import type { AudienceFilters, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import type { AudienceWalk } from './audience-sample.js';
import { audienceWalkSql, plannedFor, TRAIT_VALUE } from './audience-sessions.js';
import { DAY_MS } from './local-calendar.js';

// An audience's traffic under a path filter counts two things of one walk of its sessions: the
// sessions that entered on the page (bounce, conversion, the overview's goals) and the page's
// visits (sessions and page views). Read as rows (every walked session an object in JS, then its
// visits of the page in a second walk, its goals in a third), that was most of the overview's CPU
// at 10 M events. Here the walk is one CTE, materialised once (AS MATERIALIZED, on both engines),
// keeping only what the sums need: whether the session entered on the page in the range and the
// segment, and the session's group key; the database sums each part per group.

/** The segment columns a path read narrows, on the session (entries) or on the visit (visits). */
const SEGMENT = ['device', 'browser', 'language'] as const;

/** A path read's segment filters, the path given. */
export type PathFilters = SegmentFilters & { path: string };

/** A grouping of a path read: a segment column (the session's for entries, the visit's for visits), the start hour, or a trait. */
export type PathGroup = { column: (typeof SEGMENT)[number] | 'hour' } | { trait: string } | undefined;

/** The walk's sessions of a group that entered on the page (unscaled). */
export interface EntryTotals {
  sessions: number;
  engaged: number;
  converted: number;
}

/** The page's visits of a group (unscaled). */
export interface VisitTotals {
  visits: number;
  pageviews: number;
}

/** What a path read sums, per group key ('' when not grouped; the hour as a decimal string by hour). */
export interface PathTotals {
  entries: Map<string, EntryTotals>;
  visits: Map<string, VisitTotals>;
  /** Per goal, the entered sessions that reached it (unscaled; only when asked). */
  goals: Map<string, number>;
}

/** A row of the statement: part 0 a group's entries, 1 its visits, 2 a goal's sessions (key: its name). */
interface Row {
  part: number;
  key: string | number | null;
  n: number;
  a: number;
  b: number;
}

/** The group key of a session in the walk, and of a visit joined to it (`w`, `p`). */
function keys(group: PathGroup) {
  if (group === undefined) return { session: { sql: "''", params: [] as string[] }, visit: 'w.key' };
  if ('trait' in group) return { session: { sql: TRAIT_VALUE, params: [group.trait] }, visit: 'w.key' };
  return { session: { sql: `s.${group.column}`, params: [] as string[] }, visit: `p.${group.column}` };
}

/**
 * The audience's sessions that started in [fromHour, toHour) of `f`'s segment and entered on
 * `f.path`, and the visits of that page in the range (of the visit's own device, browser and
 * language; a visit starts within a day of its session, so the walk takes the day before too, as
 * audienceVisits did), of the sessions `walk` reads, summed per `group`; with `goals`, the entered
 * sessions per goal reached too.
 */
export function audiencePathTotals(
  db: Database.Database,
  siteId: string,
  a: AudienceFilters,
  f: PathFilters,
  fromHour: number,
  toHour: number,
  group: PathGroup,
  walk: AudienceWalk,
  goals = false,
): PathTotals {
  const w = audienceWalkSql(a, walk, fromHour - DAY_MS, toHour);
  const segment = SEGMENT.filter((c) => f[c] !== undefined);
  const values = segment.map((c) => f[c]!);
  const key = keys(group);
  const rows = db
    .prepare(
      `${plannedFor(a)}WITH w AS MATERIALIZED (SELECT s.session_id, ${key.session.sql} AS key, ` +
        `CASE WHEN s.hour >= ? AND s.entry_path = ?${segment.map((c) => ` AND s.${c} = ?`).join('')} ` +
        `THEN 1 ELSE 0 END AS entered, s.engaged, s.tracks FROM ${w.from} WHERE ${w.where}) ` +
        'SELECT 0 AS part, w.key AS key, count(*) AS n, sum(w.engaged) AS a, ' +
        'sum(CASE WHEN w.tracks > 0 THEN 1 ELSE 0 END) AS b FROM w WHERE w.entered = 1 GROUP BY w.key ' +
        // The page's visit of each session by its key (session_pages' primary key ends in the path).
        `UNION ALL SELECT 1, ${key.visit}, count(*), sum(p.pageviews), 0 FROM w CROSS JOIN session_pages p ` +
        'ON p.site_id = ? AND p.session_id = w.session_id AND p.path = ? ' +
        `WHERE p.hour >= ? AND p.hour < ? AND (p.pageviews > 0 OR p.max_scroll >= 0)${segment.map((c) => ` AND p.${c} = ?`).join('')} ` +
        `GROUP BY ${key.visit}` +
        (goals
          ? ' UNION ALL SELECT 2, g.name, count(*), 0, 0 FROM w CROSS JOIN session_goals g ' +
            'ON g.site_id = ? AND g.session_id = w.session_id WHERE w.entered = 1 GROUP BY g.name'
          : ''),
    )
    .all(
      ...key.session.params,
      fromHour,
      f.path,
      ...values,
      ...w.params(siteId),
      siteId,
      f.path,
      fromHour,
      toHour,
      ...values,
      ...(goals ? [siteId] : []),
    ) as Row[];
  const out: PathTotals = { entries: new Map(), visits: new Map(), goals: new Map() };
  for (const r of rows) {
    // A session without the grouping trait is in no group.
    if (r.key === null) continue;
    const k = String(r.key);
    if (r.part === 0) out.entries.set(k, { sessions: Number(r.n), engaged: Number(r.a), converted: Number(r.b) });
    else if (r.part === 1) out.visits.set(k, { visits: Number(r.n), pageviews: Number(r.a) });
    else out.goals.set(k, Number(r.n));
  }
  return out;
}
