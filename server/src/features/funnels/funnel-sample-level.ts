import type Database from 'better-sqlite3';
import type { QueryRange } from '../../analytics/query-range.js';
import { MAX_SAMPLE_LEVEL } from '../../lib/session-sample-level.js';
import { cachedStatement } from './cached-statement.js';

/**
 * The sample level an ad-hoc funnel walks: 0 (every session) while step 1's first reaches in the
 * range number at most `threshold`, else the lowest level whose sample (the sessions at that
 * level or deeper, a 2^-level share) has at most `threshold` of them — or the deepest level, when
 * even that one has more. Counted from the deepest level up, in the index only, and stopped as
 * soon as the count passes the threshold, so choosing costs no more than about twice the walk it
 * allows. The count is of reaches, not sessions (a session that first reached two of step 1's
 * pages in the range counts twice) and ignores the filters: it measures what the walk would read.
 */
export function funnelSampleLevel(
  db: Database.Database,
  siteId: string,
  firstKeys: readonly number[],
  range: QueryRange,
  threshold: number,
): number {
  if (firstKeys.length === 0) return 0;
  const count = cachedStatement(
    db,
    'SELECT count(*) FROM session_reaches WHERE site_id = ? AND key_id IN (SELECT CAST(value AS BIGINT) FROM json_each(?)) ' +
      'AND sample_level = ? AND first_ts >= ? AND first_ts < ?',
  ).pluck();
  const keys = JSON.stringify(firstKeys);
  let reaches = 0;
  for (let level = MAX_SAMPLE_LEVEL; level >= 0; level--) {
    reaches += count.get(siteId, keys, level, range.fromHour, range.toHour) as number;
    if (reaches > threshold) return Math.min(level + 1, MAX_SAMPLE_LEVEL);
  }
  return 0;
}
