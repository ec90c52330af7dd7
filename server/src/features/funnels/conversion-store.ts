import type {
  AudienceFilters,
  ConversionDimension,
  ConversionResponse,
  ConversionRow,
  SegmentFilters,
} from '@loupe/shared';
import type { SEGMENT_RANGES } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { type Segment as Band, segmentOf } from '../../analytics/score-math.js';
import { planSpans, type Tier } from '../../analytics/tier-plan.js';
import { perDialect } from '../../db/sql-dialect.js';
import { cachedStatement } from './cached-statement.js';
import { conversionSessions } from './conversion-session-rows.js';
import { exactKey, type FunnelSampling, hasAny, segmentSql } from './funnel-store.js';
import { percent } from './funnel-walk.js';

export interface ConversionQuestion {
  by: ConversionDimension;
  goal: string | undefined;
  kind: keyof typeof SEGMENT_RANGES;
  filters: SegmentFilters;
  audience: AudienceFilters;
  limit: number;
  /** How a walk of the sessions under a path or audience filter may sample them (as a funnel's walk). */
  sampling: FunnelSampling;
}

const BANDS: readonly Band[] = ['promoter', 'passive', 'detractor'];
const BAND_TABLES: Record<Tier, string> = {
  hour: 'band_conversion_counts',
  daily: 'band_conversion_counts_daily',
  monthly: 'band_conversion_counts_monthly',
};

const PAGE_TABLES: Record<Tier, string> = {
  hour: 'page_conversion_counts',
  daily: 'page_conversion_counts_daily',
  monthly: 'page_conversion_counts_monthly',
};

type Counts<V> = Map<V, { sessions: number; converted: number }>;

/**
 * Sessions and conversions per value from counts kept at ingest (`tables`, with a `value` column
 * and a `goal` column, `every` in the rows of every session): whole UTC months, days and edge hours
 * of the range, so any range reads a bounded number of rows. Without a goal (`goal` undefined) any
 * goal converts (the `every` rows count those); with one, that goal's rows.
 */
function tierCounts<V, G>(
  db: Database.Database,
  tables: Record<Tier, string>,
  [value, goalCol]: [string, string],
  where: { sql: string; args: (string | number)[] },
  [every, goal]: [G, G | undefined],
  filters: SegmentFilters,
  range: QueryRange,
): Counts<V> {
  const out: Counts<V> = new Map();
  let segSql = where.sql;
  const segArgs = [...where.args];
  for (const name of ['device', 'browser', 'language'] as const) {
    const v = filters[name];
    if (v === undefined) continue;
    segSql += ` AND ${name} = ?`;
    segArgs.push(v);
  }
  for (const span of planSpans(range.fromHour, range.toHour)) {
    const rows = cachedStatement(
      db,
      `SELECT ${value}, ${goalCol}, SUM(sessions), SUM(converted) FROM ${tables[span.tier]} ` +
        `WHERE site_id = ?${segSql} AND ${goalCol} IN (?, ?) AND hour >= ? AND hour < ? GROUP BY ${value}, ${goalCol}`,
    )
      .raw()
      .all(...segArgs, every, goal ?? every, span.start, span.end) as [V, G, number, number][];
    for (const [v, g, sessions, converted] of rows) {
      let c = out.get(v);
      if (!c) {
        c = { sessions: 0, converted: 0 };
        out.set(v, c);
      }
      if (g === every) c.sessions += span.sign * sessions;
      if ((goal === undefined) === (g === every)) c.converted += span.sign * converted;
    }
  }
  for (const [v, c] of out) if (c.sessions === 0) out.delete(v);
  return out;
}

/** Sessions and conversions per band from the counts kept at ingest (band-conversion-deltas.ts). */
function bandCounts(db: Database.Database, siteId: string, q: ConversionQuestion, range: QueryRange): Counts<Band> {
  const where = { sql: ' AND kind = ?', args: [siteId, q.kind] };
  return tierCounts(db, BAND_TABLES, ['band', 'goal'], where, ['', q.goal], q.filters, range);
}

/**
 * Sessions and conversions per page key from the counts kept at ingest (page-conversion-deltas.ts);
 * `goals` is the goal's key (empty when the site never saw it), undefined for any goal.
 */
function pageCounts(
  db: Database.Database,
  siteId: string,
  goals: ReadonlySet<number> | undefined,
  filters: SegmentFilters,
  range: QueryRange,
): Counts<number> {
  // Key ids start at 1: 0 is every session's row, -1 no row (an unknown goal converts nobody).
  const goal = goals === undefined ? undefined : ([...goals][0] ?? -1);
  return tierCounts(db, PAGE_TABLES, ['page_key', 'goal_key'], { sql: '', args: [siteId] }, [0, goal], filters, range);
}

/**
 * Goal conversion per page, device class or answer band, from the funnels' read model: a session
 * converted if its reaches (session_steps) hold the goal, or any goal without one. by=page and
 * by=device count the sessions whose first page view or goal lies in the range; by=band, the
 * sessions that answered a prompt of `kind` in the range, in the band of their last such answer.
 * by=page and by=band read the counts kept at ingest, unless a path or audience filter asks for
 * what they do not hold. by=page and by=device under such a filter walk the sessions of the range,
 * past `sampling`'s threshold only its fixed sample (conversion-session-rows.ts), scaled up.
 */
