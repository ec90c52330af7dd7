import type { AudienceFilters, FunnelResponse, FunnelStep, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { jsonIntegers } from '../../db/sql-dialect.js';
import { MAX_SAMPLE_LEVEL } from '../../lib/session-sample-level.js';
import { cachedStatement } from './cached-statement.js';
import { funnelSampleLevel } from './funnel-sample-level.js';
import { median, percent, walkFunnel } from './funnel-walk.js';
import { prepareStepKeys, stepKeys } from './step-keys.js';

/**
 * The conditions on a row of `alias` (a table with site_id, session_id, device, browser and
 * language) for the visitor segment and the audience, and their values: each trait filter one
 * lookup in session_traits, `returning` one in sessions, both by primary key.
 */
export function segmentSql(
  filters: SegmentFilters,
  audience: AudienceFilters,
  alias: string,
): { sql: string; args: (string | number)[] } {
  let sql = '';
  const args: (string | number)[] = [];
  for (const name of ['device', 'browser', 'language'] as const) {
    const v = filters[name];
    if (v === undefined) continue;
    sql += ` AND ${alias}.${name} = ?`;
    args.push(v);
  }
  for (const { key, value } of audience.traits) {
    sql +=
      ' AND EXISTS (SELECT 1 FROM session_traits AS t WHERE t.site_id = ' +
      `${alias}.site_id AND t.session_id = ${alias}.session_id AND t.key = ? AND t.value = ?)`;
    args.push(key, value);
  }
  if (audience.returning !== undefined) {
    sql +=
      ' AND EXISTS (SELECT 1 FROM sessions AS x WHERE x.site_id = ' +
      `${alias}.site_id AND x.session_id = ${alias}.session_id AND x."returning" = ?)`;
    args.push(audience.returning ? 1 : 0);
  }
  return { sql, args };
}

/**
 * How an ad-hoc funnel may read: `threshold`, the most first reaches of step 1 in the range it walks
 * in full before it walks a sample instead; `exact` walks in full whatever their number.
 */
export interface FunnelSampling {
  exact: boolean;
  threshold: number;
}

/**
 * A funnel over the sessions whose first reach of step 1 lies in the range, read from the funnels'
 * read model (db/schema/funnels.ts): the keys each step accepts, the sessions that first reached
 * step 1's keys in the range (session_reaches, by key, sample level and time), and each such
 * session's reaches (session_steps), walked in memory. Its cost grows with the sessions that
 * entered the funnel; with `sampling`, past its threshold it walks the fixed sample of them
 * funnel-sample-level.ts chooses and scales the counts up, saying so in `sampled`.
 */
export function readFunnel(
  db: Database.Database,
  siteId: string,
  steps: readonly FunnelStep[],
  asked: readonly string[],
  filters: SegmentFilters,
  audience: AudienceFilters,
  range: QueryRange,
  sampling: FunnelSampling = { exact: true, threshold: 0 },
): FunnelResponse {
  const keys = prepareStepKeys(db);
  const accepts = steps.map((step, i) => stepKeys(keys, siteId, step, i));
  const pathKey = filters.path === undefined ? undefined : exactKey(keys.key, siteId, 'page', filters.path);
  const entered = new Array<number>(steps.length).fill(0);
  const gaps: number[][] = steps.map(() => []);
  const totals: number[] = [];
  const seg = segmentSql(filters, audience, 's');
  // Keys and levels as IN lists: SQLite seeks one index range per (key, level) pair, equality on
  // both letting the range on first_ts seek, within one statement (a pattern may accept thousands
  // of pages: one execution each would cost more than their rows). CAST: PostgreSQL's json_each
  // gives text, which does not compare with bigint (SQLite's plan is the same with it).
  const select = cachedStatement(
    db,
    'SELECT r.session_id, s.steps FROM session_reaches AS r ' +
      'JOIN session_steps AS s ON s.site_id = r.site_id AND s.session_id = r.session_id ' +
      `WHERE r.site_id = ? AND r.key_id IN (${jsonIntegers(db)}) ` +
      `AND r.sample_level IN (${jsonIntegers(db)}) AND r.first_ts >= ? AND r.first_ts < ?` +
      seg.sql,
  ).raw();
  const seen = new Set<string>();
  const empty = pathKey !== undefined && pathKey.size === 0;
  const firstKeys = empty ? [] : [...accepts[0]!];
  const level = sampling.exact ? 0 : funnelSampleLevel(db, siteId, firstKeys, range, sampling.threshold);
  const levels = Array.from({ length: MAX_SAMPLE_LEVEL - level + 1 }, (_, i) => level + i);
  // all(), not iterate(): a row costs a third of what iterate() costs (profile-funnel-walk.ts).
  const rows = (
    firstKeys.length === 0
      ? []
      : select.all(siteId, JSON.stringify(firstKeys), JSON.stringify(levels), range.fromHour, range.toHour, ...seg.args)
  ) as [string, string][];
  for (const [sessionId, stored] of rows) {
    // A session that first reached several of step 1's pages in the range comes once per page.
    if (firstKeys.length > 1) {
      if (seen.has(sessionId)) continue;
      seen.add(sessionId);
    }
    const reaches = JSON.parse(stored) as number[];
    if (pathKey !== undefined && !hasAny(reaches, pathKey)) continue;
    const times = walkFunnel(reaches, accepts);
    // Entered the funnel before the range (through another of step 1's pages): another range's session.
    if (times.length === 0 || times[0]! < range.fromHour || times[0]! >= range.toHour) continue;
    for (let k = 0; k < times.length; k++) {
      entered[k]! += 1;
      if (k > 0) gaps[k - 1]!.push(times[k]! - times[k - 1]!);
    }
    if (times.length === steps.length) totals.push(times[times.length - 1]! - times[0]!);
  }
  const first = entered[0]!;
  // Each sampled session stands for 2^level sessions; rates and medians are the sample's own.
  const scale = 2 ** level;
  return {
    range: rangeEcho(range),
    steps: asked.map((step, k) => {
      const last = k === steps.length - 1;
      const converted = last ? 0 : entered[k + 1]!;
      return {
        step,
        entered: entered[k]! * scale,
        converted: converted * scale,
        dropOff: last ? 0 : (entered[k]! - converted) * scale,
        conversionRate: last ? null : percent(converted, entered[k]!),
        fromStartRate: percent(entered[k]!, first),
        medianMsToNext: last ? null : median(gaps[k]!),
      };
    }),
    completionRate: percent(entered[steps.length - 1]!, first),
    medianMsToComplete: median(totals),
    ...(level > 0 ? { sampled: { rate: 1 / scale, sessions: first } } : {}),
  };
}

/** The one key of a page or goal as a set (empty when the site never saw it). */
export function exactKey(key: Database.Statement, siteId: string, kind: 'page' | 'track', name: string): Set<number> {
  const id = key.get(siteId, kind, name) as number | undefined;
  return new Set(id === undefined ? [] : [id]);
}

/** Whether the reaches hold any of the keys. */
export function hasAny(reaches: readonly number[], keys: ReadonlySet<number>): boolean {
  for (let i = 0; i < reaches.length; i += 2) if (keys.has(reaches[i]!)) return true;
  return false;
}
