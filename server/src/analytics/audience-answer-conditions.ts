import { type AudienceFilters, SEGMENT_FILTERS, type SegmentFilters, type TraitFilter } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { type AnswerSampling, answerSampleLevel, levelsFrom, rangeAnswerSampleLevel } from './answer-sample-level.js';

// An answer is given by the audience when the traits it carried match (`responses.traits`: the
// traits identify gave its session before it was given, or a signed link's, one row each in
// response_traits) and its session is returning or new as asked (a link's answer has no session of
// the site: it counts as new, as in trait_score_rollups). The answers are rows the read model keeps
// per session, so the routes that read answers (scores, responses, friction, journeys, touchpoints)
// narrow them here.

type Condition = { sql: string; params: (string | number)[] };

/**
 * The answers a read takes: those of `siteId` created in [from, to), and the connection on which
 * their traits are counted to find the audience's rarest (scopedAnswers). With `sampling`, an
 * audience with a trait past its threshold is read from a fixed sample of its answers.
 */
export interface AnswerScope {
  db: Database.Database;
  siteId: string;
  from: number;
  to: number;
  sampling?: AnswerSampling;
}

/** Every sample level: a read of response_traits names the levels it takes, so time bounds each level's range. */
const ALL_LEVELS = levelsFrom(0);

/**
 * How many of a trait's rows of the range are counted at most (a key range read from the key
 * alone, about 0.2 µs a row at 10 M events): past it any trait drives about as well as another
 * would, and counting on would cost a share of the read it is to spare. Each later trait is
 * counted only up to the fewest so far.
 */
const COUNT_CAP = 5_000;

const countOf = (s: AnswerScope, t: TraitFilter, cap: number) =>
  Number(
    s.db
      .prepare(
        'SELECT count(*) FROM (SELECT 1 FROM response_traits AS x WHERE x.site_id = ? AND x.key = ? AND x.value = ? ' +
          `AND x.sample_level IN (${ALL_LEVELS}) AND x.created_at >= ? AND x.created_at < ? LIMIT ?) AS c`,
      )
      .pluck()
      .get(s.siteId, t.key, t.value, s.from, s.to, cap),
  );

/** The index of the trait with the fewest answers in the scope's range, each counted up to the fewest so far. */
function rarestTrait(s: AnswerScope, traits: readonly TraitFilter[]): number {
  if (traits.length === 1) return 0;
  let best = 0;
  let fewest = COUNT_CAP;
  traits.forEach((t, i) => {
    if (fewest === 0) return;
    const n = countOf(s, t, fewest);
    if (n < fewest) [best, fewest] = [i, n];
  });
  return best;
}

/** The answer `r` carried the trait: one probe of the unique (site_id, display_id, key). */
const carries = (r: string, t: TraitFilter): Condition => ({
  sql:
    `EXISTS (SELECT 1 FROM response_traits AS x WHERE x.site_id = ${r}.site_id AND x.display_id = ${r}.display_id ` +
    'AND x.key = ? AND x.value = ?)',
  params: [t.key, t.value],
});

/** The `returning` condition on `r`, if the audience has one. */
const returningOf = (a: AudienceFilters, r: string): Condition[] =>
  a.returning === undefined
    ? []
    : [
        {
          sql:
            `coalesce((SELECT s."returning" FROM sessions AS s WHERE s.site_id = ${r}.site_id ` +
            `AND s.session_id = ${r}.session_id), 0) = ?`,
          params: [a.returning ? 1 : 0],
        },
      ];

/**
 * The conditions (each with its `?` parameters) an answer row of `responses` referred to as `r`
 * (an alias or a quoted table name) meets when given by the audience: each trait a primary-key
 * probe of response_traits. A read of a range should rather take scopedAnswers, driven by a trait.
 */
export function audienceAnswerConditions(a: AudienceFilters, r: string): Condition[] {
  return [...a.traits.map((t) => carries(r, t)), ...returningOf(a, r)];
}

const segmentConditions = (filters: SegmentFilters): Condition[] =>
  SEGMENT_FILTERS.filter((name) => filters[name] !== undefined).map((name) => ({
    sql: `r.${name} = ?`,
    params: [filters[name]!],
  }));