export function readConversion(
  db: Database.Database,
  siteId: string,
  q: ConversionQuestion,
  range: QueryRange,
): ConversionResponse {
  const keyStmt = cachedStatement(db, 'SELECT id FROM funnel_keys WHERE site_id = ? AND kind = ? AND name = ?').pluck();
  const goals =
    q.goal !== undefined
      ? exactKey(keyStmt, siteId, 'track', q.goal)
      : new Set(
          cachedStatement(db, "SELECT id FROM funnel_keys WHERE site_id = ? AND kind = 'track'")
            .pluck()
            .all(siteId) as number[],
        );
  const pathKey = q.filters.path === undefined ? undefined : exactKey(keyStmt, siteId, 'page', q.filters.path);
  const counts = new Map<string | number, { sessions: number; converted: number }>();
  const count = (value: string | number, converted: boolean) => {
    let c = counts.get(value);
    if (!c) {
      c = { sessions: 0, converted: 0 };
      counts.set(value, c);
    }
    c.sessions += 1;
    if (converted) c.converted += 1;
  };
  const seg = segmentSql(q.filters, q.audience, 's');
  // The counts hold every session of the site; a site whose older sessions or answers are still
  // being counted (in the background) reads its sessions or answers.
  const countable =
    q.filters.path === undefined && q.audience.traits.length === 0 && q.audience.returning === undefined;
  let level = 0;
  let sampleSessions = 0;
  const counted = (backfill: string) =>
    cachedStatement(db, `SELECT 1 FROM ${backfill} WHERE site_id = ?`).get(siteId) === undefined;
  if (countable && q.by === 'band' && counted('band_conversion_backfill')) {
    for (const [band, c] of bandCounts(db, siteId, q, range)) counts.set(band, c);
  } else if (countable && q.by === 'page' && counted('page_conversion_backfill')) {
    const goal = q.goal === undefined ? undefined : goals;
    for (const [page, c] of pageCounts(db, siteId, goal, q.filters, range)) counts.set(page, c);
  } else if (q.by === 'band') {
    // Each session's last answer of the kind (ties: the one stored last), when it lies in the range.
    const rows = cachedStatement(
      db,
      'SELECT r.session_id AS "sessionId", r.score AS score, st.steps AS steps FROM responses AS r ' +
        'JOIN sessions AS s ON s.site_id = r.site_id AND s.session_id = r.session_id ' +
        'LEFT JOIN session_steps AS st ON st.site_id = r.site_id AND st.session_id = r.session_id ' +
        `WHERE r.site_id = ? AND r.kind = ? AND r.created_at >= ? AND r.created_at < ?${seg.sql} ` +
        'AND NOT EXISTS (SELECT 1 FROM responses AS l WHERE l.site_id = r.site_id AND l.session_id = r.session_id ' +
        'AND l.kind = r.kind AND (l.created_at > r.created_at OR (l.created_at = r.created_at AND ' +
        // PostgreSQL has no rowid: ties go by display id there, as band-conversion-deltas.ts breaks them.
        perDialect(db, { sqlite: 'l.rowid > r.rowid', postgres: 'l.display_id > r.display_id' }) +
        ')))',
    ).all(siteId, q.kind, range.fromHour, range.toHour, ...seg.args) as {
      sessionId: string;
      score: number;
      steps: string | null;
    }[];
    for (const r of rows) {
      const reaches = r.steps === null ? [] : (JSON.parse(r.steps) as number[]);
      if (pathKey !== undefined && !hasAny(reaches, pathKey)) continue;
      count(segmentOf(q.kind, r.score), hasAny(reaches, goals));
    }
  } else {
    const walk = conversionSessions(db, siteId, seg, range, countable ? undefined : q.sampling);
    level = walk.level;
    const pages = q.by === 'page' ? pageKeys(db, siteId) : undefined;
    for (const [device, steps] of walk.rows) {
      const reaches = JSON.parse(steps) as number[];
      if (pathKey !== undefined && !hasAny(reaches, pathKey)) continue;
      sampleSessions += 1;
      const converted = hasAny(reaches, goals);
      if (pages === undefined) {
        count(device, converted);
        continue;
      }
      const distinct = new Set<number>();
      for (let i = 0; i < reaches.length; i += 2) if (pages.has(reaches[i]!)) distinct.add(reaches[i]!);
      for (const k of distinct) count(k, converted);
    }
  }
  const names = q.by === 'page' ? cachedStatement(db, 'SELECT name FROM funnel_keys WHERE id = ?').pluck() : undefined;
  const sorted = [...counts.entries()].sort(([a, x], [b, y]) =>
    q.by === 'band' ? BANDS.indexOf(a as Band) - BANDS.indexOf(b as Band) : y.sessions - x.sessions || (a < b ? -1 : 1),
  );
  // Each sampled session stands for 2^level sessions; rates are the sample's own.
  const scale = 2 ** level;
  const rows: ConversionRow[] = sorted.slice(0, q.limit).map(([value, c]) => ({
    value: names === undefined ? String(value) : (names.get(value) as string),
    sessions: c.sessions * scale,
    converted: c.converted * scale,
    conversionRate: percent(c.converted, c.sessions),
  }));
  return {
    by: q.by,
    goal: q.goal ?? null,
    range: rangeEcho(range),
    totalValues: counts.size,
    rows,
    ...(level > 0 ? { sampled: { rate: 1 / scale, sessions: sampleSessions } } : {}),
  };
}

/** The site's page keys (to tell them from goals in a session's reaches). */
function pageKeys(db: Database.Database, siteId: string): Set<number> {
  return new Set(
    cachedStatement(db, "SELECT id FROM funnel_keys WHERE site_id = ? AND kind = 'page'")
      .pluck()
      .all(siteId) as number[],
  );
}
