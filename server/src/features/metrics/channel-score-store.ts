import { LINK_CHANNELS } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { HOUR_MS } from '../../analytics/local-calendar.js';
import { addToDistribution, type Distribution, type Kind } from '../../analytics/score-math.js';
import { bucketOf } from '../../analytics/series-buckets.js';
import type { ScoreDim, ScoreFilters } from './score-cubes.js';

/** The link survey dimensions of an answer, which no cube keeps (the responses table does). */
export interface LinkDimensions {
  channel?: string | undefined;
  touchpoint?: string | undefined;
  /** Only the link surveys' answers (every channel but `web`). */
  linksOnly?: boolean;
}

export type ResponseGroup = ScoreDim | 'channel' | 'touchpoint';

/** Column names come from these fixed tables only: nothing a client sends enters the SQL text. */
const FILTER_COLUMNS = ['prompt_id', 'path', 'device', 'browser', 'language'] as const;

/** The WHERE clause of the answers of [from, to) under the filters and link dimensions. */
function answersWhere(
  siteId: string,
  kind: Kind,
  filters: ScoreFilters,
  link: LinkDimensions,
  groupBy: ResponseGroup | undefined,
  from: number,
  to: number,
): { sql: string; params: unknown[] } {
  const where = ['site_id = ?', 'kind = ?', 'created_at >= ?', 'created_at < ?'];
  const params: unknown[] = [siteId, kind, from, to];
  for (const column of FILTER_COLUMNS) {
    const value = filters[column];
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  if (link.channel !== undefined) {
    where.push('channel = ?');
    params.push(link.channel);
  }
  if (link.touchpoint !== undefined) {
    where.push('touchpoint = ?');
    params.push(link.touchpoint);
  }
  if (link.linksOnly) where.push(`channel IN (${LINK_CHANNELS.map((c) => `'${c}'`).join(', ')})`);
  if (groupBy === 'touchpoint') where.push('touchpoint IS NOT NULL');
  return { sql: where.join(' AND '), params };
}

/**
 * Score distributions read from the answers themselves, per group value ('' when not grouped),
 * for the questions that name a channel or touchpoint. Answers are few next to events, and the
 * `(site_id, channel, created_at)` index narrows them; an answer counts at the time it was first
 * given (created_at in [from, to)), as in the cubes' hourly buckets. Grouped by touchpoint, only
 * answers that have one (signed links) form groups.
 */
export function readResponseDistributions(
  db: Database.Database,
  siteId: string,
  kind: Kind,
  filters: ScoreFilters,
  link: LinkDimensions,
  groupBy: ResponseGroup | undefined,
  from: number,
  to: number,
): Map<string, Distribution> {
  const where = answersWhere(siteId, kind, filters, link, groupBy, from, to);
  const group = groupBy ?? "''";
  const rows = db
    .prepare(
      `SELECT ${group} AS g, score, count(*) AS n, count(comment) AS c FROM responses WHERE ${where.sql} GROUP BY g, score`,
    )
    .all(...where.params) as { g: string; score: number; n: number; c: number }[];
  const out = new Map<string, Distribution>();
  for (const r of rows) {
    const d = out.get(String(r.g)) ?? new Map();
    d.set(r.score, { responses: r.n, comments: r.c });
    out.set(String(r.g), d);
  }
  return out;
}

/**
 * readResponseDistributions (ungrouped) of each bucket of a series, in one statement: the answers
 * of the whole range counted per UTC hour and score, each hour added to the bucket holding it
 * (buckets are whole, contiguous UTC hours). A statement per bucket cost a local-day series over
 * half a year 182 statements, each prepared anew.
 */
export function readResponseDistributionSeries(
  db: Database.Database,
  siteId: string,
  kind: Kind,
  filters: ScoreFilters,
  link: LinkDimensions,
  buckets: readonly { start: number; end: number }[],
): Distribution[] {
  const out = buckets.map((): Distribution => new Map());
  if (buckets.length === 0) return out;
  const where = answersWhere(siteId, kind, filters, link, undefined, buckets[0]!.start, buckets.at(-1)!.end);
  const rows = db
    .prepare(
      `SELECT created_at - created_at % ${HOUR_MS} AS h, score, count(*) AS n, count(comment) AS c FROM responses WHERE ${where.sql} GROUP BY h, score`,
    )
    .raw(true)
    .all(...where.params) as [number, number, number, number][];
  for (const [hour, score, n, c] of rows) {
    const d = out[bucketOf(buckets, Number(hour))];
    if (d) addToDistribution(d, score, Number(n), Number(c));
  }
  return out;
}

/** Answers per group value, from readResponseDistributions' distributions. */
export function answerCounts(dists: Map<string, Distribution>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, d] of dists) {
    let n = 0;
    for (const c of d.values()) n += c.responses;
    out.set(key, n);
  }
  return out;
}
