import { type AudienceFilters, SEGMENT_FILTERS, type SegmentFilters, type TraitFilter } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { indexedBy } from '../db/sql-dialect.js';
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
function rarestTrait(s: AnswerScope, traits: readonly TraitFilter[], count = countOf): number {
  if (traits.length === 1) return 0;
  let best = 0;
  let fewest = COUNT_CAP;
  traits.forEach((t, i) => {
    if (fewest === 0) return;
    const n = count(s, t, fewest);
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

/**
 * The answer's other traits, each one probe of response_traits' key at the driving row `d`'s level,
 * time and answer (no row read): the joins (`e0`, `e1`, …) and their key and value conditions.
 */
const otherTraitJoins = (others: readonly TraitFilter[]): string =>
  others
    .map(
      (_, i) =>
        ` CROSS JOIN response_traits AS e${i} ON e${i}.site_id = d.site_id AND e${i}.sample_level = d.sample_level ` +
        `AND e${i}.created_at = d.created_at AND e${i}.display_id = d.display_id`,
    )
    .join('');
const otherTraitConditions = (others: readonly TraitFilter[]): Condition[] =>
  others.map((o, i) => ({ sql: `e${i}.key = ? AND e${i}.value = ?`, params: [o.key, o.value] }));

/** The answer's own row `r` of a driving trait row `d`, one lookup by its key. */
const ANSWER_ROW = ' CROSS JOIN responses AS r ON r.site_id = d.site_id AND r.display_id = d.display_id';

/** The `returning` condition on `r`, if the audience has one: the answer keeps its session's flag (0 without one). */
const returningOf = (a: AudienceFilters, r: string): Condition[] =>
  a.returning === undefined ? [] : [{ sql: `${r}."returning" = ?`, params: [a.returning ? 1 : 0] }];

/**
 * The conditions (each with its `?` parameters) an answer row of `responses` referred to as `r`
 * (an alias or a quoted table name) meets when given by the audience: each trait a primary-key
 * probe of response_traits. A read of a range should rather take scopedAnswers, driven by a trait.
 */
export function audienceAnswerConditions(a: AudienceFilters, r: string): Condition[] {
  return [...a.traits.map((t) => carries(r, t)), ...returningOf(a, r)];
}

const segmentConditions = (filters: SegmentFilters, alias = 'r'): Condition[] =>
  SEGMENT_FILTERS.filter((name) => filters[name] !== undefined).map((name) => ({
    sql: `${alias}.${name} = ?`,
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
  /**
   * The alias whose columns kind, score, path, created_at hold each answer's, and whether it has a
   * comment (`commentedSql`): `r` (the answer's row), or with `figuresOnly` and a trait `d` (the
   * driving trait's row: response_traits keeps the answer's figures, so no answer is looked up).
   */
  figures: 'r' | 'd';
}

/** Whether an answer of `a.figures` has a comment, 1 or 0. */
export const commentedSql = (a: Pick<ScopedAnswers, 'figures'>) =>
  a.figures === 'd' ? 'd.commented' : 'CASE WHEN r.comment IS NULL THEN 0 ELSE 1 END';

/**
 * The answers of the scope (its site, created in [from, to)) given by the audience, of the segment.
 * With a trait, the rarest in the range drives: its rows of response_traits' index range, each
 * joined to the answer's other traits (one probe each, ids only), and only the answers that carry
 * them all looked up by id. CROSS JOIN keeps that order: SQLite, planning without statistics, would
 * otherwise walk every answer of the range by time and test the traits in each. Past the scope's
 * sampling threshold, only the driving trait's rows of the sample level answerSampleLevel picks and
 * deeper. Without a trait, the answers of the range by time, each tested; past the threshold only
 * those of the sample level rangeAnswerSampleLevel picks over the range's answers and deeper, each
 * level one range of the answers' (site_id, sample_level, created_at) index. With `figuresOnly` (a
 * read of the figures the trait rows keep: `figures`), an audience with a trait and no `returning`
 * looks no answer up: the segment filters are tested on the driving trait's row.
 */
export function scopedAnswers(
  scope: AnswerScope,
  filters: SegmentFilters,
  audience: AudienceFilters,
  options: { figuresOnly?: boolean } = {},
): ScopedAnswers {
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
      figures: 'r',
    };
  }
  const driver = rarestTrait(scope, audience.traits);
  const t = audience.traits[driver]!;
  const level = threshold === undefined ? 0 : answerSampleLevel(scope.db, siteId, t, from, to, threshold);
  const others = audience.traits.filter((_, i) => i !== driver);
  const joins = otherTraitJoins(others);
  // The answer's row is needed for what the trait rows do not keep: `returning` (its session), or
  // a caller's columns beyond the figures.
  const figures = options.figuresOnly === true && audience.returning === undefined ? 'd' : 'r';
  const rest = suffix([
    ...otherTraitConditions(others),
    ...segmentConditions(filters, figures),
    ...returningOf(audience, 'r'),
  ]);
  const answer = figures === 'd' ? '' : ANSWER_ROW;
  return {
    figures,
    from: `response_traits AS d${joins}${answer}`,
    where:
      `d.site_id = ? AND d.key = ? AND d.value = ? AND d.sample_level IN (${levelsFrom(level)}) ` +
      `AND d.created_at >= ? AND d.created_at < ?${rest.sql}`,
    params: [siteId, t.key, t.value, from, to, ...rest.params],
    level,
  };
}

/** Which time bounds a read of resolved answers: when they were resolved, or when given. */
export type ResolvedBy = 'resolved_at' | 'created_at';

/**
 * The resolved answers of the scope given by an audience with a trait, of the segment, as
 * `response_traits AS d` (its kind, score, commented, created_at and resolved_at are the answer's):
 * those resolved in [from, to), or given in it and resolved since. The rarest trait's resolved rows
 * drive, from the partial index response_traits_resolved (only resolved answers are in it): by
 * their time of resolution, one range; by the time given, every one of the trait's (a resolution
 * may come at any time after, or be stamped before on a skewed client clock), each tested. The
 * other traits are a probe each, and only `returning` looks the answer up. Exact: no sample.
 */
export function scopedResolvedAnswers(
  scope: AnswerScope,
  filters: SegmentFilters,
  audience: AudienceFilters,
  by: ResolvedBy,
): { from: string; where: string; params: (string | number)[] } {
  const index = indexedBy(scope.db, 'response_traits_resolved');
  const resolvedCount = (s: AnswerScope, t: TraitFilter, cap: number) =>
    Number(
      s.db
        .prepare(
          `SELECT count(*) FROM (SELECT 1 FROM response_traits AS x${index} WHERE x.site_id = ? AND x.key = ? ` +
            `AND x.value = ? AND x.resolved_at IS NOT NULL AND x.${by} >= ? AND x.${by} < ? LIMIT ?) AS c`,
        )
        .pluck()
        .get(s.siteId, t.key, t.value, s.from, s.to, cap),
    );
  const driver = rarestTrait(scope, audience.traits, resolvedCount);
  const t = audience.traits[driver]!;
  const others = audience.traits.filter((_, i) => i !== driver);
  const joins = otherTraitJoins(others);
  const answer = audience.returning === undefined ? '' : ANSWER_ROW;
  const rest = suffix([
    ...otherTraitConditions(others),
    ...segmentConditions(filters, 'd'),
    ...returningOf(audience, 'r'),
  ]);
  return {
    from: `response_traits AS d${index}${joins}${answer}`,
    where:
      'd.site_id = ? AND d.key = ? AND d.value = ? AND d.resolved_at IS NOT NULL ' +
      `AND d.${by} >= ? AND d.${by} < ?${rest.sql}`,
    params: [scope.siteId, t.key, t.value, scope.from, scope.to, ...rest.params],
  };
}

/** The value of trait `key` an answer `r` carried (null: none), for a grouping by it; one `?` (the key). */
export const answerTraitSql = (r: string) =>
  `(SELECT x.value FROM response_traits AS x WHERE x.site_id = ${r}.site_id AND x.display_id = ${r}.display_id AND x.key = ?)`;
