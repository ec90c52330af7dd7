import type {
  AudienceFilters,
  ConversionDimension,
  ConversionResponse,
  ConversionRow,
  SegmentFilters,
} from '@loupe/shared';
import { SEGMENT_RANGES } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { cachedStatement } from './cached-statement.js';
import { exactKey, hasAny, segmentSql } from './funnel-store.js';
import { percent } from './funnel-walk.js';

export interface ConversionQuestion {
  by: ConversionDimension;
  goal: string | undefined;
  kind: keyof typeof SEGMENT_RANGES;
  filters: SegmentFilters;
  audience: AudienceFilters;
  limit: number;
}

type Band = 'detractor' | 'passive' | 'promoter';
const BANDS: readonly Band[] = ['promoter', 'passive', 'detractor'];

function bandOf(kind: keyof typeof SEGMENT_RANGES, score: number): Band {
  const r = SEGMENT_RANGES[kind];
  return score <= r.detractor[1] ? 'detractor' : score <= r.passive[1] ? 'passive' : 'promoter';
}

/**
 * Goal conversion per page, device class or answer band, from the funnels' read model: a session
 * converted if its reaches (session_steps) hold the goal, or any goal without one. by=page and
 * by=device count the sessions whose first page view or goal lies in the range; by=band, the
 * sessions that answered a prompt of `kind` in the range, in the band of their last such answer.
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
  if (q.by === 'band') {
    // Answers in time order: the last one of each session decides its band.
    const rows = cachedStatement(
      db,
      'SELECT r.session_id AS sessionId, r.score AS score, st.steps AS steps FROM responses AS r ' +
        'JOIN sessions AS s ON s.site_id = r.site_id AND s.session_id = r.session_id ' +
        'LEFT JOIN session_steps AS st ON st.site_id = r.site_id AND st.session_id = r.session_id ' +
        `WHERE r.site_id = ? AND r.kind = ? AND r.created_at >= ? AND r.created_at < ?${seg.sql} ORDER BY r.created_at`,
    ).all(siteId, q.kind, range.fromHour, range.toHour, ...seg.args) as {
      sessionId: string;
      score: number;
      steps: string | null;
    }[];
    const last = new Map<string, { band: Band; reaches: number[] }>();
    for (const r of rows)
      last.set(r.sessionId, { band: bandOf(q.kind, r.score), reaches: r.steps === null ? [] : JSON.parse(r.steps) });
    for (const { band, reaches } of last.values()) {
      if (pathKey !== undefined && !hasAny(reaches, pathKey)) continue;
      count(band, hasAny(reaches, goals));
    }
  } else {
    const rows = cachedStatement(
      db,
      `SELECT s.device AS device, s.steps AS steps FROM session_steps AS s WHERE s.site_id = ? AND s.first_ts >= ? AND s.first_ts < ?${seg.sql}`,
    ).iterate(siteId, range.fromHour, range.toHour, ...seg.args) as IterableIterator<{
      device: string;
      steps: string;
    }>;
    const pages = q.by === 'page' ? pageKeys(db, siteId) : undefined;
    for (const r of rows) {
      const reaches = JSON.parse(r.steps) as number[];
      if (pathKey !== undefined && !hasAny(reaches, pathKey)) continue;
      const converted = hasAny(reaches, goals);
      if (pages === undefined) {
        count(r.device, converted);
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
  const rows: ConversionRow[] = sorted.slice(0, q.limit).map(([value, c]) => ({
    value: names === undefined ? String(value) : (names.get(value) as string),
    sessions: c.sessions,
    converted: c.converted,
    conversionRate: percent(c.converted, c.sessions),
  }));
  return { by: q.by, goal: q.goal ?? null, range: rangeEcho(range), totalValues: counts.size, rows };
}

/** The site's page keys (to tell them from goals in a session's reaches). */
function pageKeys(db: Database.Database, siteId: string): Set<number> {
  return new Set(
    cachedStatement(db, "SELECT id FROM funnel_keys WHERE site_id = ? AND kind = 'page'")
      .pluck()
      .all(siteId) as number[],
  );
}