const suffix = (cs: Condition[]): Condition => ({
  sql: cs.map((c) => ` AND ${c.sql}`).join(''),
  params: cs.flatMap((c) => c.params),
});

/**
 * The segment filters and the audience as one ` AND …` suffix on `responses AS r` (column names:
 * SEGMENT_FILTERS), with its parameters.
 */
export function answerConditions(filters: SegmentFilters, audience: AudienceFilters): Condition {
  return suffix([...segmentConditions(filters), ...audienceAnswerConditions(audience, 'r')]);
}

/**
 * The answers a read takes, as `responses AS r`: its FROM, and its WHERE (no keyword) with the
 * parameters; `level`, the sample they are (the answers at that level or deeper, a 2^-level share:
 * each stands for 2^level), 0 when every answer is read.
 */
export interface ScopedAnswers {
  from: string;
  where: string;
  params: (string | number)[];
  level: number;
}

/**
 * The answers of the scope (its site, created in [from, to)) given by the audience, of the segment.
 * With a trait, the rarest in the range drives: its rows of response_traits' index range, each
 * joined to the answer's other traits (one probe each, ids only), and only the answers that carry
 * them all looked up by id. CROSS JOIN keeps that order: SQLite, planning without statistics, would
 * otherwise walk every answer of the range by time and test the traits in each. Past the scope's
 * sampling threshold, only the driving trait's rows of the sample level answerSampleLevel picks and
 * deeper. Without a trait, the answers of the range by time, each tested; past the threshold only
 * those of the sample level rangeAnswerSampleLevel picks over the range's answers and deeper, each
 * level one range of the answers' (site_id, sample_level, created_at) index.
 */
export function scopedAnswers(scope: AnswerScope, filters: SegmentFilters, audience: AudienceFilters): ScopedAnswers {
  const { siteId, from, to } = scope;
  // The most answers read in full (none: all of them, whatever their number).
  const threshold = scope.sampling === undefined || scope.sampling.exact ? undefined : scope.sampling.threshold;
  if (audience.traits.length === 0) {
    const level = threshold === undefined ? 0 : rangeAnswerSampleLevel(scope.db, siteId, from, to, threshold);
    const rest = answerConditions(filters, audience);
    // At level 0 every answer of the range: one range of (site_id, created_at), no level to name.
    const levels = level === 0 ? '' : ` AND r.sample_level IN (${levelsFrom(level)})`;
    return {
      from: 'responses AS r',
      where: `r.site_id = ?${levels} AND r.created_at >= ? AND r.created_at < ?${rest.sql}`,
      params: [siteId, from, to, ...rest.params],
      level,
    };
  }
  const driver = rarestTrait(scope, audience.traits);
  const t = audience.traits[driver]!;
  const level = threshold === undefined ? 0 : answerSampleLevel(scope.db, siteId, t, from, to, threshold);
  const others = audience.traits.filter((_, i) => i !== driver);
  const joins = others.map(
    (_, i) =>
      ` CROSS JOIN response_traits AS e${i} ON e${i}.site_id = d.site_id AND e${i}.sample_level = d.sample_level ` +
      `AND e${i}.created_at = d.created_at AND e${i}.display_id = d.display_id`,
  );
  const rest = suffix([
    ...others.map((o, i) => ({ sql: `e${i}.key = ? AND e${i}.value = ?`, params: [o.key, o.value] })),
    ...segmentConditions(filters),
    ...returningOf(audience, 'r'),
  ]);
  return {
    from: `response_traits AS d${joins.join('')} CROSS JOIN responses AS r ON r.site_id = d.site_id AND r.display_id = d.display_id`,
    where:
      `d.site_id = ? AND d.key = ? AND d.value = ? AND d.sample_level IN (${levelsFrom(level)}) ` +
      `AND d.created_at >= ? AND d.created_at < ?${rest.sql}`,
    params: [siteId, t.key, t.value, from, to, ...rest.params],
    level,
  };
}

/** The value of trait `key` an answer `r` carried (null: none), for a grouping by it; one `?` (the key). */
export const answerTraitSql = (r: string) =>
  `(SELECT x.value FROM response_traits AS x WHERE x.site_id = ${r}.site_id AND x.display_id = ${r}.display_id AND x.key = ?)`;
