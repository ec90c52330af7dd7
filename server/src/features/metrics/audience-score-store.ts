import type { AudienceFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { answerTraitSql, audienceAnswerConditions } from '../../analytics/audience-sessions.js';
import type { Distribution, Kind } from '../../analytics/score-math.js';
import type { LinkDimensions } from './channel-score-store.js';
import type { ScoreFilters } from './score-cubes.js';

// Scores by who answered: the customer's traits and new vs returning (AudienceFilters). One trait
// (as a filter or a grouping) and `returning` are read from trait_score_rollups, which the writer
// keeps per answer and trait (features/ingest/derive/customer-deltas.ts); a question it cannot
// answer (several traits at once, a trait filter and a grouping by another, a path, a channel or
// touchpoint) is read from the answers themselves, whose `traits` column holds what they carried.

/** Whether an audience narrows anything. */
export const hasAudience = (a: AudienceFilters | undefined, traitGroup: string | undefined): boolean =>
  a !== undefined && (a.traits.length > 0 || a.returning !== undefined || traitGroup !== undefined);

/** Column names come from this fixed list only: nothing a client sends enters the SQL text. */
const ROLLUP_FILTERS = [
  ['prompt_id', 'prompt_id'],
  ['device', 'device'],
  ['browser', 'browser'],
  ['language', 'language'],
] as const;

const toDistributions = (rows: { g: string | number | null; score: number; n: number; c: number }[]) => {
  const out = new Map<string, Distribution>();
  for (const r of rows) {
    if (r.n === 0 && r.c === 0) continue;
    const key = String(r.g ?? '');
    const d = out.get(key) ?? new Map();
    const cur = d.get(r.score) ?? { responses: 0, comments: 0 };
    d.set(r.score, { responses: cur.responses + r.n, comments: cur.comments + r.c });
    out.set(key, d);
  }
  return out;
};

/** Whether trait_score_rollups can answer the question (else the answers are read). */
function rollupsAnswer(
  filters: ScoreFilters,
  audience: AudienceFilters,
  link: LinkDimensions,
  traitGroup: string | undefined,
): boolean {
  if (filters.path !== undefined || link.channel !== undefined || link.touchpoint !== undefined || link.linksOnly)
    return false;
  if (audience.traits.length > 1) return false;
  const only = audience.traits[0];
  return traitGroup === undefined || only === undefined || only.key === traitGroup;
}

/**
 * Answer distributions of `kind` given in [from, to) by this audience, per value of the trait
 * `traitGroup` ('' when not grouped; answers without that trait form no group).
 */
export function readAudienceDistributions(
  db: Database.Database,
  siteId: string,
  kind: Kind,
  filters: ScoreFilters,
  audience: AudienceFilters,
  link: LinkDimensions,
  traitGroup: string | undefined,
  from: number,
  to: number,
): Map<string, Distribution> {
  return rollupsAnswer(filters, audience, link, traitGroup)
    ? fromRollups(db, siteId, kind, filters, audience, traitGroup, from, to)
    : fromAnswers(db, siteId, kind, filters, audience, link, traitGroup, from, to);
}

function fromRollups(
  db: Database.Database,
  siteId: string,
  kind: Kind,
  filters: ScoreFilters,
  audience: AudienceFilters,
  traitGroup: string | undefined,
  from: number,
  to: number,
): Map<string, Distribution> {
  const trait = audience.traits[0];
  const where = ['site_id = ?', 'trait_key = ?'];
  const params: unknown[] = [siteId, traitGroup ?? trait?.key ?? ''];
  if (trait !== undefined) {
    where.push('trait_value = ?');
    params.push(trait.value);
  } else if (traitGroup === undefined) {
    where.push("trait_value = ''");
  }
  where.push('hour >= ?', 'hour < ?', 'kind = ?');
  params.push(from, to, kind);
  for (const [name, column] of ROLLUP_FILTERS) {
    const value = filters[name];
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  if (audience.returning !== undefined) {
    where.push('"returning" = ?');
    params.push(audience.returning ? 1 : 0);
  }
  const group = traitGroup === undefined ? "''" : 'trait_value';
  const rows = db
    .prepare(
      `SELECT ${group} AS g, score, sum(responses) AS n, sum(comments) AS c FROM trait_score_rollups ` +
        `WHERE ${where.join(' AND ')} GROUP BY g, score`,
    )
    .all(...params) as { g: string; score: number; n: number; c: number }[];
  return toDistributions(rows);
}

function fromAnswers(
  db: Database.Database,
  siteId: string,
  kind: Kind,
  filters: ScoreFilters,
  audience: AudienceFilters,
  link: LinkDimensions,
  traitGroup: string | undefined,
  from: number,
  to: number,
): Map<string, Distribution> {
  const where = ['r.site_id = ?', 'r.kind = ?', 'r.created_at >= ?', 'r.created_at < ?'];
  const params: unknown[] = [siteId, kind, from, to];
  for (const column of ['prompt_id', 'path', 'device', 'browser', 'language'] as const) {
    const value = filters[column];
    if (value === undefined) continue;
    where.push(`r.${column} = ?`);
    params.push(value);
  }
  if (link.channel !== undefined) {
    where.push('r.channel = ?');
    params.push(link.channel);
  }
  if (link.touchpoint !== undefined) {
    where.push('r.touchpoint = ?');
    params.push(link.touchpoint);
  }
  if (link.linksOnly) where.push("r.channel <> 'web'");
  for (const c of audienceAnswerConditions(audience, 'r')) {
    where.push(c.sql);
    params.push(...c.params);
  }
  let group = "''";
  if (traitGroup !== undefined) {
    group = answerTraitSql('r');
    params.unshift(traitGroup);
  }
  const rows = db
    .prepare(
      `SELECT ${group} AS g, r.score AS score, count(*) AS n, count(r.comment) AS c FROM responses AS r ` +
        `WHERE ${where.join(' AND ')} GROUP BY g, score`,
    )
    .all(...params) as { g: string | null; score: number; n: number; c: number }[];
  return toDistributions(traitGroup === undefined ? rows : rows.filter((r) => r.g !== null));
}
