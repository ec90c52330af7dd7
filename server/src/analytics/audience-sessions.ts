import { type AudienceFilters, SEGMENT_FILTERS, type SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { PLAN_EACH_RUN } from '../db/sql-dialect.js';
import { type AudienceWalk, audienceWalk } from './audience-sample.js';
import { leadTraitRange, otherTraitConditions, sessionLevelRange } from './lead-trait-rows.js';
import { DAY_MS } from './local-calendar.js';

// Who the customer is (trait filters, new vs returning) is kept per session (session_traits,
// sessions.returning), not in the rollups. A question that names an audience is answered from the
// sessions of the range that match it, with their page visits: rows bounded by the sessions of its
// rarest trait started in the range (session_traits' index by trait, sample level and hour), or
// without a trait by the sessions started in the range (the sessions' own index by sample level,
// returning and hour), never the events. Each walk reads every such session, or a fixed sample of
// them (`walk`, audience-sample.ts: by default every session, from the rarest trait).

/** A session as the rates and the traffic figures count it. */
export interface AudienceSession {
  session_id: string;
  hour: number;
  /** The visitor id, or null without one (Do Not Track / GPC: each such session is its own visitor). */
  visitor_id: string | null;
  /** 1: the visitor had an earlier session. */
  returning: number;
  entry_path: string;
  device: string;
  browser: string;
  language: string;
  release: string;
  pageviews: number;
  engaged_ms: number;
  /** 1: GA4-engaged (the complement of a bounce). */
  engaged: number;
  /** Goal events: > 0 makes the session converted. */
  tracks: number;
  js_errors: number;
  /** The value of the trait the read was asked to group by (null: the session does not have it). */
  trait_value: string | null;
}

/** A page visit of such a session. */
export interface AudienceVisit {
  session_id: string;
  hour: number;
  path: string;
  device: string;
  browser: string;
  language: string;
  pageviews: number;
  max_scroll: number;
  js_errors: number;
  /** As AudienceSession's: the session's value of the grouping trait. */
  trait_value: string | null;
}

/** Whether a session, visit or goal row is of the segment the device, browser and language filters ask for. */
export const inSegment = (x: { device: string; browser: string; language: string }, f: SegmentFilters) =>
  (f.device === undefined || x.device === f.device) &&
  (f.browser === undefined || x.browser === f.browser) &&
  (f.language === undefined || x.language === f.language);

export const hasAudience = (a: AudienceFilters) => a.traits.length > 0 || a.returning !== undefined;

// ---- Answers ---------------------------------------------------------------------------------------
// Which answers an audience gave: analytics/audience-answer-conditions.ts. Here, whether the counts
// kept by who answered hold them.

/**
 * Whether the answers counted by who gave them (db/schema/audience-answers.ts: one trait or none,
 * new vs returning, no visitor segment) hold the answer: at most one trait and no segment filter.
 */
export const audienceCountsAnswer = (filters: SegmentFilters, a: AudienceFilters): boolean =>
  a.traits.length <= 1 && SEGMENT_FILTERS.every((name) => filters[name] === undefined);

/** The audience as the equality filters of those counts (trait_key '' holds every answer). */
export const audienceCountFilters = (a: AudienceFilters) => ({
  trait_key: a.traits[0]?.key ?? '',
  trait_value: a.traits[0]?.value ?? '',
  '"returning"': a.returning === undefined ? undefined : a.returning ? 1 : 0,
});

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
 * PLAN_EACH_RUN for a read of the audience's sessions that names traits: PostgreSQL's generic plan
 * of such a statement, knowing neither the range nor the trait, probes the traits of every
 * session of the range one by one (at 1 M events over 30 days, PostgreSQL's CPU per read 44–55 ms
 * generic against 9–16 ms planned with the values; docs/postgresql.md, "Reads").
 */
export const plannedFor = (a: AudienceFilters) => (a.traits.length > 0 ? PLAN_EACH_RUN : '');

/**
 * The sessions `walk` reads of the audience's that started in [fromHour, toHour), as `FROM <from>
 * [joins] WHERE <where>`: with a leading trait, its rows of session_traits' (site_id, key, value,
 * sample_level, hour) index (`d`: one range per sample level of the walk, bounded by the hour;
 * session_traits.hour is its session's), the other traits tested on it (otherTraitConditions),
 * each joined to its session by primary key, in that order (CROSS JOIN); without one, the
 * sessions' own ranges by sample level and `returning` (sessionLevelRange; sessions.hour is fixed
 * when first stored). A read that joins the
 * sessions' goals, visits or clicks joins them after the walk (CROSS JOIN again): each session's
 * rows by its key, never the other way round.
 */
export function audienceWalkSql(a: AudienceFilters, walk: AudienceWalk, fromHour: number, toHour: number) {
  const lead = walk.lead;
  if (lead === undefined) {
    // No trait: `returning` is in the range's key, so no other condition.
    return {
      from: 'sessions s',
      where: sessionLevelRange('', a, walk, fromHour, toHour).sql,
      params: (siteId: string) => sessionLevelRange(siteId, a, walk, fromHour, toHour).params,
    };
  }
  // The other traits on the trait row (`d`), before its session is looked up; `returning` on the session.
  const returning = audienceSql({ traits: [], returning: a.returning });
  const range = (siteId: string) => leadTraitRange(siteId, { ...walk, lead }, fromHour, toHour);
  const others = (siteId: string) => otherTraitConditions(siteId, a, { ...walk, lead }, fromHour, toHour);
  return {
    from: 'session_traits d CROSS JOIN sessions s ON s.site_id = d.site_id AND s.session_id = d.session_id',
    where: `${range('').sql}${others('').sql}${returning.sql}`,
    params: (siteId: string) => [...range(siteId).params, ...others(siteId).params, ...returning.params],
  };
}

/** Session columns as AudienceSession names them (`s`). */
const SESSION_SELECT =
  's.session_id, s.hour, s.visitor_id, s."returning", s.entry_path, s.device, s.browser, s.language, ' +
  's.release, s.pageviews, s.engaged_ms, s.engaged, s.tracks, s.js_errors';

/** The session `s`'s value of one trait (a primary-key lookup per session), or NULL; one `?` (the name). */
export const TRAIT_VALUE =
  '(SELECT t.value FROM session_traits t WHERE t.site_id = s.site_id AND t.session_id = s.session_id AND t.key = ?)';

const traitColumn = (traitGroup: string | undefined) =>
  traitGroup === undefined
    ? { sql: 'NULL AS trait_value', params: [] as string[] }
    : { sql: `${TRAIT_VALUE} AS trait_value`, params: [traitGroup] };

/**
 * The audience's sessions that started in [fromHour, toHour), each with its value of the trait
 * `traitGroup` when one is given (a grouping by trait).
 */
export function audienceSessions(
  db: Database.Database,
  siteId: string,
  a: AudienceFilters,
  fromHour: number,
  toHour: number,
  traitGroup?: string,
  walk: AudienceWalk = audienceWalk(db, siteId, a, fromHour, toHour),
): AudienceSession[] {
  const w = audienceWalkSql(a, walk, fromHour, toHour);
  const trait = traitColumn(traitGroup);
  return db
    .prepare(`${plannedFor(a)}SELECT ${SESSION_SELECT}, ${trait.sql} FROM ${w.from} WHERE ${w.where}`)
    .all(...trait.params, ...w.params(siteId)) as AudienceSession[];
}

/**
 * The page visits in [fromHour, toHour) of the audience's sessions (a visit starts within a day of
 * its session), of one `path` when given.
 */
export function audienceVisits(
  db: Database.Database,
  siteId: string,
  a: AudienceFilters,
  fromHour: number,
  toHour: number,
  traitGroup?: string,
  walk: AudienceWalk = audienceWalk(db, siteId, a, fromHour - DAY_MS, toHour),
  path?: string,
): AudienceVisit[] {
  const w = audienceWalkSql(a, walk, fromHour - DAY_MS, toHour);
  const trait = traitColumn(traitGroup);
  // One page's visits (a path filter): one primary-key lookup per session, not all its visits.
  const onPath = path === undefined ? { sql: '', params: [] } : { sql: ' AND p.path = ?', params: [path] };
  return db
    .prepare(
      `${plannedFor(a)}SELECT p.session_id, p.hour, p.path, p.device, p.browser, p.language, p.pageviews, p.max_scroll, p.js_errors, ` +
        `${trait.sql} FROM ${w.from} ` +
        `CROSS JOIN session_pages p ON p.site_id = s.site_id AND p.session_id = s.session_id${onPath.sql} WHERE ${w.where} ` +
        'AND p.hour >= ? AND p.hour < ? AND (p.pageviews > 0 OR p.max_scroll >= 0)',
    )
    .all(...trait.params, ...onPath.params, ...w.params(siteId), fromHour, toHour) as AudienceVisit[];
}

/** What the traffic figures need of a group of the audience's sessions, summed by SQLite. */
export interface AudienceTotals {
  key: string;
  sessions: number;
  engaged: number;
  converted: number;
  pageviews: number;
  engaged_ms: number;
  /** Distinct visitors (a session without a visitor id is one of its own). */
  visitors: number;
  /** Distinct visitors with a returning session. */
  returning_visitors: number;
}

/** Session columns a caller may group by or narrow on (names from this list only, never input). */
export type SessionColumn = 'device' | 'browser' | 'language' | 'entry_path';

/** What audienceSessionTotals may group by: a session column, or its start hour (`key` then holds the hour). */
export type SessionGroupColumn = SessionColumn | 'hour';

/**
 * The audience's sessions started in [fromHour, toHour) with the given column values, summed per
 * group: a column, a trait's value (sessions without it in no group), or one group ('').
 * Summing in SQL spares building a row object per session, which is most of the cost of a read.
 */
export function audienceSessionTotals(
  db: Database.Database,
  siteId: string,
  a: AudienceFilters,
  fromHour: number,
  toHour: number,
  where: Partial<Record<SessionColumn, string>>,
  group: { column: SessionGroupColumn } | { trait: string } | undefined,
  walk: AudienceWalk = audienceWalk(db, siteId, a, fromHour, toHour),
): AudienceTotals[] {
  const w = audienceWalkSql(a, walk, fromHour, toHour);
  const conds = (Object.entries(where) as [SessionColumn, string | undefined][]).filter(([, v]) => v !== undefined);
  const key =
    group === undefined
      ? { sql: "''", params: [] }
      : 'column' in group
        ? { sql: `s.${group.column}`, params: [] }
        : traitKey(group.trait);
  const who = 'coalesce(s.visitor_id, char(1) || s.session_id)';
  return db
    .prepare(
      // The groups' filter outside them: PostgreSQL's HAVING cannot name an output column. Grouped
      // by position: a leading trait's row (`d`) has a column `key`, which GROUP BY key would name.
      `${plannedFor(a)}SELECT * FROM (SELECT ${key.sql} AS key, count(*) AS sessions, sum(s.engaged) AS engaged, sum(CASE WHEN s.tracks > 0 THEN 1 ELSE 0 END) AS converted, ` +
        'sum(s.pageviews) AS pageviews, sum(s.engaged_ms) AS engaged_ms, ' +
        `count(DISTINCT ${who}) AS visitors, count(DISTINCT CASE WHEN s."returning" = 1 THEN ${who} END) AS returning_visitors ` +
        `FROM ${w.from} WHERE ${w.where}${conds.map(([c]) => ` AND s.${c} = ?`).join('')} ` +
        'GROUP BY 1) AS g WHERE key IS NOT NULL',
    )
    .all(...key.params, ...w.params(siteId), ...conds.map(([, v]) => v!)) as AudienceTotals[];
}

function traitKey(trait: string) {
  return { sql: TRAIT_VALUE, params: [trait] };
}

/** Clicks of an audience per page, element and kind (session_clicks summed). */
export interface AudienceClick {
  path: string;
  selector: string;
  kind: string;
  events: number;
  clicks: number;
}

/** Which clicks: of these kinds, narrowed by page and device. */
export interface AudienceClickFilters {
  kinds: readonly string[];
  path?: string | undefined;
  device?: string | undefined;
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
  f: AudienceClickFilters,
  walk: AudienceWalk = audienceWalk(db, siteId, a, fromHour - DAY_MS, toHour),
): AudienceClick[] {
  const w = audienceWalkSql(a, walk, fromHour - DAY_MS, toHour);
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
      `${plannedFor(a)}SELECT c.path, c.selector, c.kind, sum(c.events) AS events, sum(c.clicks) AS clicks FROM ${w.from} ` +
        `CROSS JOIN session_clicks c ON c.site_id = s.site_id AND c.session_id = s.session_id WHERE ${w.where} ` +
        `AND ${conds.join(' AND ')} GROUP BY c.path, c.selector, c.kind`,
    )
    .all(...w.params(siteId), ...params) as AudienceClick[];
}
