import type { AnswerSample, TraitFilter } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { MAX_SAMPLE_LEVEL } from '../lib/session-sample-level.js';

/**
 * How a read of an audience's answers may read them: `threshold`, the most answers of its driving
 * trait in the range it reads in full before it reads a fixed sample instead; `exact` reads them
 * all whatever their number (the funnels' sampling, features/funnels/funnel-store.ts).
 */
export interface AnswerSampling {
  exact: boolean;
  threshold: number;
}

/** The levels a read at `level` takes (`level` to the deepest), for `sample_level IN (…)`. */
export const levelsFrom = (level: number): string =>
  Array.from({ length: MAX_SAMPLE_LEVEL - level + 1 }, (_, i) => level + i).join(', ');

/**
 * The lowest level whose sample (the answers at that level or deeper, a 2^-level share, by a hash
 * of the answer id) holds at most `threshold` of the rows of `table` that `key` (its `?` taking
 * `keyParams`) selects in [from, to): 0 (every answer) while they all number at most `threshold`,
 * the deepest when even that one has more. Counted in the table's (key, sample_level, created_at)
 * index alone, from the deepest level up, and stopped as soon as the count passes the threshold,
 * as funnel-sample-level.ts does for the funnels.
 */
function lowestLevelWithin(
  db: Database.Database,
  table: 'response_traits' | 'responses',
  key: string,
  keyParams: readonly string[],
  from: number,
  to: number,
  threshold: number,
): number {
  const count = db
    .prepare(`SELECT count(*) FROM ${table} WHERE ${key} AND sample_level = ? AND created_at >= ? AND created_at < ?`)
    .pluck();
  let answers = 0;
  for (let level = MAX_SAMPLE_LEVEL; level >= 0; level--) {
    answers += Number(count.get(...keyParams, level, from, to));
    if (answers > threshold) return Math.min(level + 1, MAX_SAMPLE_LEVEL);
  }
  return 0;
}

/** The sample level a read of the answers carrying trait `t` in [from, to) takes, counted in response_traits. */
export const answerSampleLevel = (
  db: Database.Database,
  siteId: string,
  t: TraitFilter,
  from: number,
  to: number,
  threshold: number,
): number =>
  lowestLevelWithin(
    db,
    'response_traits',
    'site_id = ? AND key = ? AND value = ?',
    [siteId, t.key, t.value],
    from,
    to,
    threshold,
  );

/**
 * The sample level a read of every answer of [from, to) takes, for an audience without a trait to
 * drive it: counted over the range's answers, whoever gave them, in responses_site_sample.
 */
export const rangeAnswerSampleLevel = (
  db: Database.Database,
  siteId: string,
  from: number,
  to: number,
  threshold: number,
): number => lowestLevelWithin(db, 'responses', 'site_id = ?', [siteId], from, to, threshold);

/** What a read at `level` says of its sample (`answers`: the audience's in it, before scaling); none at level 0. */
export const answerSample = (level: number, answers: number): AnswerSample | undefined =>
  level === 0 ? undefined : { rate: 2 ** -level, answers };
