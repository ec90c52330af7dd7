import type { AudienceFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import type { AudienceWalk } from './audience-sample.js';
import { type AudienceTotals, audienceWalkSql, plannedFor, type SessionColumn } from './audience-sessions.js';

// The overview of an audience the counts do not key needs two things of the same sessions: their
// totals (audienceSessionTotals, one group) and how many reached each goal. Read apart, each walked
// the sample (the leading trait's rows, each session looked up by key, the other traits tested):
// half the overview's CPU at 10 M events. Here the walk is one CTE, materialised once (AS
// MATERIALIZED: SQLite and PostgreSQL both keep it as a table for the statement), summed for the
// totals and joined to the sessions' goals.

/** The totals of the audience's sessions of a range and, per goal, how many of them reached it (unscaled). */
export interface TotalsAndGoals {
  /** Undefined: no session. */
  totals: Omit<AudienceTotals, 'key'> | undefined;
  goals: Map<string, number>;
}

/** A row of the statement: the totals (goal null), or a goal's sessions (in `sessions`). */
type Row = Omit<AudienceTotals, 'key'> & { goal: string | null };

/**
 * The audience's sessions started in [fromHour, toHour) with the given column values, as `walk`
 * reads them: their totals and their conversions per goal, from one walk of the sample.
 */
export function audienceTotalsAndGoals(
  db: Database.Database,
  siteId: string,
  a: AudienceFilters,
  fromHour: number,
  toHour: number,
  where: Partial<Record<SessionColumn, string>>,
  walk: AudienceWalk,
): TotalsAndGoals {
  const w = audienceWalkSql(a, walk, fromHour, toHour);
  const conds = (Object.entries(where) as [SessionColumn, string | undefined][]).filter(([, v]) => v !== undefined);
  const who = 'coalesce(w.visitor_id, char(1) || w.session_id)';
  const rows = db
    .prepare(
      `${plannedFor(a)}WITH w AS MATERIALIZED (SELECT s.session_id, s.visitor_id, s."returning", s.engaged, s.tracks, ` +
        `s.pageviews, s.engaged_ms FROM ${w.from} WHERE ${w.where}${conds.map(([c]) => ` AND s.${c} = ?`).join('')}) ` +
        'SELECT NULL AS goal, count(*) AS sessions, sum(w.engaged) AS engaged, ' +
        'sum(CASE WHEN w.tracks > 0 THEN 1 ELSE 0 END) AS converted, sum(w.pageviews) AS pageviews, ' +
        `sum(w.engaged_ms) AS engaged_ms, count(DISTINCT ${who}) AS visitors, ` +
        `count(DISTINCT CASE WHEN w."returning" = 1 THEN ${who} END) AS returning_visitors FROM w ` +
        // Each session's goals by its key (session_goals' primary key: one row per goal reached).
        'UNION ALL SELECT g.name, count(*), 0, 0, 0, 0, 0, 0 FROM w CROSS JOIN session_goals g ' +
        'ON g.site_id = ? AND g.session_id = w.session_id GROUP BY g.name',
    )
    .all(...w.params(siteId), ...conds.map(([, v]) => v!), siteId) as Row[];
  const goals = new Map<string, number>();
  let totals: TotalsAndGoals['totals'];
  for (const { goal, ...t } of rows) {
    if (goal !== null) goals.set(goal, Number(t.sessions));
    else if (Number(t.sessions) > 0) totals = t;
  }
  return { totals, goals };
}
