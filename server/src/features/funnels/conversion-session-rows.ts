import type Database from 'better-sqlite3';
import type { QueryRange } from '../../analytics/query-range.js';
import { jsonIntegers } from '../../db/sql-dialect.js';
import { MAX_SAMPLE_LEVEL } from '../../lib/session-sample-level.js';
import { cachedStatement } from './cached-statement.js';
import { funnelSampleLevel } from './funnel-sample-level.js';
import type { FunnelSampling } from './funnel-store.js';

/** The sessions a conversion walks, as [device, steps] rows, and the sample level they were read at (0: all). */
export interface ConversionSessions {
  level: number;
  rows: Iterable<[string, string]>;
}

/**
 * The sessions whose first reach lies in the range (session_steps.first_ts), narrowed by `seg`
 * (segmentSql over alias `s`). With `sampling` and more first reaches in the range than its
 * threshold, only the fixed sample funnel-sample-level.ts picks over all of the site's keys: a
 * session's first reach is the session_reaches row of its earliest key, whose first_ts is the
 * session's, so the sample is found by key, level and time in that index and each of its sessions
 * read once, by primary key. Without `sampling` (or exact) every session of the range.
 */
export function conversionSessions(
  db: Database.Database,
  siteId: string,
  seg: { sql: string; args: (string | number)[] },
  range: QueryRange,
  sampling: FunnelSampling | undefined,
): ConversionSessions {
  let level = 0;
  let keys: number[] = [];
  if (sampling !== undefined && !sampling.exact) {
    keys = cachedStatement(db, 'SELECT id FROM funnel_keys WHERE site_id = ?').pluck().all(siteId) as number[];
    level = funnelSampleLevel(db, siteId, keys, range, sampling.threshold);
  }
  if (level === 0) {
    const rows = cachedStatement(
      db,
      'SELECT s.device, s.steps FROM session_steps AS s ' +
        `WHERE s.site_id = ? AND s.first_ts >= ? AND s.first_ts < ?${seg.sql}`,
    )
      .raw()
      .iterate(siteId, range.fromHour, range.toHour, ...seg.args) as IterableIterator<[string, string]>;
    return { level, rows };
  }
  const levels = Array.from({ length: MAX_SAMPLE_LEVEL - level + 1 }, (_, i) => level + i);
  // CROSS JOIN keeps the sample's reaches outside. With ANALYZE's statistics of a large file the
  // planner preferred the range's every session by first_ts (s.first_ts = r.first_ts lets it),
  // probing an audience's traits on each: 122 ms of CPU against 14 at 10 M events, two traits.
  const found = cachedStatement(
    db,
    'SELECT r.session_id, s.device, s.steps FROM session_reaches AS r ' +
      'CROSS JOIN session_steps AS s ON s.site_id = r.site_id AND s.session_id = r.session_id ' +
      `WHERE r.site_id = ? AND r.key_id IN (${jsonIntegers(db)}) AND r.sample_level IN (${jsonIntegers(db)}) ` +
      `AND r.first_ts >= ? AND r.first_ts < ? AND s.first_ts = r.first_ts${seg.sql}`,
  )
    .raw()
    .all(siteId, JSON.stringify(keys), JSON.stringify(levels), range.fromHour, range.toHour, ...seg.args) as [
    string,
    string,
    string,
  ][];
  // Two keys first reached at the session's first instant give it two rows.
  const seen = new Set<string>();
  const rows: [string, string][] = [];
  for (const [sessionId, device, steps] of found) {
    if (seen.has(sessionId)) continue;
    seen.add(sessionId);
    rows.push([device, steps]);
  }
  return { level, rows };
}
